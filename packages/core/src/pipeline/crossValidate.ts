import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries } from '../data/types.ts';
import { purgedKFold, walkForward, combinatorialPurgedCv, assembleCpcvPaths } from '../eval/split/index.ts';
import type { CpcvResult, CvSplit } from '../eval/split/index.ts';
import { sharpeRatio } from '../eval/stats/index.ts';
import type { ModelData, ModelFactory } from '../models/index.ts';
import { fitModel } from './primaryModel.ts';
import type { FittedModel } from './primaryModel.ts';
import type { FoldResult } from '../reports/types.ts';
import { UserInputError } from '../util/errors.ts';
import type { SampleSet } from './buildSamples.ts';
import { classificationMetrics } from './classificationMetrics.ts';
import { strategyReturns } from './overfitting.ts';
import { num } from './numbers.ts';

export interface CvOutcome {
  scheme: ExperimentConfig['evaluation']['method'];
  splits: CvSplit[];
  /** Out-of-fold P(return > 0) per sample; NaN for samples no split tested (walk-forward warm-up). */
  probs: Float64Array;
  /** Split that produced each sample's out-of-fold prediction (−1 when untested). */
  testedBy: Int32Array;
  models: FittedModel[];
  folds: FoldResult[];
  /** CPCV only: each of the φ backtest paths' out-of-sample P(up) per sample (path p, group g from split pathSplit[p·N + g]). */
  paths: Float64Array[] | null;
}

export interface CrossValidateHooks {
  /** Throws when the run is cancelled. */
  check(where: string): void;
  /** Lets the host breathe between folds. */
  tick(): Promise<void>;
  /** Sequence-model windows and host model factories (see models/contract.ts). */
  data?: ModelData;
  factories?: readonly ModelFactory[];
  weights?: Float64Array | null;
  /** Called once the splits exist, before any model is fitted. */
  onSplits?(splits: CvSplit[]): void;
  /**
   * After each split: `probs` holds every final out-of-fold probability so far, and samples
   * [0, finalPrefix) will not change any more (tested by their owning split, or never tested).
   */
  onFold(fold: FoldResult, done: number, total: number, progress: { probs: Float64Array; finalPrefix: number }): void | Promise<void>;
}

/**
 * scoringSplits(samples, config) – the configured splits and, per sample, the split whose prediction
 * becomes its out-of-fold probability (−1 when no split tests it): K-fold and walk-forward the first
 * (only) split testing it, CPCV the split feeding backtest path 0 for the sample's group.
 */
export function scoringSplits(samples: SampleSet, config: ExperimentConfig): { splits: CvSplit[]; owner: Int32Array; cpcv: CpcvResult | null } {
  const ev = config.evaluation;
  const common = { embargoPct: ev.embargo_pct, purgePct: ev.purge_pct };
  const owner = new Int32Array(samples.n).fill(-1);
  if (ev.method === 'cpcv') {
    const cv = combinatorialPurgedCv(samples.t0, samples.t1, { groups: ev.cpcv.groups, testGroups: ev.cpcv.test_groups, ...common });
    for (let g = 0; g < ev.cpcv.groups; g++) for (let i = cv.groupBounds[g]; i < cv.groupBounds[g + 1]; i++) owner[i] = cv.pathSplit[g];
    return { splits: cv.splits, owner, cpcv: cv };
  }
  const splits = ev.method === 'walk_forward'
    ? walkForward(samples.t0, samples.t1, { window: ev.walk_forward.window, nSplits: ev.n_splits, trainPct: ev.walk_forward.train_pct, ...common })
    : purgedKFold(samples.t0, samples.t1, { nSplits: ev.n_splits, ...common });
  for (let s = splits.length - 1; s >= 0; s--) for (const i of splits[s].test) owner[i] = s;
  return { splits, owner, cpcv: null };
}

/**
 * crossValidate(samples, bars, config, hooks) – purged/embargoed CV (the configured scheme) of the
 * configured model (models/contract.ts): each split's model is fitted on its TRAINING positions only (scalers
 * inside the fit, on those rows), then predicts its test positions. Each sample's out-of-fold
 * probability comes from the split that tested it (K-fold / walk-forward: the only one; CPCV: the
 * split feeding backtest path 0). Per fold: sizes, purge/embargo counts, accuracy, AUC, log loss,
 * Brier, training accuracy, and the Sharpe of the quick costed signal inside the test window.
 */
