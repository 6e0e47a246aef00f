import type { CvSplit } from './types.ts';
import { contiguousBlocks, countOf, validateIntervals } from './types.ts';
import { purgeBlock, advanceFirstTouch } from './purgeBlock.ts';
import { UserInputError } from '../../util/errors.ts';

/** Options of {@link purgedKFold}. */
export interface PurgedKFoldOptions {
  /** Number of folds k. @default 5 */
  nSplits?: number;
  /** Embargo: the ⌊n·embargoPct⌋ samples right after each test block leave training. @default 0.02 */
  embargoPct?: number;
  /** Safety margin: the ⌊n·purgePct⌋ samples right before each test block leave training. @default 0.05 */
  purgePct?: number;
}

/**
 * purgedKFold(t0, t1, {nSplits, embargoPct, purgePct}) — purged K-fold with embargo (AFML ch. 7).
 *
 * Samples are events with closed label intervals [t0ᵢ, t1ᵢ], given in time order. Test folds are
 * contiguous blocks; with n samples and k folds the first n mod k folds hold one extra sample.
 * For a block with window [T0, T1] (T0 = min t0 in the block, T1 = max t1 in the block) a training
 * sample is kept only if t1ᵢ < T0 or t0ᵢ > T1. Unlike mlfinlab's PurgedKFold (issues #295/#494),
 * the window starts at the block's earliest t0, not at the first test sample's t1, so no training
 * label ending inside the test fold survives.
 */
export function purgedKFold(t0: ArrayLike<number>, t1: ArrayLike<number>, options: PurgedKFoldOptions = {}): CvSplit[] {
  const k = options.nSplits ?? 5;
  validateIntervals(t0, t1);
  const n = t0.length;
  if (!Number.isInteger(k) || k < 2) throw new UserInputError('n_splits', 'expected an integer ≥ 2', k);
  if (n < k) throw new UserInputError('n_splits', `expected at most the number of samples (${n})`, k);
  const embargoN = countOf(n, options.embargoPct ?? 0.02, 'embargo_pct');
  const marginN = countOf(n, options.purgePct ?? 0.05, 'purge_pct');
  const bounds = contiguousBlocks(n, k);
  const out: CvSplit[] = [];
  let touch = 0; // first index whose label reaches the current block's T0 (monotone across blocks)
  for (let f = 0; f < k; f++) {
    touch = advanceFirstTouch(t1, touch, t0[bounds[f]], bounds[f]);
    out.push(purgeBlock(f, t0, t1, touch, bounds[f], bounds[f + 1], 0, n, embargoN, marginN));
  }
  return out;
}
