/**
 * The fit's parallel steps, and the hook a host implements to run them on helper threads.
 *
 * Core runs no threads itself (it is isomorphic and has no Worker): a host (e.g. @skippy/io's
 * `gbdtWorkerThreads`, Node worker_threads over SharedArrayBuffer) passes a {@link GbdtThreads} in
 * `fitGbdt`'s options. The fit then keeps every array a step reads or writes in the host's shared memory
 * ({@link GbdtShared}), and for each step writes its arguments to `task` and has the host run
 * {@link gbdtTask} on every part, on its helpers and itself. The parts are disjoint:
 * gradients by blocks of rows; binning, histograms, subtraction and split search by ranges of features. Every
 * histogram slot is still summed in the node's row order and the best splits of the feature ranges are
 * merged in feature order, so the trees are bit-identical to a fit without threads (which runs the same
 * steps as one part).
 */
import { binFeatures, binOffset } from './binning.ts';
import { histogramRange, subtractHistogram } from './histogram.ts';
import { GRADIENT_BLOCK, logLossGradientBlocks } from './loss.ts';
import { emptySplit, findBestSplit } from './split.ts';
import type { SplitContext, SplitInfo } from './split.ts';

/** Helper threads sharing memory with the fitting thread (see the module comment). */
export interface GbdtThreads {
  /** Helper threads besides the caller (≥ 1); the steps are cut into helpers + 1 parts. */
  readonly helpers: number;
  /** Zeroed memory the helpers share with the caller (SharedArrayBuffer in Node). */
  buffer(byteLength: number): ArrayBufferLike;
  /** Hands a fit's state to the helpers; every array in it is a view of memory from `buffer`. */
  attach(state: GbdtShared): void;
  /**
   * Runs gbdtTask(state, k) for every part k = 0..helpers exactly once, on this thread and the helpers
   * (any part on any thread); returns when all are done; rethrows a part's error.
   */
  run(): void;
  /** Releases the state (after the fit, also when it throws). */
  detach(): void;
}

/** Step kinds (task[0]). */
export const TASK_GRADIENTS = 1, TASK_ROOT = 2, TASK_CHILDREN = 3, TASK_BINS = 4, TASK_SPLIT_ROWS = 5, TASK_PLACE_ROWS = 6, TASK_LEAVES = 7;

/** Numbers per split result: gain, feature, bin, missingLeft, gL, hL, nL, gR, hR, nR. */
export const SPLIT_FIELDS = 10;

/** Everything a step reads or writes: plain numbers and typed arrays (shared memory when threaded). */
export interface GbdtShared extends SplitContext {
  /** Parts the steps are cut into (helpers + 1, or 1 without threads). */
  parts: number;
  /** Local (training) rows; groups of four features q = ⌈p/4⌉. */
  m: number;
  q: number;
  /** Bins in binColumns' grouped layout (feature f of local row i at binOffset(f, m) + 4i), and its 32-bit view. */
  bins: Uint8Array;
  words: Uint32Array;
  /** The local rows column-major (m values per feature; empty when the bins come from a subsample's thresholds). */
  cols: Float64Array;
  /** Finite bins at most; the missing bin's index. */
  maxBins: number;
  /** Bin thresholds: feature f's at thr[256f ..], thrLen[f] of them. */
  thr: Float64Array;
  thrLen: Int32Array;
  /** Interleaved gradient, hessian per local row; `ordered`: a node's pairs gathered in its row order. */
  gh: Float64Array;
  ordered: Float64Array;
  /** Sample partition, and two scratch arrays (length m) and per-part left/right counts of a threaded partition. */
  idx: Int32Array;
  lefts: Int32Array;
  rights: Int32Array;
  sideCounts: Int32Array;
  /** Per feature and bin, the training rows' counts (the root's count slots). */
  rootCounts: Float64Array;
  /** Histogram slots, each histogramSize(p) long. */
  hists: Float64Array[];
  /** Raw scores, labels and weights (null: unit) of the local rows; per gradient block its loss. */
  raw: Float64Array;
  y: Float64Array;
  w: Float64Array | null;
  blockLoss: Float64Array;
  /** The grown tree's leaves: start, stop (positions in idx) and shrunk value, three numbers each. */
  leaves: Float64Array;
  /** The current step: kind, then its arguments (see {@link gbdtTask}). */
  task: Float64Array;
  /** Per part, two split results of SPLIT_FIELDS numbers. */
  result: Float64Array;
}

/** featureRange(p, part, parts) – [f0, f1) of a part: p features cut evenly. */
export function featureRange(p: number, part: number, parts: number): [number, number] {
  return [Math.round((part * p) / parts), Math.round(((part + 1) * p) / parts)];
}

const scratch = emptySplit();

