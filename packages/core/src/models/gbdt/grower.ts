/**
 * Grows one tree best-first (scikit-learn's TreeGrower): the splittable node with the largest gain is
 * split next, until `maxLeafNodes` leaves, `maxDepth`, or no node can split. A child needs
 * 2·minSamplesLeaf samples to be splittable. Histograms: the smaller child's is built from its rows,
 * the larger child's is the parent's minus it (in the parent's buffer). Buffers come from a pool.
 */
import { binOffset } from './binning.ts';
import { histogramSize } from './histogram.ts';
import { TASK_CHILDREN, TASK_LEAVES, TASK_PLACE_ROWS, TASK_ROOT, TASK_SPLIT_ROWS, mergeSplits, runTask } from './parallel.ts';
import type { GbdtShared, GbdtThreads } from './parallel.ts';
import { emptySplit, leafValue } from './split.ts';
import type { SplitInfo } from './split.ts';
import { thresholdOf } from './tree.ts';
import type { GbdtTree } from './tree.ts';

/** What every tree of one fit shares: the step state (binned rows, gradients, buffers) and the limits. */
export interface GrowContext {
  /** The arrays the steps work on (shared memory when threaded). */
  st: GbdtShared;
  /** Helper threads, or null. */
  threads: GbdtThreads | null;
  /** Scratch (length m) of the partition. */
  scratch: Int32Array;
  thresholds: Float64Array[];
  /** The bin of missing values. */
  missingBin: number;
  maxLeafNodes: number;
  maxDepth: number | null;
  learningRate: number;
  /** Free histogram slots (indices into st.hists); without threads new slots are added on demand. */
  free: number[];
}

interface Node {
  start: number; stop: number; depth: number;
  sumG: number; sumH: number; value: number;
  /** Histogram slot, or −1. */
  hist: number;
  split: SplitInfo;
  left: number; right: number;
}

/** Nodes with fewer rows are partitioned on the fitting thread alone (two steps' hand-offs cost more than the split). */
const PARALLEL_PARTITION_ROWS = 4096;

/**
 * partition(ctx, node, gatherSide) – stable in-place split of idx[start..stop) by the node's split (lefts
 * first), and the pairs of the left (gatherSide 0) or right (1) child gathered into `ordered` (−1: none).
 * With threads: each part splits its share of the rows into st.lefts / st.rights, then places them.
 */
