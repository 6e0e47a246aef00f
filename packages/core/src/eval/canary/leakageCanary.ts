import { createRng } from '../../util/rng.ts';
import { fitLogistic, predictLogistic } from '../../models/logistic.ts';
import { purgedKFold } from '../split/purgedKFold.ts';
import { fitOnTrain } from '../split/fitOnTrain.ts';
import { contiguousBlocks, validateIntervals } from '../split/types.ts';

/** Options of {@link leakageCanary}. */
export interface LeakageCanaryOptions {
  /** Seed of the synthetic returns and shuffles. */
  seed: number;
  /** Folds. @default 5 */
  nSplits?: number;
  /** Embargo of the purged split under test. @default 0.02 */
  embargoPct?: number;
  /** Purge margin of the purged split under test. @default 0.05 */
  purgePct?: number;
}

/** What the canary measured; accuracies are out-of-fold over all samples. */
export interface LeakageCanaryResult {
  nSamples: number;
  /** n / mean number of samples whose interval overlaps a sample's interval: the effective number of independent labels. */
  effectiveSamples: number;
  /** Allowed distance from chance: 3 binomial standard errors at the effective sample size, 3·0.5/√effectiveSamples. */
  tolerance: number;
  /** Labels shuffled at random, logistic regression on a clock + noise feature, purged K-fold. */
  shuffledLabels: { purgedAccuracy: number; atChance: boolean };
  /** Labels from future synthetic returns over each interval; a 1-nearest-neighbour learner on the time feature (it memorises neighbours, so it exploits any overlap). Honest accuracy is 0.5. */
  overlapLeak: { shuffledKFoldAccuracy: number; unpurgedKFoldAccuracy: number; purgedKFoldAccuracy: number; leakDetected: boolean; purgedHonest: boolean };
  /** shuffledLabels.atChance && overlapLeak.purgedHonest. */
  passed: boolean;
}

/**
 * leakageCanary(t0, t1, {seed, nSplits, embargoPct, purgePct}) — a diagnostic of the purged split on the
 * user's own label intervals. Synthetic per-time returns are drawn on the grid of all t0/t1 times; sample i's
 * label is the sign of the return summed over (t0ᵢ, t1ᵢ], so overlapping intervals share returns and labels
 * correlate exactly as real overlapping labels do, while no feature carries real information (honest accuracy 0.5).
 * (1) With labels shuffled, out-of-fold accuracy must stay at chance. (2) A 1-NN learner on the time feature
 * reads a test label off its nearest training neighbour: a shuffled K-fold (and, at fold edges, an unpurged
 * contiguous one) inflates accuracy, while the purged split must stay within the tolerance of 0.5.
 */
