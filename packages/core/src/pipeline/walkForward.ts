/**
 * The causal backtest's predictions: walk-forward windows cut in bar time, and per window a fit stage
 * whose every `fit` receives only that window's training rows (labels ended before the window start
 * minus the embargo): sample weights, the model, the probability calibrator, the meta-model and the
 * Kelly inputs. Nothing is estimated globally.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries } from '../data/types.ts';
import { sharpeRatio } from '../eval/stats/index.ts';
import { fitPlatt, applyPlatt, logitScores } from '../models/index.ts';
import type { ModelData, ModelFactory, PlattModel, TrainingProgress } from '../models/index.ts';
import { fractionalKellySize } from '../risk/index.ts';
import type { WalkForwardWindowReport } from '../reports/types.ts';
import { UserInputError } from '../util/errors.ts';
import type { SampleSet } from './buildSamples.ts';
import { classificationMetrics } from './classificationMetrics.ts';
import { fitModel } from './primaryModel.ts';
import { permutationImportance } from './permutationImportance.ts';
import type { FittedModel } from './primaryModel.ts';
import { signalReturns, sideFromProbability } from './signals.ts';
import { num } from './numbers.ts';

/** One test window: bars [startBar, endBar), its test samples and its purged training samples. */
export interface BacktestWindow {
  index: number;
  startBar: number;
  endBar: number;
  train: Int32Array;
  test: Int32Array;
  purged: number;
}

/** First index in the sorted `a` with a[i] ≥ x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] < x) lo = m + 1; else hi = m; }
  return lo;
}

/**
 * backtestWindows(samples, barTs, evaluation) – the first ⌊T·train_pct⌋ bars only train; bars
 * [first, T) are cut into n_windows equal test windows. Window k tests the samples with t0 in its
 * bars and trains on the samples with t0 before it (all of them when expanding; those in the last
 * `first` bars when rolling) whose label ended before bar startBar − embargoBars, embargoBars =
 * ⌈T·embargo_pct⌉. Boundaries depend on the bar count only, never on prices.
 */
export function backtestWindows(samples: SampleSet, barTs: Float64Array, ev: ExperimentConfig['evaluation']): { windows: BacktestWindow[]; firstBar: number; embargoBars: number } {
  const T = barTs.length, bt = ev.backtest;
  const firstBar = Math.floor(T * bt.train_pct);
  const K = bt.n_windows;
  if (T - firstBar < K) throw new UserInputError('evaluation.backtest.n_windows', `at most ${T - firstBar} windows for ${T} bars`, K);
  const embargoBars = Math.ceil(T * ev.embargo_pct);
  const windows: BacktestWindow[] = [];
  for (let k = 0; k < K; k++) {
    const startBar = firstBar + Math.floor((k * (T - firstBar)) / K), endBar = firstBar + Math.floor(((k + 1) * (T - firstBar)) / K);
    const lo = lowerBound(samples.t0, barTs[startBar]);
    const hi = endBar >= T ? samples.n : lowerBound(samples.t0, barTs[endBar]);
    const candLo = bt.window === 'rolling' ? lowerBound(samples.t0, barTs[Math.max(0, startBar - firstBar)]) : 0;
    const cutoff = barTs[Math.max(0, startBar - embargoBars)];
    const train: number[] = [];
    for (let i = candLo; i < lo; i++) if (samples.t1[i] < cutoff) train.push(i);
    const test = new Int32Array(hi - lo);
    for (let i = lo; i < hi; i++) test[i - lo] = i;
    windows.push({ index: k, startBar, endBar, train: Int32Array.from(train), test, purged: lo - candLo - train.length });
  }
  return { windows, firstBar, embargoBars };
}

/** The decision rule of one configuration: sides and the probability that the side is right. */
export interface Decisions {
  /** Per sample: −1 / 0 / +1 (0 also where untested). */
  side: Int8Array;
  /** Per sample: calibrated probability that `side` is right (NaN where untested or flat). */
  pSide: Float64Array;
}

