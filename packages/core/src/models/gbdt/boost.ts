/**
 * Histogram gradient boosting for binary log-loss (scikit-learn's HistGradientBoostingClassifier):
 * bins fitted on the training rows, baseline = log-odds of the weighted positive rate, then per
 * iteration one best-first tree on the log-loss gradients and hessians, shrunk by the learning rate.
 * With validation rows, early stopping by scikit-learn's rule on the weighted validation log-loss.
 */
import type { TrainingProgress } from '../contract.ts';
import { binOffset, checkMaxBins, fitBinColumns, thresholdsOf, transposeRows } from './binning.ts';
import type { BinMapper } from './binning.ts';
import { growTree } from './grower.ts';
import { HIST_BINS, countBins, histogramSize, wordsOf } from './histogram.ts';
import type { GrowContext } from './grower.ts';
import { binaryAuc, logLoss, sigmoid, sumPairs } from './loss.ts';
import { SPLIT_FIELDS, TASK_BINS, TASK_GRADIENTS, gradientBlocks, runTask } from './parallel.ts';
import type { GbdtShared, GbdtThreads } from './parallel.ts';
import type { GbdtTree } from './tree.ts';
import { treeValue } from './tree.ts';

/** Options of {@link fitGbdt} (scikit-learn's defaults). */
export interface GbdtOptions {
  /** Shrinkage of every leaf value. @default 0.1 */
  learningRate?: number;
  /** Boosting iterations at most. @default 100 */
  maxIter?: number;
  /** @default 31 */
  maxLeafNodes?: number;
  /** Depth limit (root = 0); null: none. @default null */
  maxDepth?: number | null;
  /** @default 20 */
  minSamplesLeaf?: number;
  /** λ in the split gain and the leaf value −G/(H+λ). @default 0 */
  l2Regularization?: number;
  /** Bins for non-missing values (≤ 255); missing values get one more. @default 255 */
  maxBins?: number;
  /** Early stopping: stop when none of the last n iterations beat the score n+1 iterations back by tol. @default 10 */
  nIterNoChange?: number;
  /** @default 1e-7 */
  tol?: number;
  /** Per-row weights indexed like X's rows. @default 1 */
  sampleWeight?: Float64Array;
  /** Rows scored for early stopping (disjoint from the training rows). Absent or empty: no early stopping. */
  validation?: Int32Array;
  /** Seed of the binning subsample. @default 0 */
  seed?: number;
  /** Rows used to fit bin thresholds at most. @default 200000 */
  binSubsample?: number;
  onProgress?: (e: TrainingProgress) => void;
  signal?: { readonly aborted: boolean };
  /**
   * Helper threads of the host (see parallel.ts): histograms, split search and gradients are cut into
   * helpers + 1 parts. The same trees as without. Ignored when maxLeafNodes + 1 histograms would need
   * more than 64 MiB of shared memory.
   */
  threads?: GbdtThreads;
}

/** Shared memory the histogram slots of a threaded fit may take at most. */
const MAX_SHARED_HIST_BYTES = 64 * 2 ** 20;

export interface GbdtModel {
  p: number;
  /** Raw score (log-odds) before any tree. */
  baseline: number;
  mapper: BinMapper;
  trees: GbdtTree[];
  /** Total split gain per feature. */
  importance: Float64Array;
  history: TrainingProgress[];
  /** Training rows dropped for a non-finite label or weight. */
  nDropped: number;
}

/** keepFinite(rows, y, w) – the rows whose label is finite and weight finite and ≥ 0. */
function keepFinite(rows: Int32Array, y: Float64Array, w: Float64Array | undefined): Int32Array {
  return rows.filter((i) => Number.isFinite(y[i]) && (w === undefined || (Number.isFinite(w[i]) && w[i] >= 0)));
}

/** hasBin(bins, off, m, b) – whether any of the m rows has bin b (bins at off + 4k). */
function hasBin(bins: Uint8Array, off: number, m: number, b: number): boolean {
  for (let k = 0; k < m; k++) if (bins[off + 4 * k] === b) return true;
  return false;
}

/** scikit-learn's rule: stop when none of the last n scores beats the score n+1 back by more than tol. */
function shouldStop(scores: number[], n: number, tol: number): boolean {
  if (scores.length < n + 1) return false;
  const ref = scores[scores.length - n - 1] + tol;
  for (let k = scores.length - n; k < scores.length; k++) if (scores[k] > ref) return false;
  return true;
}

