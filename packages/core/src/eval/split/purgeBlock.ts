import type { CvSplit } from './types.ts';
import { issueSplit } from './types.ts';

/**
 * advanceFirstTouch(t1, from, T0, limit) — the first index i ≥ from, i < limit, with t1[i] ≥ T0 (limit when none),
 * scanning forward. For test blocks visited in time order T0 never decreases, so one pointer carried from block
 * to block finds every block's value in O(n) total: every sample before it has a label ending before T0.
 */
export function advanceFirstTouch(t1: ArrayLike<number>, from: number, T0: number, limit: number): number {
  let p = from;
  while (p < limit && t1[p] < T0) p++;
  return p;
}

/** First index in [lo, hi) with a[i] > x for a non-decreasing a (hi when none). */
function firstAbove(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] > x) hi = m; else lo = m + 1; }
  return lo;
}

/**
 * The single-test-block case of purgeTrain (K-fold, walk-forward) in O(block + run near the block) comparisons
 * plus a bulk fill, using that t0 is sorted: a candidate before the block (t0ᵢ ≤ T0) overlaps iff t1ᵢ ≥ T0, and
 * every sample before `firstTouch` (the first index with t1 ≥ T0 = t0[start], see advanceFirstTouch) is clean;
 * a candidate after the block
 * (t0ᵢ ≥ T0, so t1ᵢ ≥ T0) overlaps iff t0ᵢ ≤ T1, a prefix found by binary search. Same rules, counts and output
 * as purgeTrain (a property test checks they agree).
 */
export function purgeBlock(
  index: number, t0: ArrayLike<number>, t1: ArrayLike<number>, firstTouch: number,
  start: number, end: number, candLo: number, candHi: number, embargoN: number, marginN: number,
): CvSplit {
  let T0 = Infinity, T1 = -Infinity;
  for (let i = start; i < end; i++) { if (t0[i] < T0) T0 = t0[i]; if (t1[i] > T1) T1 = t1[i]; }
  const test = new Int32Array(end - start);
  for (let i = start; i < end; i++) test[i - start] = i;
  let purged = 0, embargoed = 0, purgedMargin = 0;
  // before the block: [candLo, clean) is clean in bulk; [clean, beforeHi) is scanned
  const beforeHi = Math.min(start, candHi), marginLo = start - marginN;
  const clean = candLo < beforeHi ? Math.max(candLo, Math.min(firstTouch, beforeHi, marginLo)) : candLo;
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