function writeSplit(s: SplitInfo, out: Float64Array, at: number): void {
  out[at] = s.gain; out[at + 1] = s.feature; out[at + 2] = s.bin; out[at + 3] = s.missingLeft ? 1 : 0;
  out[at + 4] = s.gL; out[at + 5] = s.hL; out[at + 6] = s.nL; out[at + 7] = s.gR; out[at + 8] = s.hR; out[at + 9] = s.nR;
}

/** readSplit(result, at, out) – a split result back into a SplitInfo. */
function readSplit(r: Float64Array, at: number, s: SplitInfo): void {
  s.gain = r[at]; s.feature = r[at + 1]; s.bin = r[at + 2]; s.missingLeft = r[at + 3] === 1;
  s.gL = r[at + 4]; s.hL = r[at + 5]; s.nL = r[at + 6]; s.gR = r[at + 7]; s.hR = r[at + 8]; s.nR = r[at + 9];
}

/** splitOf(st, slot, child, out) – merges the parts' split results of child 0/1: ascending parts, a later one only when strictly better. */
export function mergeSplits(st: GbdtShared, child: number, out: SplitInfo): SplitInfo {
  out.gain = -1; out.feature = -1;
  for (let k = 0; k < st.parts; k++) {
    const at = (2 * k + child) * SPLIT_FIELDS;
    if (st.result[at] > out.gain) readSplit(st.result, at, out);
  }
  return out;
}

/**
 * gbdtTask(st, part) – runs part `part` of the step in st.task:
 *  - [TASK_BINS]: thresholds and bins of the part's features (binFeatures on st.cols);
 *  - [TASK_GRADIENTS]: gradients, hessians and block losses of the part's blocks of rows;
 *  - [TASK_ROOT, slot, G, H, n]: the histogram of all rows into hists[slot], and the best split → child 0;
 *  - [TASK_CHILDREN, small, large, start, stop, splitSmall, GS, HS, nS, splitLarge, GL, HL, nL]: the
 *    histogram of rows idx[start..stop) (pairs in `ordered`) into hists[small], hists[large] −= it, and
 *    the best split of each child marked 1 → child 0 (small) / 1 (large).
 *  - [TASK_SPLIT_ROWS, feature, cut, missLeft (−1: no missing values), start, stop]: the part's share of
 *    rows idx[start..stop) into st.lefts / st.rights at the share's offset, stable; counts → sideCounts;
 *  - [TASK_PLACE_ROWS, start, stop, nL, gatherSide (0 left, 1 right, −1 none)]: the part's lefts and rights
 *    into idx (all lefts first, parts in order) and, for the gathered side, their pairs into `ordered`.
 *  - [TASK_LEAVES, nLeaves]: raw[idx[k]] += the value of the leaf holding position k, for the part's share
 *    of the positions 0..m.
 * The histogram steps work on the part's features only.
 */
export function gbdtTask(st: GbdtShared, part: number): void {
  const t = st.task, kind = t[0] | 0;
  if (kind === TASK_SPLIT_ROWS || kind === TASK_PLACE_ROWS) { rowsTask(st, part); return; }
  if (kind === TASK_LEAVES) { addLeaves(st, t[1] | 0, rowShare(0, st.m, part, st.parts), rowShare(0, st.m, part + 1, st.parts)); return; }
  if (kind === TASK_BINS) {
    const [f0, f1] = featureRange(st.p, part, st.parts);
    binFeatures(st.cols, st.m, f0, f1, st.maxBins, st.bins, st.thr, st.thrLen);
    return;
  }
  if (kind === TASK_GRADIENTS) {
    const nb = st.blockLoss.length;
    logLossGradientBlocks(st.raw, st.y, st.w, st.gh, st.blockLoss, Math.floor((part * nb) / st.parts), Math.floor(((part + 1) * nb) / st.parts));
    return;
  }
  const [f0, f1] = featureRange(st.p, part, st.parts), r0 = 2 * part * SPLIT_FIELDS, r1 = r0 + SPLIT_FIELDS;
  st.result[r0] = -1; st.result[r1] = -1;
  if (kind === TASK_ROOT) {
    const hist = st.hists[t[1] | 0];
    histogramRange(st.words, st.m, null, 0, st.m, st.gh, hist, f0, padded(st, f1), st.rootCounts);
    writeSplit(findBestSplit(hist, t[2], t[3], t[4] | 0, st, scratch, f0, f1), st.result, r0);
  } else if (kind === TASK_CHILDREN) {
    // integer arguments come back from the Float64Array as doubles: `| 0` keeps the kernels on small-integer code
    const small = st.hists[t[1] | 0], large = st.hists[t[2] | 0], start = t[3] | 0, stop = t[4] | 0;
    histogramRange(st.words, st.m, st.idx, start, stop - start, st.ordered, small, f0, padded(st, f1), null);
    subtractHistogram(large, small, large, f0 * 768, f1 * 768);
    if (t[5] === 1) writeSplit(findBestSplit(small, t[6], t[7], t[8] | 0, st, scratch, f0, f1), st.result, r0);
    if (t[9] === 1) writeSplit(findBestSplit(large, t[10], t[11], t[12] | 0, st, scratch, f0, f1), st.result, r1);
  } else throw new Error(`gbdtTask: unknown step kind ${kind}`);
}