/** Per-sample outcome of the walk-forward fit stage. */
export interface WalkForwardOutcome {
  windows: BacktestWindow[];
  reports: WalkForwardWindowReport[];
  firstBar: number;
  embargoBars: number;
  /**
   * Calibrated out-of-sample score per sample (NaN before the first window): P(return > 0) without
   * meta-labelling; P(the primary side is right) with it.
   */
  score: Float64Array;
  /** Primary side per sample (meta-labelling: the rule's or primary model's side; else 0). */
  primarySide: Int8Array;
  /** Window that predicted each sample (−1: none). */
  testedBy: Int32Array;
  /** Per window: constant Kelly size (sizing kind kelly) or NaN. */
  kellySize: Float64Array;
  /** Target of the score (y, or the meta-label with 1 = the primary side was right, NaN where no bet). */
  target: Float64Array;
  coef: Float64Array[];
  /** Per window: the model's own feature importance (e.g. split gain), when it has one. */
  importance: Float64Array[];
  /** Per window: AFML MDA (log-loss increase when each feature is permuted among the test rows). */
  mda: Float64Array[];
  /** Per window: the training curve of the window's model. */
  history: { window: number; points: TrainingProgress[] }[];
  notes: string[];
  /** The latest window's fit (what a paper session trades when frozen): null when no window fitted a model. */
  lastFit?: { window: number; model: FittedModel; calibration: PlattModel | null; kellySize: number; trainRows: number } | null;
}

export interface WalkForwardHooks {
  check(where: string): void;
  tick(): Promise<void>;
  /** After each window: scores of samples [0, finalPrefix) are final. */
  onWindow?(done: number, total: number, outcome: WalkForwardOutcome, finalPrefix: number): void | Promise<void>;
  /** Each training progress point of window `window` (part: the window's model, or the inner calibration model). */
  onTraining?(window: number, part: string, e: TrainingProgress): void;
}

/**
 * decisions(outcome, threshold) – the configuration's sides: without meta-labelling long when the
 * score > θ, short when < 1 − θ; with it the primary side when P(right) > θ, else flat.
 */
export function decisions(o: Pick<WalkForwardOutcome, 'score' | 'primarySide'>, threshold: number, meta: boolean): Decisions {
  const n = o.score.length;
  const side = new Int8Array(n), pSide = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const s = o.score[i];
    if (!Number.isFinite(s)) continue;
    if (meta) {
      if (o.primarySide[i] !== 0 && s > threshold) { side[i] = o.primarySide[i]; pSide[i] = s; }
    } else {
      const d = sideFromProbability(s, threshold);
      side[i] = d;
      if (d !== 0) pSide[i] = d > 0 ? s : 1 - s;
    }
  }
  return { side, pSide };
}

/** Per-bar sides of each symbol from per-sample sides (bars without a sample stay flat). */
export function barSides(samples: SampleSet, side: Int8Array, bars: Record<string, BarSeries>): Record<string, Int8Array> {
  const out: Record<string, Int8Array> = {};
  for (const s of samples.symbols) out[s] = new Int8Array(bars[s].ts.length);
  for (let r = 0; r < samples.n; r++) out[samples.symbols[samples.symbol[r]]][samples.t0Idx[r]] = side[r];
  return out;
}

/** Per-bar returns of the unit-size costed signal (signalReturns) of per-sample sides. */
export function sideReturns(samples: SampleSet, side: Int8Array, bars: Record<string, BarSeries>, cost: number): Float64Array {
  return signalReturns(bars, barSides(samples, side, bars), cost);
}

/**
 * tradeStats(samples, side, bars, cost, fromBar, toBar) – the traded bet of a unit-size signal: each
 * run of equal non-zero sides of one symbol is one trade, entered at the open after its first bar and
 * left at the open after its last, net of `cost` per side. Win rate p and payoff ratio b (mean win /
 * mean loss) of the trades that start and end in [fromBar, toBar).
 */
export function tradeStats(samples: SampleSet, side: Int8Array, bars: Record<string, BarSeries>, cost: number, fromBar: number, toBar: number): { trades: number; p: number; b: number } {
  const sides = barSides(samples, side, bars);
  let wins = 0, losses = 0, winSum = 0, lossSum = 0;
  for (const s of samples.symbols) {
    const o = bars[s].open, sd = sides[s];
    const end = Math.min(toBar, o.length - 1);
    let t = fromBar;
    while (t < end) {
      const d = sd[t];
      if (d === 0) { t++; continue; }
      let u = t;
      while (u + 1 < end && sd[u + 1] === d) u++;
      if (u + 1 >= end) break; // still open at the window's end
      const r = d * (o[u + 1] / o[t + 1] - 1) - 2 * cost;
      if (r > 0) { wins++; winSum += r; } else { losses++; lossSum -= r; }
      t = u + 1;
    }
  }
  const n = wins + losses;
  return { trades: n, p: n ? wins / n : Number.NaN, b: wins && losses ? (winSum / wins) / (lossSum / losses) : Number.NaN };
}

