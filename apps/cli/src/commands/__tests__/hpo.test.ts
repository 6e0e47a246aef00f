import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpoCommand, hpoShowCommand } from '../hpo.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-hpo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('skippy-train hpo:optuna', () => {
  it('--objective bench:branin --json: the study object; resuming adds only the missing trials; hpo:show prints it', async () => {
    const home = join(dir, 'h1');
    const r = await runInProcess(hpoCommand, '--objective', 'bench:branin', '--trials', '12', '--seed', '1', '--home', home, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { study: string; best_value: number; best_params: Record<string, number>; trials: { number: number; state: string; value: number; params: object }[] };
    expect(j.study).toBe('bench-branin');
    expect(j.trials.map((t) => t.number)).toEqual([...Array(12).keys()]);
    expect(j.best_value).toBe(Math.min(...j.trials.map((t) => t.value)));
    expect(r.stderr).toMatch(/trial 12\/12 {2}best/);
    const r2 = await runInProcess(hpoCommand, '--objective', 'bench:branin', '--trials', '14', '--seed', '1', '--home', home, '--json');
    const j2 = JSON.parse(r2.stdout) as typeof j;
    expect(j2.trials).toHaveLength(14);
    expect(j2.trials.slice(0, 12).map((t) => t.params)).toEqual(j.trials.map((t) => t.params));
    const show = await runInProcess(hpoShowCommand, '--study', 'bench-branin', '--home', home);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/best value/);
    expect(show.stdout).toMatch(/importance \(random-forest MDI\)/);
  });

  it('--objective-cmd: params JSON on stdin, one number on stdout; a failing command fails its trial and keeps stderr', async () => {
    const home = join(dir, 'h2');
    const space = file('space.yml', 'x: {type: float, low: -2, high: 2}\nk: {choices: [a, b]}\n');
    const script = file('score.js', "let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{const p=JSON.parse(s);if(p.k==='b'&&p.x>1){console.error('bad region');process.exit(3)}console.log((p.x-0.5)**2)})");
    const r = await runInProcess(hpoCommand, '--objective-cmd', `${process.execPath} ${script}`, '--space', space, '--trials', '12', '--sampler', 'random', '--seed', '4', '--parallel', '3', '--home', home, '--json', '--export', join(dir, 'best.yml'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { trials: { state: string; params: { x: number; k: string }; error: string | null }[] };
    expect(j.trials).toHaveLength(12);
    for (const t of j.trials) expect(t.state).toBe(t.params.k === 'b' && t.params.x > 1 ? 'failed' : 'complete');
    const failed = j.trials.find((t) => t.state === 'failed');
    if (failed) expect(failed.error).toMatch(/exited with 3; stderr: bad region/);
    expect(readFileSync(join(dir, 'best.yml'), 'utf8')).toMatch(/^x: /m);
  });

  it.each([
    [['--objective-cmd', 'true', '--space', 'SPACE:x: {type: float, low: 1, high: 1}'], /--space.x: expected low < high/],
    [['--objective-cmd', 'true', '--space', 'SPACE:x: {type: float, low: 0, high: 1, log: true}'], /--space.x.low: expected a positive lower bound on a log scale/],
    [['--objective-cmd', 'true', '--space', 'SPACE:x: {choices: [1]}'], /--space.x.choices: expected at least two choices/],
    [['--space', 'SPACE:models.primary.nope: {type: float, low: 0, high: 1}'], /--space.models.primary.nope: expected a dotted path to an existing config setting/],
    [['--objective', 'bench:nope'], /--objective: expected one of bench:branin/],
    [['--objective', 'bench:branin', '--trials', '0'], /--trials: expected a positive integer/],
  ])('bad input %j: one line, exit 2', async (args, re) => {
    const a = args.map((x) => (x.startsWith('SPACE:') ? file(`space-${seq++}.yml`, x.slice(6)) : x));
    const r = await runInProcess(hpoCommand, ...a, '--home', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(re);
  });

  it('a study name that exists with a different space: exit 2, nothing lost', async () => {
    const home = join(dir, 'h3');
    const s1 = file('a.yml', 'x: {type: float, low: 0, high: 1}\n'), s2 = file('b.yml', 'x: {type: float, low: 0, high: 2}\n');
    expect((await runInProcess(hpoCommand, '--objective-cmd', 'echo 1', '--space', s1, '--study', 'same', '--trials', '2', '--home', home)).code).toBe(0);
    const r = await runInProcess(hpoCommand, '--objective-cmd', 'echo 1', '--space', s2, '--study', 'same', '--trials', '2', '--home', home);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/study "same" exists with a different search space/);
    const show = await runInProcess(hpoShowCommand, '--study', 'same', '--home', home, '--json');
    expect((JSON.parse(show.stdout) as { trials: unknown[] }).trials).toHaveLength(2);
  });
});
