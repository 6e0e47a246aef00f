/**
 * Time ranges over a bar grid. A range is [start, end) in epoch ms: `start` is the first bar's open,
 * `end` the last bar's close (open + intervalMs). Coverage = the maximal runs of consecutive bars.
 */
export type TimeRange = [start: number, end: number];

/** coverageRanges(ts, intervalMs) – maximal runs of consecutive bars in sorted, unique `ts`. */
export function coverageRanges(ts: Float64Array, intervalMs: number): TimeRange[] {
  const out: TimeRange[] = [];
  const n = ts.length;
  if (n === 0) return out;
  let start = ts[0];
  for (let i = 1; i < n; i++) {
    if (ts[i] - ts[i - 1] !== intervalMs) {
      out.push([start, ts[i - 1] + intervalMs]);
      start = ts[i];
    }
  }
  out.push([start, ts[n - 1] + intervalMs]);
  return out;
}

/** missingRanges(coverage, start, end) – the parts of [start, end) not covered (coverage sorted, disjoint). */
export function missingRanges(coverage: readonly TimeRange[], start: number, end: number): TimeRange[] {
  const out: TimeRange[] = [];
  let cursor = start;
  for (const [a, b] of coverage) {
    if (b <= cursor) continue;
    if (a >= end) break;
    if (a > cursor) out.push([cursor, Math.min(a, end)]);
    cursor = Math.max(cursor, b);
    if (cursor >= end) break;
  }
  if (cursor < end) out.push([cursor, end]);
  return out;
}

/** gapStats(ts, intervalMs) – number of gaps (holes between consecutive bars) and bars missing in them. */
export function gapStats(ts: Float64Array, intervalMs: number): { gaps: number; missingBars: number } {
  let gaps = 0, missingBars = 0;
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i] - ts[i - 1];
    if (d > intervalMs) {
      gaps++;
      missingBars += Math.round(d / intervalMs) - 1;
    }
  }
  return { gaps, missingBars };
}

/** unionRanges(a, b) – the sorted, merged union (touching ranges join). */
export function unionRanges(...lists: (readonly TimeRange[])[]): TimeRange[] {
  const all = lists.flat().filter(([x, y]) => y > x).sort((p, q) => p[0] - q[0]);
  const out: TimeRange[] = [];
  for (const [x, y] of all) {
    const last = out[out.length - 1];
    if (last && x <= last[1]) last[1] = Math.max(last[1], y);
    else out.push([x, y]);
  }
  return out;
}
