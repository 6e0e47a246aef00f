import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import { enabledFeatureNames, featureSetConfig } from '../../features/index.ts';
import type { RunProgress } from '../../reports/types.ts';
import { runExperiment, syntheticInputs } from '../index.ts';
import { hpoPoints } from '../variants.ts';

const SETS = ['price', 'price+microstructure', 'price+microstructure+derivatives'];

function config(extra: Record<string, unknown>): ExperimentConfig {
  const r = validateConfig({ data: { synthetic: { days: 2 } }, evaluation: { n_splits: 3, cscv_partitions: 8 }, ...extra });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}
const run = (c: ExperimentConfig, onProgress?: (e: RunProgress) => void) => runExperiment(c, syntheticInputs(c), { now: () => 0, ...(onProgress ? { onProgress } : {}) });

describe('runExperiment with hpo.ablation (feature-set variants)', () => {
  it('evaluates each feature set with exactly its features; the variants join the PBO family and the DSR trials', async () => {
    const c = config({ hpo: { ablation: { enabled: true, feature_sets: SETS } } });
    const events: RunProgress[] = [];
    const { report } = await run(c, (e) => events.push(e));
    const v = report.variants!;
    const thresholds = c.models.decision_thresholds.length;
    // family = the base config at each threshold + one column per feature set
    expect(report.overfitting!.nTrials).toBe(thresholds + 3);
    expect(report.overfitting!.variants).toHaveLength(thresholds + 3);
    expect(report.overfitting!.family).toMatch(/^3 decision thresholds \+ 3 variants/);
    const ablation = v.rows.filter((r) => r.kind === 'ablation');
    expect(ablation.map((r) => r.name)).toEqual(SETS);
    for (const r of ablation) {
      expect(r.features).toEqual(enabledFeatureNames(featureSetConfig(r.name, c.features)));
      // its CSCV column is the one named after it, with the same Sharpe
      expect(report.overfitting!.variants[r.id!]).toMatchObject({ label: `ablation: ${r.name}`, featureSet: r.name, sharpe: r.sharpe });
      expect(r.sharpeAnnualized).toBeCloseTo(r.sharpe! * Math.sqrt(report.headline.periodsPerYear), 9);
      expect(r.trades).toBeGreaterThan(0);
    }
    expect(ablation[0].features).toEqual(['ret_1', 'ret_5', 'ret_20', 'atr_20', 'zscore_5', 'zscore_20', 'mom_10']);
    expect(ablation[2].features.slice(-3)).toEqual(['funding_rate_delta', 'oi_delta', 'sentiment']);
    // the default features are price+microstructure: that variant IS the base (no extra base row)
    expect(v.rows.map((r) => r.isBase)).toEqual([false, true, false]);
    expect(ablation[1].oosAccuracy).toBe(report.headline.oosAccuracy);
    expect(v.rows.filter((r) => r.isBest)).toHaveLength(1);
    const best = v.rows.find((r) => r.isBest)!;
    for (const r of v.rows) expect(r.sharpe!).toBeLessThanOrEqual(best.sharpe!);
    // lifts: set i over set i − 1
    expect(v.lift.map((l) => [l.from, l.to, l.added])).toEqual([[SETS[0], SETS[1], 'microstructure'], [SETS[1], SETS[2], 'derivatives']]);
    expect(v.lift[1].sharpeDiff).toBeCloseTo(ablation[2].sharpe! - ablation[1].sharpe!, 12);
    expect(v.lift[1].psrOfDifference).toBeGreaterThanOrEqual(0);
    expect(v.lift[1].statement).toMatch(/^derivatives: walk-forward out-of-sample Sharpe [+-]\d\.\d{3} per bar .* vs price\+microstructure; PSR of the difference \d\.\d{3}.*DSR is \d\.\d{3} over 6 trials/);
    expect(v.note).toMatch(/backtest, headline metrics and verdict use the base config/);
    // one progress event per variant, percent never going back
    expect(events.filter((e) => /^variant \d\/3: /.test(e.message ?? '')).map((e) => e.message!.split(':')[0])).toEqual(['variant 1/3', 'variant 2/3', 'variant 3/3']);
    for (let i = 1; i < events.length; i++) expect(events[i].percent).toBeGreaterThanOrEqual(events[i - 1].percent);
    // DSR variance is over every trial's Sharpe, variants included
    const sh = report.overfitting!.variants.map((x) => x.sharpe!).filter((x) => x !== null);
    const m = sh.reduce((a, b) => a + b, 0) / sh.length;
    expect(report.overfitting!.trialSharpeVariance).toBeCloseTo(sh.reduce((a, b) => a + (b - m) ** 2, 0) / (sh.length - 1), 14);
  });

  it('is deterministic: same config and seed → same variant metrics', async () => {
    const c = config({ hpo: { ablation: { enabled: true, feature_sets: ['price', 'price+derivatives'] } } });
    const a = await run(c);
    const b = await run(c);
    expect(JSON.stringify(b.report.variants)).toBe(JSON.stringify(a.report.variants));
    expect(b.report.overfitting!.pbo).toBe(a.report.overfitting!.pbo);
    // a base row is added when no variant equals the base config
    expect(a.report.variants!.rows[0]).toMatchObject({ name: 'base', kind: 'base', id: null, isBase: true, differs: '' });
  });
});

