import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import type { RunProgress } from '../../reports/types.ts';
import { runExperiment, isRunCancelledError } from '../index.ts';
import { gbmBars } from './fixtures.ts';

function tinyConfig(extra: Record<string, unknown> = {}): ExperimentConfig {
  const r = validateConfig({ features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 }, ...extra });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}
const inputs = () => ({ source: 'synthetic' as const, bars: { BTC: gbmBars('BTC', 1500, 1), ETH: gbmBars('ETH', 1500, 2) } });
let clock = 0;
const now = () => (clock += 1);

describe('runExperiment(config, inputs, {now, onProgress, signal})', () => {
  it('runs every stage and streams folds and equity points, ending at 100 %', async () => {
    const events: RunProgress[] = [];
    const { report, tables } = await runExperiment(tinyConfig(), inputs(), { now, runId: 'r1', onProgress: (e) => events.push(e), equityChunk: 100 });
    expect(report.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
      'data:done', 'qc:done', 'features:done', 'labels:done', 'cv:done', 'walkforward:done', 'backtest:done', 'metrics:done', 'overfitting:done', 'report:done',
    ]);
    expect(report.folds!.folds).toHaveLength(3);
    expect(events.filter((e) => e.partial?.fold).map((e) => e.partial!.fold!.index)).toEqual([0, 1, 2]);
    // live equity: points stream during the walk-forward stage (after the first window), in time order,
    // and every streamed point lies exactly on the final costed equity curve (the backtest is causal)
    const streamed = events.flatMap((e) => e.partial?.equityPoints ?? []);
    const firstEquity = events.findIndex((e) => e.partial?.equityPoints);
    expect(events[firstEquity].stage).toBe('walkforward');
    for (let i = 1; i < streamed.length; i++) expect(streamed[i].ts).toBeGreaterThan(streamed[i - 1].ts);
    const full = new Map<number, number>();
    const ets = tables.equity.ts as Float64Array, eq = tables.equity.equity as Float64Array;
    for (let i = 0; i < ets.length; i++) full.set(ets[i], eq[i]);
    for (const p of streamed) expect(p.equity).toBe(full.get(p.ts));
    expect(report.headline.trades).toBeGreaterThan(0);
    expect(new Set(streamed.map((p) => p.equity)).size).toBeGreaterThan(10);
    expect(streamed[0].ts).toBe(ets[0]);
    expect(streamed[streamed.length - 1].ts).toBe(ets[ets.length - 1]);
    expect(streamed.length).toBeLessThanOrEqual(2000 + 3 * 3);
    for (let i = 1; i < events.length; i++) expect(events[i].percent).toBeGreaterThanOrEqual(events[i - 1].percent);
    expect(events[events.length - 1].percent).toBe(100);
    expect(events.every((e) => e.runId === 'r1')).toBe(true);
    // sizes add up
    const f0 = report.folds!.folds[0];
    expect(f0.trainSize + f0.testSize + f0.purged + f0.embargoed + f0.purgedMargin).toBe(report.folds!.samples);
    expect(tables.equity.equity.length).toBe(report.equity!.points);
    expect(tables.predictions.prob.length).toBe(report.folds!.samples);
    // the family: one column per configuration tried (the base config at each decision threshold)
    expect(report.overfitting!.nTrials).toBe(3);
    // walk-forward protocol: flat before the first fit, windows in order, training strictly before testing
    const pr = report.protocol!;
    expect(pr.equity).toBe('walk_forward');
    expect(pr.flatBars).toBe(Math.floor(1500 * 0.4));
    expect(pr.windows).toHaveLength(6);
    const pos = Object.keys(tables.equity).filter((k) => k.startsWith('position_')).map((k) => tables.equity[k] as Float64Array);
    for (const p of pos) for (let t = 0; t <= pr.flatBars; t++) expect(p[t]).toBe(0);
    const fold = tables.predictions.fold as Int32Array, t0 = tables.predictions.t0 as Float64Array;
    for (let i = 0; i < fold.length; i++) if (t0[i] < pr.firstTestTs) expect(fold[i]).toBe(-1);
    expect(report.baselines!.map((b) => b.name)).toEqual(['buy_and_hold', 'primary_rule', 'random_entry']);
    expect(report.verdict.reasons.map((r) => r.check)).toEqual(['sharpe_vs_baseline', 'drawdown_vs_baseline', 'is_oos_consistency', 'execution_realism', 'dsr', 'pbo', 'min_trades']);
    expect(report.headline.oosBars).toBe(1500 - pr.flatBars);
    expect(report.overfitting!.combinations).toBe(70); // C(8, 4)
    expect(report.headline.pbo).toBe(report.overfitting!.pbo);
    expect(report.headline.psr).toBeGreaterThanOrEqual(0);
    expect(report.headline.psr).toBeLessThanOrEqual(1);
    expect(report.headline.dsr).toBe(report.overfitting!.dsr);
    // DSR deflates: it never exceeds PSR against 0 when the benchmark SR0 is positive
    if (report.overfitting!.sharpeBenchmark! > 0) expect(report.headline.dsr!).toBeLessThanOrEqual(report.headline.psr!);
    expect(['go', 'no-go', 'inconclusive']).toContain(report.verdict.decision);
    expect(report.dataset.bars).toEqual({ BTC: 1500, ETH: 1500 });
    expect(report.dataset.qc!.map((q) => [q.symbol, q.gaps, q.duplicates])).toEqual([['BTC', 0, 0], ['ETH', 0, 0]]);
    expect(JSON.parse(JSON.stringify(report)).configHash).toBe(report.configHash);
  });

  it.each([
    ['walk_forward', { method: 'walk_forward', n_splits: 3, cscv_partitions: 8 }],
    ['cpcv', { method: 'cpcv', cpcv: { groups: 4, test_groups: 2 }, cscv_partitions: 8 }],
  ])('scores with the %s scheme (Folds table); the equity stays walk-forward and streamed points lie on the final curve', async (_name, evaluation) => {
    const events: RunProgress[] = [];
    const { report, tables } = await runExperiment(tinyConfig({ evaluation }), inputs(), { now, onProgress: (e) => events.push(e) });
    expect(report.folds!.scheme).toBe((evaluation as { method: string }).method);
    expect(report.folds!.folds.length).toBe((evaluation as { method: string }).method === 'cpcv' ? 6 : 3);
    const full = new Map<number, number>();
    const ets = tables.equity.ts as Float64Array, eq = tables.equity.equity as Float64Array;
    for (let i = 0; i < ets.length; i++) full.set(ets[i], eq[i]);
    const streamed = events.flatMap((e) => e.partial?.equityPoints ?? []);
    expect(streamed.length).toBeGreaterThan(0);
    for (const p of streamed) expect(p.equity).toBe(full.get(p.ts));
    // every sample with a prediction was predicted by exactly one walk-forward window (the one recorded)
    const fold = tables.predictions.fold as Int32Array, prob = tables.predictions.prob as Float64Array;
    for (let i = 0; i < fold.length; i++) expect(fold[i] >= 0).toBe(Number.isFinite(prob[i]));
    expect(report.protocol!.equity).toBe('walk_forward');
    const paths = report.folds!.paths;
    if ((evaluation as { method: string }).method === 'cpcv') {
      // φ = k/N·C(N, k) = 2/4·6 = 3 paths; quantiles ordered at every point; one Sharpe per path
      expect(paths!.paths).toBe(3);
      expect(paths!.sharpe).toHaveLength(3);
      for (let k = 0; k < paths!.ts.length; k++) { expect(paths!.q05[k]).toBeLessThanOrEqual(paths!.q50[k]); expect(paths!.q50[k]).toBeLessThanOrEqual(paths!.q95[k]); }
    } else expect(paths).toBeNull();
  });

  it('is deterministic: same config and data → same report numbers', async () => {
    const a = await runExperiment(tinyConfig(), inputs(), { now: () => 0 });
    const b = await runExperiment(tinyConfig(), inputs(), { now: () => 0 });
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
  });

  it('stops with RunCancelledError when the signal aborts mid-run', async () => {
    const signal = { aborted: false };
    const stagesSeen: string[] = [];
    const run = runExperiment(tinyConfig(), inputs(), {
      now, signal, onProgress: (e) => { stagesSeen.push(e.stage); if (e.partial?.fold) signal.aborted = true; },
    });
    await expect(run).rejects.toSatisfy(isRunCancelledError);
    expect(stagesSeen).not.toContain('walkforward');
  });

  it('names the key path when the data does not fit the config', async () => {
    await expect(runExperiment(tinyConfig({ data: { symbols: ['BTC', 'SOL'] } }), inputs(), { now })).rejects.toThrow(/data\.symbols: .*got "SOL"/);
  });
});