/** fitGbdt(X, p, y, rows, options) – fits the ensemble on `rows` of row-major X (y in {0, 1} or [0, 1]). */
export function fitGbdt(X: Float64Array, p: number, y: Float64Array, rows: Int32Array, options: GbdtOptions = {}): GbdtModel {
  const o = { learningRate: 0.1, maxIter: 100, maxLeafNodes: 31, maxDepth: null, minSamplesLeaf: 20, l2Regularization: 0, maxBins: 255, nIterNoChange: 10, tol: 1e-7, seed: 0, binSubsample: 200_000, ...options };
  const sw = options.sampleWeight;
  const tr = keepFinite(rows, y, sw);
  const m = tr.length;
  if (m === 0) throw new Error(`gbdt: no training row with a finite label and weight (of ${rows.length})`);
  const size = histogramSize(p), q = Math.ceil(p / 4), nb = gradientBlocks(m), maxBins = checkMaxBins(o.maxBins);
  const threads = options.threads && options.threads.helpers >= 1 && (o.maxLeafNodes + 1) * size * 8 <= MAX_SHARED_HIST_BYTES ? options.threads : null;
  const mem = (bytes: number): ArrayBufferLike => (threads ? threads.buffer(bytes) : new ArrayBuffer(bytes));
  const f64 = (n: number) => new Float64Array(mem(8 * n));
  // without a subsample the binning is a step (features cut over the parts), on a column-major copy of the rows
  const binStep = m <= o.binSubsample;
  const bins = new Uint8Array(mem(4 * q * m));
  const st: GbdtShared = {
    p, stride: HIST_BINS, nBins: new Int32Array(mem(4 * p)), hasMissing: new Uint8Array(mem(p)), minSamplesLeaf: o.minSamplesLeaf, l2: o.l2Regularization,
    parts: threads ? threads.helpers + 1 : 1, m, q, bins, words: wordsOf(bins), gh: f64(2 * m), ordered: f64(2 * m), idx: new Int32Array(mem(4 * m)),
    lefts: new Int32Array(mem(threads ? 4 * m : 0)), rights: new Int32Array(mem(threads ? 4 * m : 0)), sideCounts: new Int32Array(mem(8 * (threads ? threads.helpers + 1 : 1))),
    rootCounts: f64(4 * q * HIST_BINS), hists: threads ? Array.from({ length: o.maxLeafNodes + 1 }, () => f64(size)) : [], raw: f64(m), y: f64(m), w: sw ? f64(m) : null,
    blockLoss: f64(nb), cols: f64(binStep ? m * p : 0), maxBins, thr: f64(256 * p), thrLen: new Int32Array(mem(4 * p)),
    leaves: f64(3 * (o.maxLeafNodes + 1)), task: f64(16), result: f64(2 * SPLIT_FIELDS * (threads ? threads.helpers + 1 : 1)),
  };
  if (threads) threads.attach(st);
  try {
    let mapper: BinMapper;
    if (binStep) {
      transposeRows(X, p, tr, st.cols);
      st.task[0] = TASK_BINS;
      runTask(st, threads);
      mapper = { thresholds: thresholdsOf(st.thr, st.thrLen), missingBin: maxBins };
    } else {
      const fitted = fitBinColumns(X, p, tr, { maxBins, subsample: o.binSubsample, seed: o.seed });
      mapper = fitted.mapper;
      bins.set(fitted.bins);
    }
    return boost(X, y, p, tr, rows.length, st, threads, mapper, o, options);
  } finally {
    if (threads) threads.detach();
  }
}

