/**
 * Grows one tree best-first (scikit-learn's TreeGrower): the splittable node with the largest gain is
 * split next, until `maxLeafNodes` leaves, `maxDepth`, or no node can split. A child needs
 * 2·minSamplesLeaf samples to be splittable. Histograms: the smaller child's is built from its rows,
 * the larger child's is the parent's minus it (in the parent's buffer). Buffers come from a pool.
 */
import { binOffset } from './binning.ts';
import { HIST_BINS, buildNodeHistogram, buildRowsHistogram, countBins, histogramSize, subtractHistogram } from './histogram.ts';
import { emptySplit, findBestSplit, leafValue } from './split.ts';
import type { SplitContext, SplitInfo } from './split.ts';
import { thresholdOf } from './tree.ts';
import type { GbdtTree } from './tree.ts';

/** What every tree of one fit shares: the binned training rows, the gradients and the scratch buffers. */
export interface GrowContext extends SplitContext {
  /** Bins in binColumns' grouped layout (feature f of local row i at binOffset(f, m) + 4i), and its 32-bit view. */
  bins: Uint8Array;
  words: Uint32Array;
  /** Feature groups of four: ⌈p/4⌉. */
  q: number;
  /** Per feature and bin, the number of training rows (the root's counts, the same every tree); null until the first tree. */
  rootCounts: Float64Array | null;
  /** Interleaved gradient, hessian per local row (rewritten each iteration). */
  gh: Float64Array;
  /** Σ gradients, Σ hessians over the local rows in row order (written with gh). */
  sums: Float64Array;
  /** Scratch (length 2m) for a node's gathered gradient/hessian pairs. */
  ordered: Float64Array;
  /** Local rows. */
  m: number;
  thresholds: Float64Array[];
  /** The bin of missing values. */
  missingBin: number;
  maxLeafNodes: number;
  maxDepth: number | null;
  learningRate: number;
  /** Sample partition (length m) and its scratch. */
  idx: Int32Array;
  scratch: Int32Array;
  /** Free histogram buffers (histogramSize(p)). */
  pool: Float64Array[];
}

interface Node {
  start: number; stop: number; depth: number;
  sumG: number; sumH: number; value: number;
  hist: Float64Array | null;
  split: SplitInfo;
  left: number; right: number;
}

/** partition(ctx, node) – stable in-place split of idx[start..stop) by the node's split; returns the first right position. */
function partition(ctx: GrowContext, node: Node): number {
  const { bins, m, idx, scratch, missingBin } = ctx;
  const off = binOffset(node.split.feature, m);
  const f = node.split.feature, cut = node.split.bin;
  if (ctx.hasMissing[f] === 1) return partitionMissing(bins, off, idx, scratch, node.start, node.stop, cut, missingBin, node.split.missingLeft ? 1 : 0);
  return partitionFinite(bins, off, idx, scratch, node.start, node.stop, cut);
}

/** Rows with bin ≤ cut first (branch-free: every row is written to both sides, the side's cursor moves by 0 or 1). */
function partitionFinite(bins: Uint8Array, off: number, idx: Int32Array, scratch: Int32Array, start: number, stop: number, cut: number): number {
  let l = start, r = 0;
  for (let k = start; k < stop; k++) {
    const i = idx[k], left = ((bins[off + 4 * i] - cut - 1) >>> 31);
    idx[l] = i; scratch[r] = i;
    l += left; r += left ^ 1;
  }
  idx.set(scratch.subarray(0, r), l);
  return l;
}

/** As {@link partitionFinite}; rows in the missing bin go left when missLeft is 1. */
function partitionMissing(bins: Uint8Array, off: number, idx: Int32Array, scratch: Int32Array, start: number, stop: number, cut: number, missingBin: number, missLeft: number): number {
  let l = start, r = 0;
  for (let k = start; k < stop; k++) {
    const i = idx[k], b = bins[off + 4 * i];
    const left = b === missingBin ? missLeft : ((b - cut - 1) >>> 31);
    idx[l] = i; scratch[r] = i;
    l += left; r += left ^ 1;
  }
  idx.set(scratch.subarray(0, r), l);
  return l;
}

/**
 * growTree(ctx, raw, importance) – grows one tree on the current gradients, adds its (shrunk) leaf
 * values to `raw` (indexed by local row) and each split's gain to `importance[feature]`.
 */