/** rowShare(start, stop, part, parts) – the part's first row position of start..stop (its share ends at the next part's). */
function rowShare(start: number, stop: number, part: number, parts: number): number {
  return start + Math.floor(((stop - start) * part) / parts);
}

function rowsTask(st: GbdtShared, part: number): void {
  const t = st.task, { idx, lefts, rights, sideCounts, parts } = st;
  if (t[0] === TASK_SPLIT_ROWS) {
    const f = t[1] | 0, cut = t[2] | 0, missLeft = t[3] | 0, start = t[4] | 0, stop = t[5] | 0;
    const a = rowShare(start, stop, part, parts), b = rowShare(start, stop, part + 1, parts), off = binOffset(f, st.m);
    const l = missLeft < 0 ? splitFinite(st.bins, off, idx, a, b, cut, lefts, rights) : splitMissing(st.bins, off, idx, a, b, cut, st.maxBins, missLeft, lefts, rights);
    sideCounts[2 * part] = l; sideCounts[2 * part + 1] = b - a - l;
    return;
  }
  const start = t[1] | 0, stop = t[2] | 0, nL = t[3] | 0, side = t[4] | 0, a = rowShare(start, stop, part, parts);
  let L = 0, R = 0;
  for (let j = 0; j < part; j++) { L += sideCounts[2 * j]; R += sideCounts[2 * j + 1]; }
  const nl = sideCounts[2 * part], nr = sideCounts[2 * part + 1], gh = st.gh, ordered = st.ordered;
  idx.set(lefts.subarray(a, a + nl), start + L);
  idx.set(rights.subarray(a, a + nr), start + nL + R);
  if (side === 0) gatherInto(gh, lefts, a, nl, ordered, L);
  else if (side === 1) gatherInto(gh, rights, a, nr, ordered, R);
}

/** splitFinite(…) – rows idx[a..b) with bin ≤ cut to lefts[a ..], the others to rights[a ..], stable and branch-free; returns the lefts' count. */
function splitFinite(bins: Uint8Array, off: number, idx: Int32Array, a: number, b: number, cut: number, lefts: Int32Array, rights: Int32Array): number {
  let l = a, r = a;
  for (let k = a; k < b; k++) {
    const i = idx[k], left = ((bins[off + 4 * i] - cut - 1) >>> 31);
    lefts[l] = i; rights[r] = i;
    l += left; r += left ^ 1;
  }
  return l - a;
}

/** As {@link splitFinite}; rows in the missing bin go left when missLeft is 1. */
function splitMissing(bins: Uint8Array, off: number, idx: Int32Array, a: number, b: number, cut: number, miss: number, missLeft: number, lefts: Int32Array, rights: Int32Array): number {
  let l = a, r = a;
  for (let k = a; k < b; k++) {
    const i = idx[k], bin = bins[off + 4 * i];
    const left = bin === miss ? missLeft : ((bin - cut - 1) >>> 31);
    lefts[l] = i; rights[r] = i;
    l += left; r += left ^ 1;
  }
  return l - a;
}

/** addLeaves(st, nLeaves, a, b) – raw[idx[k]] += its leaf's value for positions a..b. */
function addLeaves(st: GbdtShared, nLeaves: number, a: number, b: number): void {
  const { leaves, idx, raw } = st;
  for (let l = 0; l < nLeaves; l++) {
    const from = Math.max(leaves[3 * l] | 0, a), to = Math.min(leaves[3 * l + 1] | 0, b), v = leaves[3 * l + 2];
    for (let k = from; k < to; k++) raw[idx[k]] += v;
  }
}

/** ordered[2(at + k)], ordered[2(at + k) + 1] = gh[2i], gh[2i + 1] for i = rows[from + k], k < n. */
function gatherInto(gh: Float64Array, rows: Int32Array, from: number, n: number, ordered: Float64Array, at: number): void {
  for (let k = 0; k < n; k++) {
    const i = rows[from + k], o = 2 * (at + k);
    ordered[o] = gh[2 * i]; ordered[o + 1] = gh[2 * i + 1];
  }
}

/** padded(st, f1) – f1, or 4q for the last range (its group's padding lanes ride along in the four-lane kernels). */
function padded(st: GbdtShared, f1: number): number {
  return f1 === st.p ? 4 * st.q : f1;
}

/** Block count of the gradient step for m rows. */
export function gradientBlocks(m: number): number {
  return Math.ceil(m / GRADIENT_BLOCK);
}

/** runTask(st, threads) – runs st.task on every part (on the threads when any). */
export function runTask(st: GbdtShared, threads: GbdtThreads | null): void {
  if (threads === null || st.parts === 1) gbdtTask(st, 0);
  else threads.run();
}