/** The boosting loop of {@link fitGbdt} on the binned training rows `tr` (attached to the threads when any). */
function boost(X: Float64Array, y: Float64Array, p: number, tr: Int32Array, nRows: number, st: GbdtShared, threads: GbdtThreads | null, mapper: BinMapper,
  o: { learningRate: number; maxIter: number; maxLeafNodes: number; maxDepth: number | null; nIterNoChange: number; tol: number }, options: GbdtOptions): GbdtModel {
  const { m, q, bins, raw, y: yL, w: wL, blockLoss, task } = st, sw = options.sampleWeight;
  for (let f = 0; f < p; f++) {
    st.hasMissing[f] = hasBin(bins, binOffset(f, m), m, st.maxBins) ? 1 : 0;
    st.nBins[f] = mapper.thresholds[f].length + 1;
  }
  countBins(st.words, m, q, st.rootCounts);
  for (let k = 0; k < m; k++) { yL[k] = y[tr[k]]; if (wL) wL[k] = sw![tr[k]]; }
  let sy = 0, sw0 = 0;
  for (let k = 0; k < m; k++) { const wk = wL ? wL[k] : 1; sy += wk * yL[k]; sw0 += wk; }
  const eps = 10 * Number.EPSILON, rate = Math.min(1 - eps, Math.max(eps, sw0 > 0 ? sy / sw0 : 0.5));
  const baseline = Math.log(rate / (1 - rate));
  raw.fill(baseline);
  const ctx: GrowContext = {
    st, threads, scratch: new Int32Array(m), thresholds: mapper.thresholds, missingBin: st.maxBins,
    maxLeafNodes: o.maxLeafNodes, maxDepth: o.maxDepth, learningRate: o.learningRate, free: st.hists.map((_, k) => k).reverse(),
  };
  const sums = new Float64Array(2);
  const va = options.validation && options.validation.length > 0 ? keepFinite(options.validation, y, sw) : null;
  const early = va !== null && va.length > 0;
  const yV = early ? Float64Array.from(va, (i) => y[i]) : null, wV = early && sw ? Float64Array.from(va, (i) => sw[i]) : null;
  let swV = 0;
  if (early) for (let k = 0; k < va.length; k++) swV += wV ? wV[k] : 1;
  const rawV = early ? new Float64Array(va.length).fill(baseline) : null;
  const importance = new Float64Array(p);
  const trees: GbdtTree[] = [], history: TrainingProgress[] = [];
  const validLoss = () => (early ? logLoss(rawV!, yV!, wV) / swV : null);
  const scores: number[] = [];
  if (early) scores.push(-validLoss()!);
  let pendingValid: number | null = null, pendingAuc: number | null = null;
  const emit = (trainLoss: number) => {
    const e: TrainingProgress = { iteration: trees.length, trainLoss, validLoss: pendingValid, trainAuc: null, validAuc: pendingAuc };
    history.push(e);
    options.onProgress?.(e);
  };
  for (let it = 0; it < o.maxIter; it++) {
    if (options.signal?.aborted) throw new Error(`gbdt fit aborted at iteration ${it + 1}`);
    task[0] = TASK_GRADIENTS;
    runTask(st, threads);
    sumPairs(st.gh, m, sums);
    let loss = 0;
    for (let b = 0; b < blockLoss.length; b++) loss += blockLoss[b];
    if (it > 0) emit(loss / sw0);
    const tree = growTree(ctx, sums, importance);
    trees.push(tree);
    if (early) {
      for (let k = 0; k < va.length; k++) rawV![k] += treeValue(tree, X, va[k] * p);
      pendingValid = validLoss();
      pendingAuc = binaryAuc(rawV!, yV!);
      scores.push(-pendingValid!);
      if (shouldStop(scores, o.nIterNoChange, o.tol)) break;
    }
  }
  if (trees.length > 0) emit(logLoss(raw, yL, wL) / sw0);
  return { p, baseline, mapper, trees, importance, history, nDropped: nRows - m };
}

/** predictGbdtRaw(model, X, rows) – the raw scores (log-odds) of the listed rows of row-major X. */
export function predictGbdtRaw(model: GbdtModel, X: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length), p = model.p, trees = model.trees;
  for (let k = 0; k < rows.length; k++) {
    const off = rows[k] * p;
    let s = model.baseline;
    for (let t = 0; t < trees.length; t++) s += treeValue(trees[t], X, off);
    out[k] = s;
  }
  return out;
}

/** predictGbdt(model, X, rows) – P(y = 1) of the listed rows; missing (NaN) features follow each split's learned side. */
export function predictGbdt(model: GbdtModel, X: Float64Array, rows: Int32Array): Float64Array {
  const raw = predictGbdtRaw(model, X, rows);
  for (let k = 0; k < raw.length; k++) raw[k] = sigmoid(raw[k]);
  return raw;
}
