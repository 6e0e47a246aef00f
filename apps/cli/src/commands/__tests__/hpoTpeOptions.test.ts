/**
 * hpo:optuna --multivariate / --group: flag parsing, the bad combination (one line, exit 2), the options stored with
 * the study (a resume with other settings is refused, nothing lost), and that they reach the sampler: the CLI's trial
 * sequence equals the core engine's with the same sampler options and seed (and differs from the one without group).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStorage, localTrialQueue, openStudy, runTrials, validateSearchSpace } from '@skippy/core/hpo';
import type { SamplerConfig, TrialRecord } from '@skippy/core/hpo';
import { hpoCommand, hpoShowCommand } from '../hpo.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-hpo-tpe-opts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

// x and y exist only when kind = b (conditional): with group they are one joint group, without it each is sampled alone
const SPACE_YAML = 'kind: {choices: [a, b]}\nx: {type: float, low: 0, high: 1, when: {param: kind, in: [b]}}\ny: {type: float, low: 0, high: 1, when: {param: kind, in: [b]}}\n';
const score = (p: Record<string, unknown>) => (p.kind === 'a' ? 1 : Math.abs((p.x as number) - (p.y as number)));
const spaceFile = file('space.yml', SPACE_YAML);
const script = file('score.js', "let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{const p=JSON.parse(s);console.log(p.kind==='a'?1:Math.abs(p.x-p.y))})");
const cmd = `${process.execPath} ${script}`;
const N = 14;

/** The same study driven by core directly: memory storage, same space, sampler options and seed. */
async function coreTrials(sampler: SamplerConfig, seed: number): Promise<TrialRecord[]> {
  const storage = createMemoryStorage();
  const study = openStudy(storage, { name: 's', directions: ['minimize'], space: validateSearchSpace({ kind: { choices: ['a', 'b'] }, x: { type: 'float', low: 0, high: 1, when: { param: 'kind', in: ['b'] } }, y: { type: 'float', low: 0, high: 1, when: { param: 'kind', in: ['b'] } } }), sampler, pruner: { kind: 'none' }, seed, objective: 'core' }, { now: 0 });
  await runTrials(localTrialQueue(study, { nTrials: N, now: () => 0 }), (t) => score(t.params));
  return study.trials();
}

describe('hpo:optuna --multivariate / --group', () => {
  it.each([
    [['--group'], /^skippy-train hpo:optuna: --group: requires --multivariate/],
    [['--multivariate', '--sampler', 'random'], /^skippy-train hpo:optuna: --multivariate: is a TPE option: expected --sampler tpe, got "random"$/],
    [['--multivariate', '--group', '--sampler', 'grid'], /^skippy-train hpo:optuna: --multivariate: is a TPE option/],
  ])('bad combination %j: one line, exit 2', async (args, re) => {
    const r = await runInProcess(hpoCommand, '--objective', 'bench:branin', '--trials', '2', ...args, '--home', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(re);
  });

  it('the options reach the sampler: the trial sequence equals core TPE with {multivariate, group} and the same seed', async () => {
    const home = join(dir, 'h1');
    const r = await runInProcess(hpoCommand, '--objective-cmd', cmd, '--space', spaceFile, '--study', 'g', '--multivariate', '--group', '--pruner', 'none', '--trials', String(N), '--seed', '3', '--home', home, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { sampler: SamplerConfig; trials: { params: Record<string, unknown>; value: number; state: string }[] };
    expect(j.sampler).toEqual({ kind: 'tpe', multivariate: true, group: true });
    expect(j.trials.every((t) => t.state === 'complete')).toBe(true);
    const grouped = await coreTrials({ kind: 'tpe', multivariate: true, group: true }, 3);
    expect(j.trials.map((t) => t.params)).toEqual(grouped.map((t) => t.params));
    expect(j.trials.map((t) => t.value)).toEqual(grouped.map((t) => t.values![0]));
    // the options matter on this space: after the 10 random start-up trials the sequence without group differs
    const plain = await coreTrials({ kind: 'tpe' }, 3);
    expect(plain.slice(0, 10).map((t) => t.params)).toEqual(grouped.slice(0, 10).map((t) => t.params));
    expect(plain.map((t) => t.params)).not.toEqual(grouped.map((t) => t.params));
  });

  it('kept with the study: resuming with the same flags continues; with other sampler settings: one line, exit 2, nothing lost', async () => {
    const home = join(dir, 'h2');
    const base = ['--objective-cmd', cmd, '--space', spaceFile, '--study', 'kept', '--pruner', 'none', '--seed', '1', '--home', home];
    expect((await runInProcess(hpoCommand, ...base, '--multivariate', '--group', '--trials', '2')).code).toBe(0);
    const r = await runInProcess(hpoCommand, ...base, '--trials', '3');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toBe('skippy-train hpo:optuna: --study: study "kept" exists with different sampler settings (multivariate on, group on; asked: multivariate default, group off); give the same settings or choose another --study name, got "kept"');
    const again = await runInProcess(hpoCommand, ...base, '--multivariate', '--group', '--trials', '3', '--json');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { trials: unknown[] }).trials).toHaveLength(3);
    const show = await runInProcess(hpoShowCommand, '--study', 'kept', '--home', home, '--json');
    expect(JSON.parse(show.stdout)).toMatchObject({ sampler: { kind: 'tpe', multivariate: true, group: true } });
    expect((await runInProcess(hpoShowCommand, '--study', 'kept', '--home', home)).stdout).toMatch(/; sampler tpe \(multivariate on, group\), pruner none, seed 1\n/);
  });

  it('--help lists both flags', async () => {
    const r = await runInProcess(hpoCommand, '--help');
    expect(r.stdout).toMatch(/--multivariate/);
    expect(r.stdout).toMatch(/--group/);
  });
});
