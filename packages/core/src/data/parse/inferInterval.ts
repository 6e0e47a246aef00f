/**
 * inferIntervalMs(ts) → the bar interval: the most frequent non-zero step size |ts[i] − ts[i−1]| among
 * the first 10,000 steps, when at least half of those steps have it; otherwise null (irregular bars
 * such as dollar bars). Sizes, not signs: a file in descending order (newest first) has the same
 * interval. Null for fewer than 2 rows.
 */
export function inferIntervalMs(ts: Float64Array): number | null {
  const n = Math.min(ts.length - 1, 10_000);
  if (n < 1) return null;
  const counts = new Map<number, number>();
  let positive = 0;
  for (let i = 1; i <= n; i++) {
    const d = Math.abs(ts[i] - ts[i - 1]);
    if (d > 0) {
      counts.set(d, (counts.get(d) ?? 0) + 1);
      positive++;
    }
  }
  let best = 0, bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < best)) { best = d; bestCount = c; }
  return bestCount > 0 && bestCount * 2 >= positive ? best : null;
}
