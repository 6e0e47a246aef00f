import type { CvSplit } from './types.ts';
import { issueSplit, validateIntervals } from './types.ts';

/**
 * prefixMaxT1(t1) — pmax[i] = max(t1[0..i]), non-decreasing; lets {@link purgeBlock} skip the long run of
 * early samples whose labels all end before a test window.
 */
export function prefixMaxT1(t1: ArrayLike<number>): Float64Array {
  const out = new Float64Array(t1.length);
  let m = -Infinity;
  for (let i = 0; i < t1.length; i++) { if (t1[i] > m) m = t1[i]; out[i] = m; }
  return out;
}

/**
 * validatedPrefixMax(t0, t1) — validateIntervals and prefixMaxT1 in one pass (the same checks; on a failure the
 * detailed validation names the first bad sample).
 */
export function validatedPrefixMax(t0: ArrayLike<number>, t1: ArrayLike<number>): Float64Array {
  const n = t0.length;
  if (t1.length !== n) validateIntervals(t0, t1);
  const out = new Float64Array(n);
  let m = -Infinity, prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = t0[i], b = t1[i];
    if (!(a >= prev && b >= a && b - a < Infinity && a > -Infinity)) { validateIntervals(t0, t1); break; }
    prev = a;
    if (b > m) m = b;
    out[i] = m;
  }
  return out;
}

/** First index in [lo, hi) with a[i] > x for a non-decreasing a (hi when none). */
function firstAbove(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] > x) hi = m; else lo = m + 1; }
  return lo;
}

/** First index in [lo, hi) with a[i] ≥ x for a non-decreasing a (hi when none). */
function firstAtLeast(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] >= x) hi = m; else lo = m + 1; }
  return lo;
}

/**
 * The single-test-block case of purgeTrain (K-fold, walk-forward) in O(block + run near the block) comparisons
 * plus a bulk fill, using that t0 is sorted: a candidate before the block (t0ᵢ ≤ T0) overlaps iff t1ᵢ ≥ T0, and
 * every sample before the first index whose prefix-max t1 reaches T0 is clean; a candidate after the block
 * (t0ᵢ ≥ T0, so t1ᵢ ≥ T0) overlaps iff t0ᵢ ≤ T1, a prefix found by binary search. Same rules, counts and output
 * as purgeTrain (a property test checks they agree).
 */
export function purgeBlock(
  index: number, t0: ArrayLike<number>, t1: ArrayLike<number>, pmax: Float64Array,
  start: number, end: number, candLo: number, candHi: number, embargoN: number, marginN: number,
): CvSplit {
  let T0 = Infinity, T1 = -Infinity;
  for (let i = start; i < end; i++) { if (t0[i] < T0) T0 = t0[i]; if (t1[i] > T1) T1 = t1[i]; }
  const test = new Int32Array(end - start);
  for (let i = start; i < end; i++) test[i - start] = i;
  let purged = 0, embargoed = 0, purgedMargin = 0;
  // before the block: [candLo, clean) is clean in bulk; [clean, beforeHi) is scanned
  const beforeHi = Math.min(start, candHi), marginLo = start - marginN;
  const clean = candLo < beforeHi ? Math.max(candLo, Math.min(firstAtLeast(pmax, T0, 0, beforeHi), marginLo)) : candLo;
  let keptNear = 0;
  for (let i = clean; i < beforeHi; i++) {
    if (t1[i] >= T0) purged++;
    else if (i >= marginLo) purgedMargin++;
    else keptNear++;
  }
  // after the block: overlap is the prefix [afterLo, overlapEnd), then the embargo, then a clean tail
  const afterLo = Math.max(end, candLo);
  let embEnd = afterLo;
  if (afterLo < candHi) {
    const overlapEnd = firstAbove(t0, T1, afterLo, candHi);
    purged += overlapEnd - afterLo;
    embEnd = Math.min(candHi, Math.max(overlapEnd, end + embargoN));
    embargoed += embEnd - overlapEnd;
  }
  const headN = Math.max(0, Math.min(clean, beforeHi) - candLo), tailN = Math.max(0, candHi - embEnd);
  const train = new Int32Array(headN + keptNear + tailN);
  let nt = 0;
  for (let i = candLo; i < candLo + headN; i++) train[nt++] = i;
  for (let i = clean; i < beforeHi; i++) if (t1[i] < T0 && i < marginLo) train[nt++] = i;
  for (let i = embEnd; i < candHi; i++) train[nt++] = i;
  return issueSplit({ index, test, train, purged, embargoed, purgedMargin, window: [T0, T1], blocks: [[start, end]] });
}
