/**
 * gapSegmentStarts(ts, maxGapMs) – the first row of every gap-free segment of a time column: row 0, then
 * every row i whose distance to the previous row, ts[i] − ts[i−1], exceeds `maxGapMs` (a break). Rolling
 * windows restart at each start; the pipeline passes maxGapMs = data.max_gap_bars × the bar interval.
 * `maxGapMs` undefined or +Infinity → one segment. Returns [] for an empty column.
 */
export function gapSegmentStarts(ts: Float64Array, maxGapMs: number | undefined): Int32Array {
  const n = ts.length;
  if (n === 0) return new Int32Array(0);
  if (maxGapMs === undefined || maxGapMs === Infinity) return Int32Array.of(0);
  if (!(maxGapMs > 0)) throw new Error(`gapSegmentStarts: maxGapMs must be > 0; was ${maxGapMs}`);
  let breaks = 0;
  for (let i = 1; i < n; i++) if (ts[i] - ts[i - 1] > maxGapMs) breaks++;
  const out = new Int32Array(breaks + 1);
  for (let i = 1, k = 1; i < n; i++) if (ts[i] - ts[i - 1] > maxGapMs) out[k++] = i;
  return out;
}

/**
 * forEachSegment(starts, n, run) – calls run(a, b) for each segment [a, b) of rows 0..n−1 given its
 * starts (from gapSegmentStarts). Kernels run on `subarray(a, b)` views, so each restarts its window.
 */
export function forEachSegment(starts: Int32Array, n: number, run: (a: number, b: number) => void): void {
  for (let k = 0; k < starts.length; k++) run(starts[k], k + 1 < starts.length ? starts[k + 1] : n);
}
