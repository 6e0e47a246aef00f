/**
 * Ablation and hyper-parameter variants of a run: which configs to evaluate (variantSpecs) and how
 * (evaluateVariant: the same walk-forward protocol as the base run on the same bars, features and labels
 * recomputed only when the variant changes them; its CSCV column is the unit-size costed signal of its
 * out-of-sample decisions over the out-of-sample span).
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { setConfigValue, validateConfig } from '../config/load.ts';
import { computeFeatures, enabledFeatureNames, featureSetConfig } from '../features/index.ts';
import type { FeatureMatrix } from '../features/index.ts';
import { tripleBarrierLabels, labelsConfigToOptions, cusumEvents } from '../labels/index.ts';
import type { LabelSet } from '../labels/index.ts';
import { sharpeRatio } from '../eval/stats/index.ts';
import type { Num } from '../reports/types.ts';
import { createRng } from '../util/rng.ts';
import { UserInputError } from '../util/errors.ts';
import type { PipelineInputs } from './types.ts';
import { buildSamples } from './buildSamples.ts';
import { classificationMetrics } from './classificationMetrics.ts';
import type { BarSeries } from '../data/types.ts';
import type { SampleSet } from './buildSamples.ts';
import { fitInputs } from './fitInputs.ts';
import { featureWindows } from './windows.ts';
import type { ModelData, ModelFactory } from '../models/index.ts';
import { barSides, decisions, sideReturns, walkForwardPredict } from './walkForward.ts';
import type { WalkForwardOutcome } from './walkForward.ts';
import { num } from './numbers.ts';

export type HpoValue = number | string | boolean;

/** One variant to evaluate next to the base config. */
export interface VariantSpec {
  kind: 'ablation' | 'hpo';
  name: string;
  /** What differs from the base config, e.g. `features = price` or `models.primary.l2 = 0.1`. */
  differs: string;
  featureSet?: string;
  params?: Record<string, HpoValue>;
  config: ExperimentConfig;
}

/**
 * hpoPoints(space, sampler, seed) – the HPO points. Grid: the full Cartesian product in key order
 * (the last key varies fastest). Random: min(n_trials, grid size) DISTINCT grid points drawn with
 * createRng(seed) (uniform mixed-radix index, redrawn on a repeat; repeats would inflate the DSR
 * trial count without exploring anything), kept in draw order.
 */