/**
 * walkForwardPredict(samples, bars, config, inputs, hooks) – per window: fit the model on the
 * training rows (uniqueness weights when configured); fit Platt scaling on a purged calibration tail
 * of those rows, scored by a model fitted on the head; with meta-labelling, train the secondary model
 * on the meta-labels of the rows where the primary side is non-zero; estimate the Kelly inputs of the
 * traded bet on the calibration tail. Then score the window's test rows.
 */
export async function walkForwardPredict(samples: SampleSet, bars: Record<string, BarSeries>, config: ExperimentConfig,
  inputs: { weights: Float64Array | null; primarySide: Int8Array | null; periodsPerYear: number; data?: ModelData; factories?: readonly ModelFactory[] }, hooks: WalkForwardHooks): Promise<WalkForwardOutcome> {
  const data: ModelData = inputs.data ?? { X: samples.X, p: samples.p };
  const barTs = bars[samples.symbols[0]].ts;
  const { windows, firstBar, embargoBars } = backtestWindows(samples, barTs, config.evaluation);
  const models = config.models, meta = models.meta.enabled;
  const threshold = models.decision_thresholds[0];
  const cost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
  const n = samples.n;
  const score = new Float64Array(n).fill(Number.NaN), testedBy = new Int32Array(n).fill(-1);
  const primarySide = inputs.primarySide ?? new Int8Array(n);
  // target: y, or the meta-label (1 when the primary side's label return > 0) where a primary bet exists
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) target[i] = meta ? (primarySide[i] !== 0 ? (primarySide[i] * samples.ret[i] > 0 ? 1 : 0) : Number.NaN) : samples.y[i];
  const kellySize = new Float64Array(windows.length).fill(Number.NaN);
  const outcome: WalkForwardOutcome = { windows, reports: [], firstBar, embargoBars, score, primarySide, testedBy, kellySize, target, coef: [], importance: [], mda: [], history: [], notes: [] };
  const eligible = (rows: Int32Array) => (meta ? rows.filter((i) => primarySide[i] !== 0) : rows);
  const fit = (rows: Int32Array, w: number, part: string): Promise<FittedModel> => fitModel(models.primary, data, samples, target, rows, {
    weights: inputs.weights, bagging: config.models.bagging, seed: (config.models.seed * 1_000_003 + w * 7919 + (part === 'inner' ? 1 : 0)) >>> 0, ...(inputs.factories ? { factories: inputs.factories } : {}),
    signal: { get aborted() { try { hooks.check('fit'); return false; } catch { return true; } } },
    ...(hooks.onTraining ? { onProgress: (e: TrainingProgress) => hooks.onTraining!(w, part, e) } : {}),
  });
  const minRows = Math.max(20, 2 * samples.p);
  let finalPrefix = 0;
  for (const w of windows) {
    hooks.check(`walk-forward window ${w.index + 1}/${windows.length}`);
    const train = eligible(w.train), test = w.test;
    let calib: PlattModel | null = null, kelly: WalkForwardWindowReport['kelly'] = null;
    let model: FittedModel | null = null;
    if (train.length < minRows) {
      outcome.notes.push(`window ${w.index + 1}: ${train.length} training rows (< ${minRows}); flat`);
    } else {
      model = await fit(train, w.index, 'window');
      outcome.history.push({ window: w.index, points: model.history });
      // purged calibration tail: the last calibration_pct of the training rows; the head keeps the rows whose label ended before the tail starts
      const nCal = Math.floor(train.length * models.calibration_pct);
      const cal = train.subarray(train.length - nCal);
      const head = nCal > 0 ? train.filter((i) => samples.t1[i] < samples.t0[cal[0]]) : new Int32Array(0);
      if (nCal >= minRows && head.length >= minRows && (models.calibration === 'platt' || config.risk.sizing.kind === 'kelly')) {
        const inner = await fit(head, w.index, 'inner');
        const pTail = await inner.predict(data, cal);
        const tailLogit = logitScores(pTail);
        if (models.calibration === 'platt') {
          const yTail = Float64Array.from(cal, (i) => target[i]);
          const all = new Int32Array(cal.length);
          for (let k = 0; k < all.length; k++) all[k] = k;
          calib = fitPlatt(tailLogit, yTail, all);
        }
        if (config.risk.sizing.kind === 'kelly') {
          const tailScore = calib ? applyPlatt(calib, tailLogit) : pTail;
          const full = new Float64Array(n).fill(Number.NaN);
          for (let k = 0; k < cal.length; k++) full[cal[k]] = tailScore[k];
          const d = decisions({ score: full, primarySide }, threshold, meta);
          const fromBar = samples.t0Idx[cal[0]];
          const st = tradeStats(samples, d.side, bars, cost, Math.min(fromBar, w.startBar), w.startBar);
          const f = st.trades >= config.risk.sizing.min_trades ? fractionalKellySize(st.p, st.b, { kellyFractionCap: config.risk.kelly_fraction_cap, maxPositionPct: config.risk.max_position_pct }) : 0;
          kellySize[w.index] = f;
          kelly = { p: num(st.p), b: num(st.b), fraction: f, trades: st.trades };
          if (st.trades < config.risk.sizing.min_trades) outcome.notes.push(`window ${w.index + 1}: ${st.trades} trades on the calibration tail (< ${config.risk.sizing.min_trades}); Kelly size 0`);
        }
      } else if (models.calibration === 'platt') {
        outcome.notes.push(`window ${w.index + 1}: calibration tail too small (${nCal} tail, ${head.length} head rows); uncalibrated`);
      }
      const p = await model.predict(data, test);
      const s = calib ? applyPlatt(calib, logitScores(p)) : p;
      for (let k = 0; k < test.length; k++) { score[test[k]] = s[k]; testedBy[test[k]] = w.index; }
      outcome.lastFit = { window: w.index, model, calibration: calib, kellySize: kellySize[w.index], trainRows: train.length };
      if (model.coef) outcome.coef.push(model.coef);
      if (model.importance) outcome.importance.push(model.importance);
      if (config.models.permutation_importance) outcome.mda.push(await permutationImportance(model, data, target, test, (config.models.seed * 31 + w.index) >>> 0, p));
    }
    // IS / OOS Sharpe of the unit-size costed signal at the first threshold (gate 3), AUC of the window
    const isRows = train, sideOf = (rows: Int32Array, vals: Float64Array) => {
      const full = new Float64Array(n).fill(Number.NaN);
      for (let k = 0; k < rows.length; k++) full[rows[k]] = vals[k];
      return decisions({ score: full, primarySide }, threshold, meta).side;
    };
    let isSharpe = Number.NaN, oosSharpe = Number.NaN;
    if (model && isRows.length > 0) {
      const pIs = await model.predict(data, isRows);
      const sIs = calib ? applyPlatt(calib, logitScores(pIs)) : pIs;
      isSharpe = windowSharpe(sideReturns(samples, sideOf(isRows, sIs), bars, cost), samples.t0Idx[isRows[0]], w.startBar) * Math.sqrt(inputs.periodsPerYear);
      const sTest = Float64Array.from(test, (i) => score[i]);
      oosSharpe = windowSharpe(sideReturns(samples, sideOf(test, sTest), bars, cost), w.startBar, w.endBar) * Math.sqrt(inputs.periodsPerYear);
    }
    const auc = model ? classificationMetrics(target, score, test).auc : Number.NaN;
    outcome.reports.push({
      index: w.index, start: barTs[w.startBar], end: w.endBar < barTs.length ? barTs[w.endBar] : barTs[barTs.length - 1] + (barTs.length > 1 ? barTs[1] - barTs[0] : 0),
      trainSize: train.length, testSize: test.length, purged: w.purged,
      calibration: calib ? { a: calib.a, b: calib.b, n: calib.n } : null, kelly, isSharpe: num(isSharpe), oosSharpe: num(oosSharpe), oosAuc: num(auc),
    });
    finalPrefix = test.length ? test[test.length - 1] + 1 : finalPrefix;
    await hooks.onWindow?.(w.index + 1, windows.length, outcome, finalPrefix);
    await hooks.tick();
  }
  return outcome;
}

/** Per-bar Sharpe of returns[from, to) (the quick signal books bar t's decision on row t + 1). */
function windowSharpe(r: Float64Array, from: number, to: number): number {
  return to - from > 2 ? sharpeRatio(r.subarray(from + 1, Math.min(to + 1, r.length))) : Number.NaN;
}