describe('runExperiment with hpo (hyper-parameter variants)', () => {
  it('grid: the full Cartesian product, each point one CSCV column, headline on the base config', async () => {
    const space = { 'models.primary.l2': [0.01, 100], 'evaluation.embargo_pct': [0, 0.05] };
    const c = config({ hpo: { enabled: true, sampler: { kind: 'grid' }, space } });
    const base = await run(config({}));
    const { report } = await run(c);
    const hpo = report.variants!.rows.filter((r) => r.kind === 'hpo');
    expect(hpo).toHaveLength(2 * 2);
    expect(hpo.map((r) => r.differs)).toEqual([
      'models.primary.l2 = 0.01; evaluation.embargo_pct = 0', 'models.primary.l2 = 0.01; evaluation.embargo_pct = 0.05',
      'models.primary.l2 = 100; evaluation.embargo_pct = 0', 'models.primary.l2 = 100; evaluation.embargo_pct = 0.05',
    ]);
    expect(report.overfitting!.nTrials).toBe(3 + 4);
    expect(report.headline.sharpe).toBe(base.report.headline.sharpe);
    expect(report.headline.oosAccuracy).toBe(base.report.headline.oosAccuracy);
    expect(new Set(hpo.map((r) => r.oosAccuracy)).size).toBeGreaterThan(1);
    for (const r of hpo) expect(report.overfitting!.variants[r.id!].sharpe).toBe(r.sharpe);
  });
});

describe('hpoPoints(space, sampler, seed)', () => {
  const space = { a: [1, 2, 3], b: ['x', 'y'] };
  it('grid: Cartesian product in key order, the last key fastest', () => {
    expect(hpoPoints(space, { kind: 'grid' }, 1)).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'x' }, { a: 3, b: 'y' },
    ]);
    expect(hpoPoints({}, { kind: 'grid' }, 1)).toEqual([]);
  });
  it('random: n_trials distinct grid points, the same for the same seed; the whole grid when n_trials ≥ its size', () => {
    const a = hpoPoints(space, { kind: 'random', n_trials: 4 }, 11);
    expect(a).toHaveLength(4);
    expect(new Set(a.map((p) => JSON.stringify(p))).size).toBe(4);
    expect(hpoPoints(space, { kind: 'random', n_trials: 4 }, 11)).toEqual(a);
    const grid = hpoPoints(space, { kind: 'grid' }, 0).map((p) => JSON.stringify(p));
    for (const p of a) expect(grid).toContain(JSON.stringify(p));
    expect(hpoPoints(space, { kind: 'random', n_trials: 50 }, 11)).toHaveLength(6);
  });
});

describe('validateConfig(hpo.space / hpo.ablation)', () => {
  const texts = (v: unknown) => { const r = validateConfig(v); return r.ok ? [] : r.issues.map((i) => i.text); };
  it('names the space path and the value index when a candidate fails the schema', () => {
    expect(texts({ hpo: { space: { 'models.primary.l2': [0.1, -1] } } })).toEqual(['hpo.space["models.primary.l2"][1]: expected a non-negative number, got -1']);
    expect(texts({ hpo: { space: { 'evaluation.horizon': [10, 7] } } })).toEqual(['hpo.space["evaluation.horizon"][1]: expected one of labels.max_holding_periods (10, 20, 50), got 7']);
  });
  it('rejects a path that is not a config setting, or one outside what a variant may change', () => {
    expect(texts({ hpo: { space: { 'models.primary.l3': [1] } } })).toEqual([
      'hpo.space["models.primary.l3"]: expected a dotted path to a config setting, such as models.primary.l2 (models.primary has no key "l3"; expected one of: kind, l2, max_iter, tol), got [1]',
    ]);
    expect(texts({ hpo: { space: { 'data.synthetic.days': [1] } } })[0]).toMatch(/^hpo\.space\["data\.synthetic\.days"\]: expected a dotted config path outside data, hpo, bench and name/);
  });
  it('checks ablation feature sets with the feature-set parser', () => {
    expect(texts({ hpo: { ablation: { feature_sets: ['price', 'pirce+derivatives'] } } })[0]).toMatch(/^hpo\.ablation\.feature_sets\[1\]: expected tier names \(price, microstructure, derivatives\) .*got "pirce\+derivatives"$/);
    expect(texts({ hpo: { enabled: true, sampler: { kind: 'grid' }, space: { 'models.primary.l2': [0.1, 1, 10] } } })).toEqual([]);
  });
});
