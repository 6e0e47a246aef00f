import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@skippy/core';
import { sharedDataPath } from '@skippy/io';
import { purgedKFold, parseLabelsCsv, cscvPbo, sharpeRatio, returnStatistics } from '@skippy/core/eval';
import { labelsCommand } from '../labels.ts';
import { cvCommand } from '../cv.ts';
import { pboCommand } from '../pbo.ts';
import { statsCommand } from '../stats.ts';
import { jsonInProcess, spawnCli } from './cliHarness.ts';

const inProcess = jsonInProcess;

const cli = spawnCli;

let dir = '', labels = '', matrix = '', returns = '';
const T = 320, N = 6;
let m: Float64Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-eval-'));
  const rows = ['ts,open,high,low,close,volume'];
  let p = 100;
  for (let i = 0; i < 400; i++) {
    const c = p * (1 + 0.004 * Math.sin(i * 0.7) + 0.003 * Math.cos(i * 1.3));
    rows.push(`${1_700_000_000_000 + i * 60_000},${p},${Math.max(p, c) * 1.001},${Math.min(p, c) * 0.999},${c},1`);
    p = c;
  }
  const bars = join(dir, 'bars.csv');
  writeFileSync(bars, `${rows.join('\n')}\n`);
  labels = join(dir, 'labels.csv');
  const lab = await inProcess(labelsCommand, ['--input', bars, '--vol', 'atr:5', '--max-hold', '5,10', '--min-ret', '0', '--out', labels]);
  expect(lab.error).toBeUndefined();
  const rng = createRng(2);
  m = Float64Array.from({ length: T * N }, (_, i) => 0.01 * rng.normal() + (i % N === 2 ? 0.004 : 0));
  matrix = join(dir, 'matrix.csv');
  const lines = [['date', ...Array.from({ length: N }, (_, j) => `s${j}`)].join(',')];
  for (let t = 0; t < T; t++) lines.push([`2024-01-${t}`, ...Array.from(m.subarray(t * N, (t + 1) * N))].join(','));
  writeFileSync(matrix, `${lines.join('\n')}\n`);
  returns = join(dir, 'returns.csv');
  writeFileSync(returns, `ts,return\n${Array.from({ length: T }, (_, t) => `${t},${m[t * N + 2]}`).join('\n')}\n`);
});