function partition(ctx: GrowContext, node: Node, gatherSide: number): void {
  const { st, threads } = ctx, { m, idx, bins, task } = st, s = node.split, f = s.feature;
  const missLeft = st.hasMissing[f] === 1 ? (s.missingLeft ? 1 : 0) : -1;
  let mid: number;
  if (threads !== null && st.parts > 1 && node.stop - node.start >= PARALLEL_PARTITION_ROWS) {
    task[0] = TASK_SPLIT_ROWS; task[1] = f; task[2] = s.bin; task[3] = missLeft; task[4] = node.start; task[5] = node.stop;
    runTask(st, threads);
    mid = node.start;
    for (let k = 0; k < st.parts; k++) mid += st.sideCounts[2 * k];
    if (mid - node.start === s.nL) {
      task[0] = TASK_PLACE_ROWS; task[1] = node.start; task[2] = node.stop; task[3] = s.nL; task[4] = gatherSide;
      runTask(st, threads);
    }
  } else {
    const off = binOffset(f, m);
    mid = missLeft >= 0 ? partitionMissing(bins, off, idx, ctx.scratch, node.start, node.stop, s.bin, ctx.missingBin, missLeft)
      : partitionFinite(bins, off, idx, ctx.scratch, node.start, node.stop, s.bin);
    if (gatherSide === 0) gather(st.gh, idx, node.start, mid - node.start, st.ordered);
    else if (gatherSide === 1) gather(st.gh, idx, mid, node.stop - mid, st.ordered);
  }
  if (mid - node.start !== s.nL) throw new Error(`gbdt partition mismatch: ${mid - node.start} rows left, histogram says ${s.nL}`);
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
 * growTree(ctx, importance) – grows one tree on the current gradients (st.gh, their sums in st.sums),
 * adds its (shrunk) leaf values to st.raw and each split's gain to `importance[feature]`.
 */
export function growTree(ctx: GrowContext, sums: Float64Array, importance: Float64Array): GbdtTree {
  const { st, threads, free } = ctx, { m, idx, task, minSamplesLeaf: msl } = st;
  const size = histogramSize(st.p);
  const take = (): number => {
    const slot = free.pop();
    if (slot !== undefined) return slot;
    if (threads !== null) throw new Error('gbdt: out of shared histogram slots');
    st.hists.push(new Float64Array(size));
    return st.hists.length - 1;
  };
  const release = (nd: Node) => { if (nd.hist >= 0) { free.push(nd.hist); nd.hist = -1; } };
  identity(idx, m);
  const nodes: Node[] = [{ start: 0, stop: m, depth: 0, sumG: sums[0], sumH: sums[1], value: 0, hist: -1, split: emptySplit(), left: -1, right: -1 }];
  const splittable: Node[] = [];
  let nLeaves = 0;
  const finalize = (nd: Node) => { release(nd); nLeaves++; };
  const settle = (nd: Node) => { if (nd.split.gain > 0) splittable.push(nd); else finalize(nd); };
  const root = nodes[0];
  if (m < 2 * msl) finalize(root);
  else {
    root.hist = take();
    task[0] = TASK_ROOT; task[1] = root.hist; task[2] = root.sumG; task[3] = root.sumH; task[4] = m;
    runTask(st, threads);
    mergeSplits(st, 0, root.split);
    settle(root);
  }
  while (splittable.length > 0) {
    let at = 0;
    for (let k = 1; k < splittable.length; k++) if (splittable[k].split.gain > splittable[at].split.gain) at = k;
    const node = splittable.splice(at, 1)[0], s = node.split, mid = node.start + s.nL;
    const mk = (start: number, stop: number, g: number, h: number): Node =>
      ({ start, stop, depth: node.depth + 1, sumG: g, sumH: h, value: leafValue(g, h, st.l2), hist: -1, split: emptySplit(), left: -1, right: -1 });
    const L = mk(node.start, mid, s.gL, s.hL), R = mk(mid, node.stop, s.gR, s.hR);
    node.left = nodes.length; nodes.push(L);
    node.right = nodes.length; nodes.push(R);
    importance[s.feature] += s.gain;
    const splitL = L.stop - L.start >= 2 * msl, splitR = R.stop - R.start >= 2 * msl;
    const last = nLeaves + splittable.length + 2 >= ctx.maxLeafNodes, deep = ctx.maxDepth !== null && L.depth >= ctx.maxDepth;
    const grow = !last && !deep && (splitL || splitR);
    const smallIsL = L.stop - L.start < R.stop - R.start;
    partition(ctx, node, grow ? (smallIsL ? 0 : 1) : -1);
    if (st.hasMissing[s.feature] === 0) s.missingLeft = s.nL > s.nR;
    if (last) {
      release(node); finalize(L); finalize(R);
      for (const nd of splittable) finalize(nd);
      splittable.length = 0;
      break;
    }
    if (!grow) { release(node); finalize(L); finalize(R); continue; }
    const [small, large] = smallIsL ? [L, R] : [R, L];
    const [splitSmall, splitLarge] = smallIsL ? [splitL, splitR] : [splitR, splitL];
    small.hist = take();
    large.hist = node.hist; node.hist = -1;
    task[0] = TASK_CHILDREN; task[1] = small.hist; task[2] = large.hist; task[3] = small.start; task[4] = small.stop;
    task[5] = splitSmall ? 1 : 0; task[6] = small.sumG; task[7] = small.sumH; task[8] = small.stop - small.start;
    task[9] = splitLarge ? 1 : 0; task[10] = large.sumG; task[11] = large.sumH; task[12] = large.stop - large.start;
    runTask(st, threads);
    if (splitSmall) mergeSplits(st, 0, small.split);
    if (splitLarge) mergeSplits(st, 1, large.split);
    if (splitL) settle(L); else finalize(L);
    if (splitR) settle(R); else finalize(R);
  }
  return toTree(ctx, nodes);
}

/** ogh[2k], ogh[2k+1] = gh[2i], gh[2i+1] for i = idx[start + k], k < n. */
function gather(gh: Float64Array, idx: Int32Array, start: number, n: number, ogh: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const i = idx[start + k];
    ogh[2 * k] = gh[2 * i]; ogh[2 * k + 1] = gh[2 * i + 1];
  }
}

/** identity(idx, m) – idx[i] = i for i < m. */
function identity(idx: Int32Array, m: number): void {
  for (let i = 0; i < m; i++) idx[i] = i;
}

/** toTree(ctx, nodes) – flat arrays of the grown nodes; leaf values shrunk and added to st.raw. */
function toTree(ctx: GrowContext, nodes: Node[]): GbdtTree {
  const n = nodes.length, lr = ctx.learningRate, st = ctx.st, leaves = st.leaves;
  let nLeaves = 0;
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
      leaves[3 * nLeaves] = nd.start; leaves[3 * nLeaves + 1] = nd.stop; leaves[3 * nLeaves + 2] = v;
      nLeaves++;
    }
  }
  // raw += leaf value, rows cut by their position in idx over the parts
  st.task[0] = TASK_LEAVES; st.task[1] = nLeaves;
  runTask(st, ctx.threads);
  return t;
}
