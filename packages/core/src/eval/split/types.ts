import { UserInputError } from '../../util/errors.ts';

/**
 * One train/test split. Positions index the samples in time order (sorted by t0).
 * A removed training candidate is counted once, by the first rule that removes it, in this order:
 * overlap with a test window (`purged`), the embargo after a test block (`embargoed`), the
 * purge_pct safety margin before a test block (`purgedMargin`).
 */
export interface CvSplit {
  /** Index of the split (fold, walk-forward step, or CPCV combination in lexicographic order). */
  readonly index: number;
  /** Test positions, ascending. */
  readonly test: Int32Array;
  /** Training positions that survived purging, embargo and the margin, ascending. */
  readonly train: Int32Array;
  /** Training candidates removed because their closed interval [t0ᵢ, t1ᵢ] touches a test window [T0, T1]. */
  readonly purged: number;
  /** Candidates (not already purged) removed by the embargo: the ⌊n·embargo_pct⌋ samples right after a test block. */
  readonly embargoed: number;
  /** Candidates (not purged or embargoed) removed by the margin: the ⌊n·purge_pct⌋ samples right before a test block. */
  readonly purgedMargin: number;
  /** [T0, T1] of the test block: earliest t0 and latest t1 in it (the span of all blocks for CPCV). */
  readonly window: readonly [number, number];
  /** Per test block [start, end) positions (one block for K-fold and walk-forward, k for CPCV). */
  readonly blocks: readonly (readonly [number, number])[];
}

/**
 * Splits handed out by this module's splitters. Preprocessing (`fitOnTrain`) accepts only these,
 * so a scaler or selector cannot be fitted on rows a splitter did not mark as training.
 */
const issued = new WeakSet<CvSplit>();

export function issueSplit(split: CvSplit): CvSplit {
  Object.freeze(split);
  issued.add(split);
  return split;
}

/** True when `split` came from purgedKFold / walkForward / combinatorialPurgedCv in this process. */
export function isIssuedSplit(split: CvSplit): boolean {
  return issued.has(split);
}

/** ⌊n·pct⌋ with a tiny tolerance so 100·0.29 gives 29, not 28. */
export function countOf(n: number, pct: number, field: string): number {
  if (!(pct >= 0 && pct < 1)) throw new UserInputError(field, 'expected a fraction in [0, 1)', pct);
  return Math.floor(n * pct + 1e-9);
}

/** Checks the event intervals: equal lengths, finite, t1 ≥ t0, t0 non-decreasing (time order). */
export function validateIntervals(t0: ArrayLike<number>, t1: ArrayLike<number>): void {
  if (t0.length !== t1.length) throw new Error(`t0 and t1 must have equal lengths; were ${t0.length} and ${t1.length}`);
  // fast pass: one combined test per sample (NaN and ±Infinity fail it); details only on failure
  let prev = -Infinity, ok = true;
  for (let i = 0; i < t0.length; i++) {
    const a = t0[i], b = t1[i];
    if (!(a >= prev && b >= a && b - a < Infinity && a > -Infinity)) { ok = false; break; }
    prev = a;
  }
  if (!ok) describeIntervalError(t0, t1);
}

function describeIntervalError(t0: ArrayLike<number>, t1: ArrayLike<number>): void {
  let prev = -Infinity;
  for (let i = 0; i < t0.length; i++) {
    const a = t0[i], b = t1[i];
    if (!Number.isFinite(a)) throw new UserInputError(`t0[${i}]`, 'expected a finite time', a);
    if (!Number.isFinite(b)) throw new UserInputError(`t1[${i}]`, 'expected a finite time', b);
    if (b < a) throw new UserInputError(`t1[${i}]`, `expected ≥ t0[${i}] = ${a}`, b);
    if (a < prev) throw new UserInputError(`t0[${i}]`, `expected samples in time order (t0 ≥ ${prev})`, a);
    prev = a;
  }
}

/** Contiguous block boundaries: n samples in k blocks, the first n mod k blocks one sample larger. */
export function contiguousBlocks(n: number, k: number): Int32Array {
  const bounds = new Int32Array(k + 1);
  const base = Math.floor(n / k), extra = n % k;
  for (let j = 0; j < k; j++) bounds[j + 1] = bounds[j] + base + (j < extra ? 1 : 0);
  return bounds;
}
