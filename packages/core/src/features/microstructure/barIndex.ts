/** True when b is the last bar with barTs[b] ≤ t. */
function isLastAtOrBefore(barTs: Float64Array, b: number, t: number): boolean {
  return b >= 0 && b < barTs.length && barTs[b] <= t && (b + 1 === barTs.length || barTs[b + 1] > t);
}

/**
 * barOf(barTs, intervalMs, t, hint) – the bar b with barTs[b] ≤ t < barTs[b] + intervalMs, or −1 when
 * t falls in no bar (before the first, after the last, or in a gap between bars). `barTs` must be
 * ascending. `hint.b` remembers the last answer so a forward scan over sorted times is O(1) amortised;
 * unsorted times still get the right bar through a binary search.
 */
export function barOf(barTs: Float64Array, intervalMs: number, t: number, hint: { b: number }): number {
  let b = hint.b;
  if (!isLastAtOrBefore(barTs, b, t)) {
    if (isLastAtOrBefore(barTs, b + 1, t)) b++;
    else {
      let lo = 0;
      let hi = barTs.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (barTs[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      b = lo - 1;
    }
  }
  if (b < 0) return -1;
  hint.b = b;
  return t < barTs[b] + intervalMs ? b : -1;
}