export async function crossValidate(samples: SampleSet, bars: Record<string, BarSeries>, config: ExperimentConfig, hooks: CrossValidateHooks): Promise<CvOutcome> {
  const primary = config.models.primary;
  const data: ModelData = hooks.data ?? { X: samples.X, p: samples.p };
  if (samples.n < 2 * config.evaluation.n_splits) throw new UserInputError('data', `at least ${2 * config.evaluation.n_splits} labelled samples with finite features`, `${samples.n} samples`);
  const { splits, owner, cpcv } = scoringSplits(samples, config);
  const perSplit: Float64Array[] = [];
  hooks.onSplits?.(splits);
  const probs = new Float64Array(samples.n).fill(Number.NaN);
  const testedBy = new Int32Array(samples.n).fill(-1);
  const done = new Uint8Array(splits.length);
  let finalPrefix = 0;
  const threshold = config.models.decision_thresholds[0];
  const cost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
  const models: FittedModel[] = [];
  const folds: FoldResult[] = [];
  for (let s = 0; s < splits.length; s++) {
    hooks.check(`cv fold ${s + 1}/${splits.length}`);
    const split = splits[s];
    const model = await fitModel(primary, data, samples, samples.y, split.train, {
      weights: hooks.weights ?? null, bagging: config.models.bagging, seed: (config.models.seed * 1_000_003 + s * 104_729) >>> 0, ...(hooks.factories ? { factories: hooks.factories } : {}),
    });
    models.push(model);
    const pTest = await model.predict(data, split.test);
    if (cpcv) perSplit.push(pTest);
    for (let k = 0; k < split.test.length; k++) {
      const i = split.test[k];
      if (owner[i] === s) { probs[i] = pTest[k]; testedBy[i] = s; }
    }
    done[s] = 1;
    while (finalPrefix < samples.n && (owner[finalPrefix] < 0 || done[owner[finalPrefix]] === 1)) finalPrefix++;
    const pTrain = await model.predict(data, split.train);
    let trainHits = 0, trainN = 0;
    for (let k = 0; k < split.train.length; k++) if (Number.isFinite(pTrain[k])) { trainN++; if ((pTrain[k] > 0.5 ? 1 : 0) === samples.y[split.train[k]]) trainHits++; }
    const yTest = new Float64Array(split.test.length);
    for (let k = 0; k < split.test.length; k++) yTest[k] = samples.y[split.test[k]];
    const test = classificationMetrics(yTest, pTest);
    // quick costed signal over the bars of this test window only
    const fullP = new Float64Array(samples.n).fill(Number.NaN);
    for (let k = 0; k < split.test.length; k++) fullP[split.test[k]] = pTest[k];
    const rets = strategyReturns(samples, fullP, threshold, bars, cost).returns;
    const first = bars[samples.symbols[0]].ts;
    const inWindow: number[] = [];
    for (let t = 0; t < first.length; t++) if (first[t] >= split.window[0] && first[t] <= split.window[1]) inWindow.push(rets[t]);
    // the same signal of this fold's model on its own training rows, over the bars outside the test window (IS)
    const fullIs = new Float64Array(samples.n).fill(Number.NaN);
    for (let k = 0; k < split.train.length; k++) fullIs[split.train[k]] = pTrain[k];
    const isRets = strategyReturns(samples, fullIs, threshold, bars, cost).returns;
    const outWindow: number[] = [];
    for (let t = 0; t < first.length; t++) if (first[t] < split.window[0] || first[t] > split.window[1]) outWindow.push(isRets[t]);
    const fold: FoldResult = {
      index: s, trainSize: split.train.length, testSize: split.test.length, purged: split.purged, embargoed: split.embargoed,
      purgedMargin: split.purgedMargin, window: [split.window[0], split.window[1]],
      accuracy: num(test.accuracy), auc: num(test.auc), logLoss: num(test.logLoss), brier: num(test.brier), trainAccuracy: num(trainN ? trainHits / trainN : Number.NaN),
      oosSharpe: num(inWindow.length > 1 ? sharpeRatio(inWindow) : Number.NaN),
      isSharpe: num(outWindow.length > 1 ? sharpeRatio(outWindow) : Number.NaN),
    };
    folds.push(fold);
    await hooks.onFold(fold, s + 1, splits.length, { probs, finalPrefix });
    await hooks.tick();
  }
  return { scheme: config.evaluation.method, splits, probs, testedBy, models, folds, paths: cpcv ? assembleCpcvPaths(cpcv, perSplit) : null };
}