export function growTree(ctx: GrowContext, raw: Float64Array, importance: Float64Array): GbdtTree {
  const { m, p, q, gh, idx, pool, words, ordered, minSamplesLeaf: msl } = ctx;
  const size = histogramSize(p);
  const take = () => pool.pop() ?? new Float64Array(size);
  const release = (nd: Node) => { if (nd.hist) { pool.push(nd.hist); nd.hist = null; } };
  identity(idx, m);
  const sumG = ctx.sums[0], sumH = ctx.sums[1];
  const nodes: Node[] = [{ start: 0, stop: m, depth: 0, sumG, sumH, value: 0, hist: null, split: emptySplit(), left: -1, right: -1 }];
  const splittable: Node[] = [];
  let nLeaves = 0;
  const finalize = (nd: Node) => { release(nd); nLeaves++; };
  const pushIfSplittable = (nd: Node) => {
    findBestSplit(nd.hist!, nd.sumG, nd.sumH, nd.stop - nd.start, ctx, nd.split);
    if (nd.split.gain > 0) splittable.push(nd); else finalize(nd);
  };
  const root = nodes[0];
  if (m < 2 * msl) finalize(root);
  else {
    if (ctx.rootCounts === null) countBins(words, m, q, ctx.rootCounts = new Float64Array(4 * q * HIST_BINS));
    root.hist = take();
    buildRowsHistogram(words, m, q, gh, 0, m, root.hist, ctx.rootCounts);
    pushIfSplittable(root);
  }
  while (splittable.length > 0) {
    let at = 0;
    for (let k = 1; k < splittable.length; k++) if (splittable[k].split.gain > splittable[at].split.gain) at = k;
    const node = splittable.splice(at, 1)[0], s = node.split;
    const mid = partition(ctx, node);
    if (mid - node.start !== s.nL) throw new Error(`gbdt partition mismatch: ${mid - node.start} rows left, histogram says ${s.nL}`);
    const mk = (start: number, stop: number, g: number, h: number): Node =>
      ({ start, stop, depth: node.depth + 1, sumG: g, sumH: h, value: leafValue(g, h, ctx.l2), hist: null, split: emptySplit(), left: -1, right: -1 });
    const L = mk(node.start, mid, s.gL, s.hL), R = mk(mid, node.stop, s.gR, s.hR);
    node.left = nodes.length; nodes.push(L);
    node.right = nodes.length; nodes.push(R);
    importance[s.feature] += s.gain;
    if (ctx.hasMissing[s.feature] === 0) s.missingLeft = s.nL > s.nR;
    if (nLeaves + splittable.length + 2 >= ctx.maxLeafNodes) {
      release(node); finalize(L); finalize(R);
      for (const nd of splittable) finalize(nd);
      splittable.length = 0;
      break;
    }
    if (ctx.maxDepth !== null && L.depth >= ctx.maxDepth) { release(node); finalize(L); finalize(R); continue; }
    const splitL = L.stop - L.start >= 2 * msl, splitR = R.stop - R.start >= 2 * msl;
    if (!splitL && !splitR) { release(node); finalize(L); finalize(R); continue; }
    const [small, large] = L.stop - L.start < R.stop - R.start ? [L, R] : [R, L];
    small.hist = take();
    buildNodeHistogram(words, m, q, gh, idx, small.start, small.stop, small.hist, ordered);
    large.hist = node.hist; node.hist = null;
    subtractHistogram(large.hist!, small.hist, large.hist!);
    if (splitL) pushIfSplittable(L); else finalize(L);
    if (splitR) pushIfSplittable(R); else finalize(R);
  }
  return toTree(ctx, nodes, raw);
}

/** identity(idx, m) – idx[i] = i for i < m. */
function identity(idx: Int32Array, m: number): void {
  for (let i = 0; i < m; i++) idx[i] = i;
}

/** toTree(ctx, nodes, raw) – flat arrays of the grown nodes; leaf values shrunk and added to `raw`. */
function toTree(ctx: GrowContext, nodes: Node[], raw: Float64Array): GbdtTree {
  const n = nodes.length, lr = ctx.learningRate, idx = ctx.idx;
  const t: GbdtTree = {
    feature: new Int32Array(n).fill(-1), bin: new Int32Array(n), threshold: new Float64Array(n), missingLeft: new Uint8Array(n),
    left: new Int32Array(n).fill(-1), right: new Int32Array(n).fill(-1), value: new Float64Array(n),
  };
  for (let j = 0; j < n; j++) {
    const nd = nodes[j];
    if (nd.left >= 0) {
      const f = nd.split.feature;
      t.feature[j] = f; t.bin[j] = nd.split.bin; t.threshold[j] = thresholdOf(ctx.thresholds[f], nd.split.bin);
      t.missingLeft[j] = nd.split.missingLeft ? 1 : 0; t.left[j] = nd.left; t.right[j] = nd.right;
    } else {
      const v = nd.value * lr;
      t.value[j] = v;
      for (let k = nd.start; k < nd.stop; k++) raw[idx[k]] += v;
    }
  }
  return t;
}
