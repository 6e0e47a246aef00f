import type { CvSplit } from './types.ts';
import { contiguousBlocks, countOf, validateIntervals } from './types.ts';
import { purgeTrain } from './purgeTrain.ts';
import { UserInputError } from '../../util/errors.ts';
import { combinations, binomial } from '../combinations.ts';

/** Options of {@link combinatorialPurgedCv}. */
export interface CpcvOptions {
  /** Number of contiguous groups N (first n mod N groups one larger). @default 6 */
  groups?: number;
  /** Test groups per split k (1 ≤ k < N). @default 2 */
  testGroups?: number;
  /** Embargo after each test group. @default 0.02 */
  embargoPct?: number;
  /** Safety margin before each test group. @default 0.05 */
  purgePct?: number;
}

/** Result of {@link combinatorialPurgedCv}. */
export interface CpcvResult {
  /** C(N, k) splits; split s tests the groups of the s-th combination in lexicographic order. */
  splits: CvSplit[];
  /** Group boundaries (N + 1 positions): group g is [groupBounds[g], groupBounds[g+1]). */
  groupBounds: Int32Array;
  /** Test groups of each split, row-major C(N,k) × k. */
  splitGroups: Int32Array;
  /** φ = k/N·C(N, k) backtest paths. */
  nPaths: number;
  /**
   * Path assignment, row-major φ × N: pathSplit[p·N + g] is the split whose test predictions fill
   * group g of path p. Group g is tested by exactly φ splits; the j-th of them (in split order) feeds path j.
   */
  pathSplit: Int32Array;
}

/**
 * combinatorialPurgedCv(t0, t1, {groups N, testGroups k, embargoPct, purgePct}) — AFML ch. 12.
 * Each test group is purged on its own window [T0_g, T1_g] (so training between two non-adjacent
 * test groups survives), with the embargo after and the margin before each test group.
 */
export function combinatorialPurgedCv(t0: ArrayLike<number>, t1: ArrayLike<number>, options: CpcvOptions = {}): CpcvResult {
  validateIntervals(t0, t1);
  const n = t0.length;
  const N = options.groups ?? 6, k = options.testGroups ?? 2;
  if (!Number.isInteger(N) || N < 2 || N > n) throw new UserInputError('cpcv.groups', `expected an integer in [2, ${n}]`, N);
  if (!Number.isInteger(k) || k < 1 || k >= N) throw new UserInputError('cpcv.test_groups', `expected an integer in [1, ${N - 1}]`, k);
  const embargoN = countOf(n, options.embargoPct ?? 0.02, 'embargo_pct');
  const marginN = countOf(n, options.purgePct ?? 0.05, 'purge_pct');
  const gb = contiguousBlocks(n, N);
  const combos = combinations(N, k);
  const nSplits = combos.length / k;
  const nPaths = (binomial(N, k) * k) / N;
  const pathSplit = new Int32Array(nPaths * N);
  const seen = new Int32Array(N);
  const splits: CvSplit[] = [];
  for (let s = 0; s < nSplits; s++) {
    const blocks: [number, number][] = [];
    for (let j = 0; j < k; j++) {
      const g = combos[s * k + j];
      blocks.push([gb[g], gb[g + 1]]);
      pathSplit[seen[g]++ * N + g] = s;
    }
    splits.push(purgeTrain(s, t0, t1, blocks, 0, n, embargoN, marginN));
  }
  return { splits, groupBounds: gb, splitGroups: combos, nPaths, pathSplit };
}

/**
 * assembleCpcvPaths(cv, perSplit) — builds the φ backtest paths. perSplit[s] holds one value per
 * test position of split s (aligned with splits[s].test: predictions, returns, ...). Returns φ arrays
 * of length n where path p, group g, is copied from split pathSplit[p·N + g].
 */
export function assembleCpcvPaths(cv: CpcvResult, perSplit: readonly Float64Array[]): Float64Array[] {
  const N = cv.groupBounds.length - 1, n = cv.groupBounds[N];
  if (perSplit.length !== cv.splits.length) throw new Error(`perSplit must have one array per split (${cv.splits.length}); had ${perSplit.length}`);
  const offsetInTest = (s: number, g: number): number => {
    // position of group g's first sample inside split s's test array
    const test = cv.splits[s].test;
    let lo = 0, hi = test.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (test[m] < cv.groupBounds[g]) lo = m + 1; else hi = m; }
    return lo;
  };
  const out: Float64Array[] = [];
  for (let p = 0; p < cv.nPaths; p++) {
    const path = new Float64Array(n);
    for (let g = 0; g < N; g++) {
      const s = cv.pathSplit[p * N + g];
      const v = perSplit[s];
      if (v.length !== cv.splits[s].test.length) throw new Error(`perSplit[${s}] must have ${cv.splits[s].test.length} values; had ${v.length}`);
      const off = offsetInTest(s, g), a = cv.groupBounds[g], b = cv.groupBounds[g + 1];
      path.set(v.subarray(off, off + (b - a)), a);
    }
    out.push(path);
  }
  return out;
}
