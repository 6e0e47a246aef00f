/** Options for {@link asOfJoin}. */
export interface AsOfJoinOptions {
  /** Extra delay (ms) added to each source time before it counts as known. @default 0 */
  lagMs?: number;
  /** Write into this array (length of targetTs) instead of allocating. */
  output?: Float64Array;
}

/**
 * asOfJoin(targetTs, knownAt, values) – for each target time T, the value of the LAST source row with
 * knownAt + lagMs ≤ T (ties: the later row wins); NaN when no row is known yet. Causal by construction:
 * a row becomes visible only from the moment it is known. `knownAt` must be non-decreasing; targetTs
 * may be in any order (a merge is used when it is sorted, a binary search otherwise).
 */
export function asOfJoin(targetTs: Float64Array, knownAt: Float64Array, values: Float64Array, options: AsOfJoinOptions = {}): Float64Array {
  const m = knownAt.length;
  if (values.length !== m) throw new Error(`asOfJoin: knownAt/values lengths differ (${m}, ${values.length})`);
  for (let j = 1; j < m; j++) {
    if (!(knownAt[j] >= knownAt[j - 1])) throw new Error(`asOfJoin: knownAt must be non-decreasing; row ${j} (${knownAt[j]}) < row ${j - 1} (${knownAt[j - 1]})`);
  }
  const lag = options.lagMs ?? 0;
  const n = targetTs.length;
  const out = options.output ?? new Float64Array(n);
  let j = -1; // last visible source row
  let prevT = -Infinity;
  for (let i = 0; i < n; i++) {
    const T = targetTs[i];
    if (T < prevT) j = lastAtOrBefore(knownAt, T - lag);
    else while (j + 1 < m && knownAt[j + 1] + lag <= T) j++;
    prevT = T;
    out[i] = j < 0 ? NaN : values[j];
  }
  return out;
}

/** Index of the last row with knownAt[row] ≤ x, or −1. */
function lastAtOrBefore(knownAt: Float64Array, x: number): number {
  let lo = 0;
  let hi = knownAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (knownAt[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
