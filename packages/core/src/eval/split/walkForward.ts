import type { CvSplit } from './types.ts';
import { contiguousBlocks, countOf, validateIntervals } from './types.ts';
import { purgeBlock, advanceFirstTouch } from './purgeBlock.ts';
import { UserInputError } from '../../util/errors.ts';

/** Options of {@link walkForward}. */
export interface WalkForwardOptions {
  /** `rolling`: train on the last trainSize samples before each test window; `expanding`: on everything before it. @default 'expanding' */
  window?: 'rolling' | 'expanding';
  /** Number of test windows when testSize is not given: the samples after the first training window are cut into this many contiguous blocks (first ones one larger). @default 5 */
  nSplits?: number;
  /** Training length as a share of n (the rolling window, or the first window when expanding); used when trainSize is not given. @default 0.5 */
  trainPct?: number;
  /** Training length in samples (overrides trainPct). */
  trainSize?: number;
  /** Test window length in samples; with it, windows start every `step` samples after the first training window. */
  testSize?: number;
  /** Step between test-window starts in samples. @default testSize */
  step?: number;
  /** Embargo after each test block (see purgedKFold). Training always precedes its test window here, so it removes nothing and `embargoed` is 0. @default 0.02 */
  embargoPct?: number;
  /** Safety margin: the ⌊n·purgePct⌋ samples right before each test window leave training. @default 0.05 */
  purgePct?: number;
}

/**
 * walkForward(t0, t1, options) — train on the past, test on the next window, step forward.
 * At each train→test boundary training samples whose closed interval touches the test window
 * [T0, T1] are purged and the ⌊n·purgePct⌋ samples before the window are dropped as a margin.
 * The embargo is defined (as in K-fold) on the samples AFTER a test block; since walk-forward never
 * trains on data after its test window, it has nothing to remove (reported as embargoed = 0).
 */
export function walkForward(t0: ArrayLike<number>, t1: ArrayLike<number>, options: WalkForwardOptions = {}): CvSplit[] {
  validateIntervals(t0, t1);
  const n = t0.length;
  const mode = options.window ?? 'expanding';
  if (mode !== 'rolling' && mode !== 'expanding') throw new UserInputError('walk_forward.window', 'expected rolling | expanding', mode);
  const trainSize = options.trainSize ?? Math.floor(n * (options.trainPct ?? 0.5) + 1e-9);
  if (!Number.isInteger(trainSize) || trainSize < 1 || trainSize >= n) throw new UserInputError('walk_forward.train_size', `expected an integer in [1, ${n - 1}]`, trainSize);
  const embargoN = countOf(n, options.embargoPct ?? 0.02, 'embargo_pct');
  const marginN = countOf(n, options.purgePct ?? 0.05, 'purge_pct');
  const blocks: [number, number][] = [];
  if (options.testSize !== undefined) {
    const ts = options.testSize, step = options.step ?? ts;
    if (!Number.isInteger(ts) || ts < 1) throw new UserInputError('walk_forward.test_size', 'expected a positive integer', ts);
    if (!Number.isInteger(step) || step < 1) throw new UserInputError('walk_forward.step', 'expected a positive integer', step);
    for (let s = trainSize; s < n; s += step) blocks.push([s, Math.min(s + ts, n)]);
  } else {
    const k = options.nSplits ?? 5;
    if (!Number.isInteger(k) || k < 1 || k > n - trainSize) throw new UserInputError('n_splits', `expected an integer in [1, ${n - trainSize}]`, k);
    const b = contiguousBlocks(n - trainSize, k);
    for (let j = 0; j < k; j++) blocks.push([trainSize + b[j], trainSize + b[j + 1]]);
  }
  let touch = 0; // first index whose label reaches the current window's T0 (monotone: windows move forward)
  return blocks.map(([s, e], j) => {
    touch = advanceFirstTouch(t1, touch, t0[s], s);
    return purgeBlock(j, t0, t1, touch, s, e, mode === 'rolling' ? s - trainSize : 0, s, embargoN, marginN);
  });
}