describe('cvCommand (skippy-train cv)', () => {
  it('reads the labels stage CSV and returns the core splits in the documented JSON shape', async () => {
    const r = await inProcess(cvCommand, ['--labels', labels, '--horizon', '10', '--scheme', 'purged-kfold', '--splits', '4', '--embargo-pct', '0.02', '--purge-pct', '0.03']);
    const j = r.json as { n_samples: number; horizon: number; folds: { test: number[]; train: number[]; purged: number; embargoed: number; purged_margin: number }[] };
    const li = parseLabelsCsv(readFileSync(labels, 'utf8'), labels, 10);
    const ref = purgedKFold(li.t0, li.t1, { nSplits: 4, embargoPct: 0.02, purgePct: 0.03 });
    expect(j.n_samples).toBe(li.t0.length);
    expect(j.horizon).toBe(10);
    expect(j.folds.map((f) => f.test)).toEqual(ref.map((s) => [...s.test]));
    expect(j.folds.map((f) => f.train)).toEqual(ref.map((s) => [...s.train]));
    expect(j.folds.map((f) => [f.purged, f.embargoed, f.purged_margin])).toEqual(ref.map((s) => [s.purged, s.embargoed, s.purgedMargin]));
    expect(j.folds.reduce((a, f) => a + f.purged, 0)).toBeGreaterThan(0);
  });
  it('cpcv exposes the path assignment; walk-forward trains on the past; --canary passes', async () => {
    const c = (await inProcess(cvCommand, ['--labels', labels, '--horizon', '5', '--scheme', 'cpcv', '--groups', '5', '--test-groups', '2'])).json as { folds: unknown[]; n_paths: number; path_split: number[][] };
    expect(c.folds).toHaveLength(10);
    expect(c.n_paths).toBe(4);
    expect(c.path_split).toHaveLength(4);
    const w = (await inProcess(cvCommand, ['--labels', labels, '--horizon', '5', '--scheme', 'walk-forward', '--splits', '3'])).json as { folds: { test: number[]; train: number[] }[] };
    for (const f of w.folds) expect(Math.max(...f.train)).toBeLessThan(Math.min(...f.test));
    const k = (await inProcess(cvCommand, ['--labels', labels, '--horizon', '10', '--canary', '--seed', '3'])).json as { canary: { passed: boolean } };
    expect(k.canary.passed).toBe(true);
  });
  it('names the flag when the horizon is ambiguous (exit 2 from the binary)', async () => {
    expect((await inProcess(cvCommand, ['--labels', labels])).error).toBe('--horizon: is required: the file holds horizons 5, 10');
    const r = await cli(['cv', '--labels', labels, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--horizon');
  });
});

describe('pboCommand (skippy-train pbo)', () => {
  it('matches cscvPbo and writes the per-combination CSV columns', async () => {
    const out = join(dir, 'combos.csv');
    const j = (await inProcess(pboCommand, ['--input', matrix, '--partitions', '8', '--out', out])).json as { pbo: number; n_combinations: number; selected: Record<string, number> };
    const ref = cscvPbo(m, T, N, { partitions: 8 });
    expect(j.pbo).toBe(ref.pbo);
    expect(j.n_combinations).toBe(70);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('combo_id,is_blocks,best_is,oos_rank,w_bar,logit,is_sharpe,oos_sharpe');
    expect(csv).toHaveLength(71);
    expect(csv[1].startsWith('0,0 1 2 3,')).toBe(true);
    expect(csv[70].startsWith('69,4 5 6 7,')).toBe(true);
  });
});

describe('statsCommand (skippy-train stats)', () => {
  it('reports the core statistics, the DSR over the trials and a seeded bootstrap interval', async () => {
    const j = (await inProcess(statsCommand, ['--input', returns, '--trials', matrix, '--periods-per-year', '365', '--bootstrap', '300', '--seed', '5'])).json as Record<string, unknown>;
    const col = Float64Array.from({ length: T }, (_, t) => m[t * N + 2]);
    const trials = Float64Array.from({ length: N }, (_, k) => sharpeRatio(Float64Array.from({ length: T }, (_, t) => m[t * N + k])));
    const ref = returnStatistics(col, { periodsPerYear: 365, trialSharpes: trials, bootstrap: { seed: 5, resamples: 300 } });
    expect(j.sharpe).toBe(ref.sharpe);
    expect(j.psr).toBe(ref.psr);
    expect(j.min_track_record_length).toBe(ref.minTrackRecord);
    expect((j.dsr as { dsr: number; n_trials: number }).dsr).toBe(ref.deflated!.dsr);
    expect((j.dsr as { n_trials: number }).n_trials).toBe(N);
    expect((j.sharpe_ci as { lower: number }).lower).toBe(ref.sharpeCi!.lower);
    expect((await inProcess(statsCommand, ['--input', returns])).error).toContain('--periods-per-year');
  });
});

const btc = sharedDataPath('binance-spot-btc-5m-2019-11/BTC_USDT-5m.json.gz');
describe.runIf(btc)('cv --canary on real BTC 5m triple-barrier intervals (needs ../shared/data)', () => {
  it('passes: shuffled labels at chance, the overlap leak shows under a shuffled K-fold only', async () => {
    const out = join(dir, 'btc_labels.csv');
    const lab = await inProcess(labelsCommand, ['--input', btc!, '--vol', 'std:100', '--multiplier', '2', '--max-hold', '48', '--min-ret', '0.0005', '--out', out]);
    expect(lab.error).toBeUndefined();
    const j = (await inProcess(cvCommand, ['--labels', out, '--canary', '--seed', '7'])).json as {
      n_samples: number; folds: { purged: number }[];
      canary: { passed: boolean; overlapLeak: { shuffledKFoldAccuracy: number; purgedKFoldAccuracy: number }; shuffledLabels: { purgedAccuracy: number } };
    };
    expect(j.n_samples).toBeGreaterThan(30_000);
    expect(j.folds.every((f) => f.purged > 0)).toBe(true);
    expect(j.canary.passed).toBe(true);
    expect(j.canary.overlapLeak.shuffledKFoldAccuracy).toBeGreaterThan(0.7);
    expect(Math.abs(j.canary.overlapLeak.purgedKFoldAccuracy - 0.5)).toBeLessThan(0.05);
  });
});
