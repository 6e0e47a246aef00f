import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../run.ts';
import { paperCommand } from '../paper.ts';
import { expectOneLineError, runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-paper-cli-'));
const out = join(dir, 'run');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PaperJson { run_id: string; config_hash: string; bars: number; fills: number; fill_mismatches: number | null; reached_end: boolean; drift: { paper: { equity: number }; backtest: { equity: number }; flags: string[] } | null; equity: number }

beforeAll(async () => {
  const cfg = join(dir, 'tiny.yml');
  writeFileSync(cfg, 'name: tiny\ndata:\n  synthetic: { days: 1 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
  const r = await runInProcess(runCommand, '--config', cfg, '--json', '--out', out);
  expect(r.code).toBe(0);
}, 120_000);

describe('skippy-train paper start', () => {
  it('run --out writes frozen.json; paper start --run-dir DIR --speed max --until-end replays the last window with fill_mismatches 0', async () => {
    expect(existsSync(join(out, 'frozen.json'))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { configHash: string; runId: string };
    const r = await runInProcess(paperCommand, 'start', '--run-dir', out, '--speed', 'max', '--until-end', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as PaperJson;
    expect(j.config_hash).toBe(report.configHash);
    expect(j.run_id).toBe(report.runId);
    expect(j.reached_end).toBe(true);
    expect(j.bars).toBeGreaterThan(50);
    expect(j.fill_mismatches).toBe(0);
    expect(j.drift!.flags).toEqual([]);
    expect(j.drift!.paper.equity).toBe(j.drift!.backtest.equity);
  }, 60_000);

  it('--state FILE persists the session; a second start resumes it (nothing lost, nothing replayed twice)', async () => {
    const state = join(dir, 'session.json');
    const a = await runInProcess(paperCommand, 'start', '--run-dir', out, '--speed', 'max', '--until-end', '--json', '--state', state);
    expect(a.code, a.stderr).toBe(0);
    const b = await runInProcess(paperCommand, 'start', '--run-dir', out, '--speed', 'max', '--until-end', '--json', '--state', state);
    expect(b.code, b.stderr).toBe(0);
    const ja = JSON.parse(a.stdout) as PaperJson, jb = JSON.parse(b.stdout) as PaperJson;
    expect(jb.bars).toBe(ja.bars);
    expect(jb.fills).toBe(ja.fills);
    expect(jb.equity).toBe(ja.equity);
    expect(jb.fill_mismatches).toBe(0);
  }, 60_000);

  it('bad input is one line and exit 2: no frozen model, unsafe run id, a replay file that does not parse or of another interval, a bad speed, an unreachable exchange', async () => {
    const noFrozen = join(dir, 'nofrozen');
    mkdirSync(noFrozen);
    copyFileSync(join(out, 'report.json'), join(noFrozen, 'report.json'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'this is not,a bar file\n1,2\n');
    const fiveMin = join(dir, 'BTC-5m.csv');
    writeFileSync(fiveMin, 'ts,open,high,low,close,volume\n' + Array.from({ length: 20 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 300_000},1,1,1,1,1`).join('\n') + '\n');
    const cases: [string[], RegExp][] = [
      [['start', '--run-dir', noFrozen], /the run has no frozen model/],
      [['start', '--run', '../etc'], /--run: a run id of letters/],
      [['start'], /--run: the id of a finished run/],
      [['start', '--run-dir', out, '--replay-file', bad], /bad\.csv|replay/],
      [['start', '--run-dir', out, '--replay-file', fiveMin], /--replay-file: /],
      [['start', '--run-dir', out, '--speed', '5000'], /--speed: a replay speed from 1 to 1000/],
      [['start', '--run-dir', out, '--feed', 'live', '--exchange-url', 'http://127.0.0.1:9'], /--exchange-url: a reachable binance API/],
      [['halt'], /paper: a subcommand: start, status or stop/],
    ];
    for (const [args, msg] of cases) {
      expectOneLineError(await runInProcess(paperCommand, ...args), msg, args.join(' '));
    }
  }, 60_000);
});
