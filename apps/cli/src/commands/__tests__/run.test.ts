import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@skippy/io/db';
import { runCommand } from '../run.ts';
import { runInProcess } from './cliHarness.ts';

const inProcess = runInProcess;

const dir = mkdtempSync(join(tmpdir(), 'skippy-run-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train run --config PATH [--json] [--out DIR] [--store --home DIR]', () => {
  it('runs the tiny synthetic experiment: one JSON object, artifacts written, run stored', async () => {
    const cfg = join(dir, 'tiny.yml');
    writeFileSync(cfg, 'name: tiny\ndata:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const home = join(dir, 'home');
    const r = await inProcess(runCommand, '--config', cfg, '--json', '--store', '--home', home);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { run_id: string; name: string; verdict: string; stages: { stage: string; status: string }[]; folds: unknown[]; artifacts: string[] };
    expect(j.name).toBe('tiny');
    expect(['go', 'no-go', 'inconclusive']).toContain(j.verdict);
    expect(j.stages.map((s) => s.status)).toEqual(Array(9).fill('done'));
    expect(j.folds).toHaveLength(3);
    expect(j.artifacts.sort()).toEqual(['equity.parquet', 'predictions.parquet', 'trades.parquet']);
    expect(readdirSync(join(home, 'runs', j.run_id)).sort()).toEqual(['equity.parquet', 'predictions.parquet', 'report.json', 'trades.parquet']);
    const db = openDatabase(join(home, 'skippy.db'));
    expect(db.getRun(j.run_id)).toMatchObject({ status: 'done', name: 'tiny' });
    expect(db.getMetrics(j.run_id).trades).toBeGreaterThanOrEqual(0);
    db.close();
  });

  it('an ablation run lists its variants and the ablation lift in JSON and text', async () => {
    const cfg = join(dir, 'ablation.yml');
    writeFileSync(cfg, 'name: abl\ndata:\n  synthetic: { days: 2 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nhpo:\n  ablation: { enabled: true, feature_sets: [price, price+derivatives] }\n');
    const r = await inProcess(runCommand, '--config', cfg, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { n_trials: number; variants: { rows: { name: string; kind: string; base: boolean; features: string[] }[]; lift: { added: string; statement: string }[] } };
    expect(j.n_trials).toBe(3 * 3 + 2);
    expect(j.variants.rows.map((x) => [x.name, x.kind, x.base])).toEqual([['base', 'base', true], ['price', 'ablation', false], ['price+derivatives', 'ablation', false]]);
    expect(j.variants.rows[2].features.slice(-3)).toEqual(['funding_rate_delta', 'oi_delta', 'sentiment']);
    expect(j.variants.lift.map((l) => l.added)).toEqual(['derivatives']);
    const t = await inProcess(runCommand, '--config', cfg);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/variants: ablation of 2 feature sets/);
    expect(t.stdout).toMatch(/lift derivatives: out-of-fold Sharpe/);
    // a variant the data cannot support names itself (tier 3 needs more than a day of warm-up)
    writeFileSync(cfg, 'data:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\nhpo:\n  ablation: { enabled: true, feature_sets: [price+derivatives] }\n');
    const bad = await inProcess(runCommand, '--config', cfg);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n').pop()).toBe('skippy-train run: hpo.ablation variant "price+derivatives" (data): at least 6 labelled samples with finite features, got "0 samples"');
  });

  it('a bad config exits 2 with the key path on one line', async () => {
    const cfg = join(dir, 'bad.yml');
    writeFileSync(cfg, 'evaluation:\n  horizon: 7\n');
    const r = await inProcess(runCommand, '--config', cfg);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('skippy-train run: evaluation.horizon: expected one of labels.max_holding_periods (10, 20, 50), got 7');
  });
});