export function hpoPoints(space: Record<string, HpoValue[]>, sampler: ExperimentConfig['hpo']['sampler'], seed: number): Record<string, HpoValue>[] {
  const keys = Object.keys(space);
  if (keys.length === 0) return [];
  const sizes = keys.map((k) => space[k].length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const point = (index: number) => {
    const out: Record<string, HpoValue> = {};
    for (let j = keys.length - 1; j >= 0; j--) { out[keys[j]] = space[keys[j]][index % sizes[j]]; index = Math.floor(index / sizes[j]); }
    return Object.fromEntries(keys.map((k) => [k, out[k]]));
  };
  if (sampler.kind === 'grid' || sampler.n_trials >= total) return Array.from({ length: total }, (_, i) => point(i));
  const rng = createRng(seed);
  const seen = new Set<number>();
  const order: number[] = [];
  while (order.length < sampler.n_trials) {
    const i = rng.int(total);
    if (!seen.has(i)) { seen.add(i); order.push(i); }
  }
  return order.map(point);
}

const fmt = (v: HpoValue) => (typeof v === 'string' ? v : String(v));

/**
 * variantSpecs(config) – ablation feature sets (featureSetConfig of each spec on the base features
 * config, so periods/windows carry over), then HPO points (each path set on the base config and
 * validated again). Ablation and HPO are separate one-factor families, not crossed.
 */
export function variantSpecs(config: ExperimentConfig): VariantSpec[] {
  const out: VariantSpec[] = [];
  const hpo = config.hpo;
  if (hpo.ablation.enabled) {
    hpo.ablation.feature_sets.forEach((spec, i) => {
      const features = featureSetConfig(spec, config.features, `hpo.ablation.feature_sets[${i}]`);
      out.push({ kind: 'ablation', name: spec, differs: `features = ${spec}`, featureSet: spec, config: { ...config, features } });
    });
  }
  if (hpo.enabled) {
    for (const params of hpoPoints(hpo.space, hpo.sampler, hpo.seed)) {
      let input: unknown = { ...config, hpo: { ...hpo, enabled: false, space: {}, ablation: { ...hpo.ablation, enabled: false } } };
      for (const [path, v] of Object.entries(params)) input = setConfigValue(input, path, v);
      const r = validateConfig(input);
      if (!r.ok) throw new UserInputError(`hpo.space (${r.issues[0].path})`, r.issues[0].message, r.issues[0].value);
      out.push({
        kind: 'hpo', name: Object.entries(params).map(([p, v]) => `${p.split('.').pop()}=${fmt(v)}`).join(', '),
        differs: Object.entries(params).map(([p, v]) => `${p} = ${fmt(v)}`).join('; '), params, config: { ...r.config, hpo: config.hpo },
      });
    }
  }
  return out;
}

/**
 * The parts of a config that change a variant's out-of-fold strategy returns: the feature columns
 * (names carry periods and windows) and the feature options names do not show, labels, evaluation,
 * model and the quick signal's cost. Two configs with equal keys give identical variants.
 */
export function evaluationKey(c: ExperimentConfig): string {
  return JSON.stringify([featureKey(c), c.labels, c.evaluation, c.models, c.execution.taker_fee, c.execution.slippage_curve.small_size]);
}

/** What evaluateVariant reuses from the base run. */
export interface VariantContext {
  symbols: string[];
  data: PipelineInputs;
  /** Feature matrices per symbol, by JSON of the features config (seeded with the base run's). */
  featureCache: Map<string, FeatureMatrix[]>;
  /** Trained-horizon label sets per symbol, by JSON of [labels config, horizon] (seeded with the base run's). */
  labelCache: Map<string, LabelSet[]>;
  periodsPerYear: number;
  /** data.max_gap_bars × the bar interval. */
  maxGapMs: number;
  factories: readonly ModelFactory[];
  check(where: string): void;
  tick(): Promise<void>;
}

export interface VariantOutcome {
  features: string[];
  samples: number;
  oosAccuracy: Num;
  oosAuc: Num;
  /** Walk-forward out-of-sample per-bar returns of the unit-size costed signal over the out-of-sample span (the CSCV column). */
  returns: Float64Array;
  sharpe: Num;
  trades: number;
  wf: WalkForwardOutcome;
}

export const featureKey = (c: ExperimentConfig): string => {
  const f = c.features;
  return JSON.stringify([enabledFeatureNames(f), f.price.atr.smoothing, f.price.atr.scale, f.microstructure.depth_levels, f.derivatives.sentiment.publication_lag_ms]);
};
export const labelKey = (c: ExperimentConfig) => JSON.stringify([c.labels, c.evaluation.horizon]);

/**
 * evaluateVariant(config, ctx) – the variant's logistic baseline under the same purged CV scheme on
 * the run's bars; features / labels come from the caches when the variant does not change them.
 * Returns its out-of-fold metrics and per-bar strategy returns (threshold = its first decision
 * threshold, cost = taker fee + small-size slippage per unit turnover, as for the fold family).
 */
export async function evaluateVariant(config: ExperimentConfig, ctx: VariantContext): Promise<VariantOutcome> {
  const { symbols, data } = ctx;
  const bars = data.bars;
  let features = ctx.featureCache.get(featureKey(config));
  if (!features) {
    features = symbols.map((s) => computeFeatures({ bars: bars[s], snapshots: data.snapshots?.[s], events: data.events?.[s], funding: data.funding?.[s], openInterest: data.openInterest?.[s], sentiment: data.sentiment }, config.features, { maxGapMs: ctx.maxGapMs }));
    ctx.featureCache.set(featureKey(config), features);
  }
  let labels = ctx.labelCache.get(labelKey(config));
  if (!labels) {
    const opts = labelsConfigToOptions(config.labels);
    labels = symbols.map((s) => {
      const events = config.labels.events.kind === 'cusum' ? cusumEvents(bars[s].close, config.labels.events.threshold) : undefined;
      return tripleBarrierLabels(bars[s], { ...opts, horizons: [config.evaluation.horizon], maxGapMs: ctx.maxGapMs, ...(events ? { events } : {}) })[0];
    });
    ctx.labelCache.set(labelKey(config), labels);
  }
  ctx.check('variant');
  const samples = buildSamples(symbols, features, labels);
  if (samples.p === 0) throw new UserInputError('hpo', 'variants with at least one feature switched on', 'none');
  const modelData: ModelData = { X: samples.X, p: samples.p, windows: featureWindows(samples, features, bars, ctx.maxGapMs) };
  const wf = await walkForwardPredict(samples, bars, config, { ...fitInputs(samples, bars, config), periodsPerYear: ctx.periodsPerYear, data: modelData, factories: ctx.factories }, { check: ctx.check, tick: ctx.tick });
  return variantOutcome(samples, wf, bars, config);
}

/**
 * variantOutcome(samples, wf, bars, config) – a configuration's walk-forward metrics and its CSCV column:
 * the unit-size costed signal (taker fee + small-size slippage per unit turnover) of its decisions at
 * its first threshold, over the out-of-sample span (rows firstBar … T − 1).
 */
export function variantOutcome(samples: SampleSet, wf: WalkForwardOutcome, bars: Record<string, BarSeries>, config: ExperimentConfig, threshold = config.models.decision_thresholds[0]): VariantOutcome {
  const oos = classificationMetrics(wf.target, wf.score);
  const cost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
  const d = decisions(wf, threshold, config.models.meta.enabled);
  const returns = sideReturns(samples, d.side, bars, cost).slice(wf.firstBar);
  const sides = barSides(samples, d.side, bars);
  let trades = 0;
  for (const v of Object.values(sides)) for (let t = 0; t < v.length; t++) if (v[t] !== 0 && v[t] !== (t > 0 ? v[t - 1] : 0)) trades++;
  return { features: samples.names, samples: samples.n, oosAccuracy: num(oos.accuracy), oosAuc: num(oos.auc), returns, sharpe: num(sharpeRatio(returns)), trades, wf };
}