export function leakageCanary(t0: Float64Array, t1: Float64Array, options: LeakageCanaryOptions): LeakageCanaryResult {
  validateIntervals(t0, t1);
  const n = t0.length, k = options.nSplits ?? 5;
  const rng = createRng(options.seed);
  // time grid and synthetic returns
  const grid = Float64Array.from(new Set([...t0, ...t1])).sort();
  const cum = new Float64Array(grid.length);
  for (let g = 1; g < grid.length; g++) cum[g] = cum[g - 1] + rng.normal();
  const at = (t: number): number => lowerBound(grid, t);
  const y = new Int8Array(n);
  for (let i = 0; i < n; i++) { const d = cum[at(t1[i])] - cum[at(t0[i])]; y[i] = d > 0 ? 1 : d < 0 ? -1 : (rng.next() < 0.5 ? 1 : -1); }
  // effective sample size from interval overlap counts (two pointers over sorted t0)
  let overlapSum = 0, lo = 0;
  for (let i = 0; i < n; i++) {
    while (lo < i && t1[lo] < t0[i]) lo++;
    let c = 1;
    for (let j = lo; j < i; j++) if (t1[j] >= t0[i]) c++;
    for (let j = i + 1; j < n && t0[j] <= t1[i]; j++) c++;
    overlapSum += c;
  }
  const effectiveSamples = n / (overlapSum / n);
  const tolerance = 3 * 0.5 / Math.sqrt(effectiveSamples);
  const splits = purgedKFold(t0, t1, { nSplits: k, embargoPct: options.embargoPct ?? 0.02, purgePct: options.purgePct ?? 0.05 });

  // (1) shuffled labels, logistic on [clock, noise], purged K-fold
  const ys = y.slice();
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const tmp = ys[i]; ys[i] = ys[j]; ys[j] = tmp; }
  const X = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) { X[2 * i] = t0[i]; X[2 * i + 1] = rng.normal(); }
  let hit = 0, tot = 0;
  for (const s of splits) {
    const model = fitOnTrain(s, (rows) => fitLogistic(X, ys, rows, { p: 2, l2: 1 }));
    const pr = predictLogistic(model, X, s.test);
    for (let q = 0; q < s.test.length; q++) { tot++; if ((pr[q] > 0.5 ? 1 : -1) === ys[s.test[q]]) hit++; }
  }
  const purgedShuffled = hit / tot;

  // (2) 1-NN on time under three splitters
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp; }
  const bounds = contiguousBlocks(n, k);
  const foldOf = (ix: Int32Array) => {
    const f = new Int32Array(n);
    for (let b = 0; b < k; b++) for (let q = bounds[b]; q < bounds[b + 1]; q++) f[ix[q]] = b;
    return f;
  };
  const shuffledFold = foldOf(perm), contiguousFold = foldOf(Int32Array.from({ length: n }, (_, i) => i));
  const plainAccuracy = (fold: Int32Array): number => {
    let h = 0;
    for (let b = 0; b < k; b++) {
      const train: number[] = [], test: number[] = [];
      for (let i = 0; i < n; i++) (fold[i] === b ? test : train).push(i);
      h += nearestNeighbourHits(t0, y, Int32Array.from(train), Int32Array.from(test));
    }
    return h / n;
  };
  let ph = 0;
  for (const s of splits) ph += fitOnTrain(s, (rows) => nearestNeighbourHits(t0, y, rows, s.test));
  const shuffledKFoldAccuracy = plainAccuracy(shuffledFold);
  const unpurgedKFoldAccuracy = plainAccuracy(contiguousFold);
  const purgedKFoldAccuracy = ph / n;
  const atChance = Math.abs(purgedShuffled - 0.5) <= tolerance;
  const purgedHonest = purgedKFoldAccuracy - 0.5 <= tolerance;
  return {
    nSamples: n, effectiveSamples, tolerance,
    shuffledLabels: { purgedAccuracy: purgedShuffled, atChance },
    overlapLeak: { shuffledKFoldAccuracy, unpurgedKFoldAccuracy, purgedKFoldAccuracy, leakDetected: shuffledKFoldAccuracy - 0.5 > tolerance, purgedHonest },
    passed: atChance && purgedHonest,
  };
}

/** First index with sorted[i] ≥ x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let a = 0, b = sorted.length;
  while (a < b) { const m = (a + b) >> 1; if (sorted[m] < x) a = m + 1; else b = m; }
  return a;
}

/** Counts test samples whose label equals that of the training sample nearest in t0 (ties → earlier). */
function nearestNeighbourHits(t0: Float64Array, y: Int8Array, train: Int32Array, test: Int32Array): number {
  if (train.length === 0) return 0;
  const times = Float64Array.from(train, (i) => t0[i]); // train positions are ascending, so times are sorted
  let hits = 0;
  for (const j of test) {
    const p = lowerBound(times, t0[j]);
    let best = p < times.length ? p : times.length - 1;
    if (p > 0 && (p === times.length || t0[j] - times[p - 1] <= times[p] - t0[j])) best = p - 1;
    if (y[train[best]] === y[j]) hits++;
  }
  return hits;
}
