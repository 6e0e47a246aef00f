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
    const j = JSON.parse(r.stdout) as {
      run_id: string; name: string; verdict: string; verdict_summary: string; gates: { failed: string[]; passed: string[]; not_computable: string[] };
      reasons: { check: string; passed: boolean }[]; headline: { sharpe: number | null; oosBars: number };
      protocol: { oos_start: number; oos_bars: number; flat_bars: number; windows: number };
      baselines: { name: string; sharpe: number | null; max_drawdown: number | null; total_return: number | null }[]; warnings: string[];
      stages: { stage: string; status: string }[]; folds: unknown[]; artifacts: string[];
    };
    expect(j.name).toBe('tiny');
    expect(['go', 'no-go', 'inconclusive']).toContain(j.verdict);
    expect(j.verdict_summary).toMatch(/^(GO|NO-GO|INCONCLUSIVE)/);
    expect(j.gates.failed).toEqual(j.reasons.filter((x) => x.passed === false).map((x) => x.check));
    expect(j.gates.failed.length + j.gates.passed.length + j.gates.not_computable.length).toBe(j.reasons.length);
    expect(j.protocol.oos_bars).toBe(j.headline.oosBars);
    expect(j.protocol.oos_bars).toBeGreaterThan(0);
    expect(j.protocol.flat_bars).toBeGreaterThan(0);
    expect(Number.isFinite(j.protocol.oos_start)).toBe(true);
    expect(j.baselines.map((b) => b.name)).toEqual(['buy_and_hold', 'primary_rule', 'random_entry']);
    for (const b of j.baselines) expect(Object.keys(b)).toEqual(expect.arrayContaining(['sharpe', 'max_drawdown', 'total_return']));
    expect(Array.isArray(j.warnings)).toBe(true);
    expect(j.stages.map((s) => s.status)).toEqual(Array(10).fill('done'));
    expect(j.folds).toHaveLength(3);
    expect(j.artifacts.sort()).toEqual(['equity.parquet', 'oos_returns.parquet', 'predictions.parquet', 'trades.parquet']);
    expect(readdirSync(join(home, 'runs', j.run_id)).sort()).toEqual(['equity.parquet', 'frozen.json', 'oos_returns.parquet', 'predictions.parquet', 'report.json', 'trades.parquet']);
    const db = openDatabase(join(home, 'skippy.db'));
    expect(db.getRun(j.run_id)).toMatchObject({ status: 'done', name: 'tiny' });
    expect(db.getMetrics(j.run_id).trades).toBeGreaterThanOrEqual(0);
    db.close();
    // the text summary: verdict summary, failed gates, out-of-sample span, the baselines beside the strategy
    const t = await inProcess(runCommand, '--config', cfg);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain(`  ${j.verdict_summary}\n`);
    expect(t.stdout).toContain(`  failed gates: ${j.gates.failed.length ? j.gates.failed.join(', ') : 'none'}\n`);
    expect(t.stdout).toMatch(new RegExp(`out of sample: from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ, ${j.protocol.oos_bars} bars \\(expanding walk-forward, ${j.protocol.windows} windows; flat for the first ${j.protocol.flat_bars} bars, before the first fit\\)`));
    expect(t.stdout).toMatch(/baseline\s+Sharpe\s+max DD\s+return\s+trades\n\s+Strategy .*\n\s+Buy and hold .*\n\s+MA\(\d+\) rule alone .*\n\s+Random entry /);
    if (j.warnings.length) expect(t.stdout).toContain(`warnings:\n  ! ${j.warnings[0]}`);
  });

  it('a feature tier whose data the source lacks is refused before the run: one line, exit 2', async () => {
    const cfg = join(dir, 'nofunding.yml');
    writeFileSync(cfg, 'data:\n  synthetic: { days: 1 }\n  sources: { funding: false }\nfeatures:\n  derivatives: { enabled: true }\nevaluation:\n  n_splits: 3\n');
    const r = await inProcess(runCommand, '--config', cfg, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('skippy-train run: features.derivatives: the derivatives tier needs funding rates for BTC and ETH (for the funding-rate change), but the synthetic market generates it only when data.sources.funding is on, and it is off — switch it on or switch the derivatives tier off\n');
  });

  it('an ablation run lists its variants and the ablation lift in JSON and text', async () => {
    const cfg = join(dir, 'ablation.yml');
    writeFileSync(cfg, 'name: abl\ndata:\n  synthetic: { days: 2 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nhpo:\n  ablation: { enabled: true, feature_sets: [price, price+derivatives] }\n');
    const r = await inProcess(runCommand, '--config', cfg, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { n_trials: number; variants: { rows: { name: string; kind: string; base: boolean; features: string[] }[]; lift: { added: string; statement: string }[] } };
    expect(j.n_trials).toBe(3 + 2); // 3 decision thresholds + 2 ablation variants
    expect(j.variants.rows.map((x) => [x.name, x.kind, x.base])).toEqual([['base', 'base', true], ['price', 'ablation', false], ['price+derivatives', 'ablation', false]]);
    expect(j.variants.rows[2].features.slice(-3)).toEqual(['funding_rate_delta', 'oi_delta', 'sentiment']);
    expect(j.variants.lift.map((l) => l.added)).toEqual(['derivatives']);
    const t = await inProcess(runCommand, '--config', cfg);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/variants: ablation of 2 feature sets/);
    expect(t.stdout).toMatch(/lift derivatives: walk-forward out-of-sample Sharpe/);
    // a variant whose data the source lacks is refused before the run, naming the feature set
    writeFileSync(cfg, 'data:\n  synthetic: { days: 1 }\n  sources: { funding: false }\nevaluation:\n  n_splits: 3\nhpo:\n  ablation: { enabled: true, feature_sets: [price+derivatives] }\n');
    const bad = await inProcess(runCommand, '--config', cfg);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n').pop()).toBe('skippy-train run: hpo.ablation.feature_sets[0]: the feature set "price+derivatives": the derivatives tier needs funding rates for BTC and ETH (for the funding-rate change), but the synthetic market generates it only when data.sources.funding is on, and it is off — switch it on or remove it from the feature set ("price+derivatives")');
  });

  it('a bad config exits 2 with the key path on one line', async () => {
    const cfg = join(dir, 'bad.yml');
    writeFileSync(cfg, 'evaluation:\n  horizon: 7\n');
    const r = await inProcess(runCommand, '--config', cfg);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('skippy-train run: evaluation.horizon: expected one of labels.max_holding_periods (10, 20, 50), got 7');
  });
});
