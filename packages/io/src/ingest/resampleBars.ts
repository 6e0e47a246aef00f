/**
 * resampleBars(bars, intervalMs) – aggregates a regular series into a longer interval aligned on the
 * UTC epoch grid (a 5m bar opens at a multiple of 5 minutes). open = first open, high = max, low = min,
 * close = last close, volume = sum. Only COMPLETE target bars (all source bars present) are emitted,
 * so a partial first/last bucket never masquerades as a full bar.
 */
import type { BarSeries } from '@skippy/core';

export function resampleBars(bars: BarSeries, intervalMs: number): BarSeries {
  const src = bars.intervalMs;
  if (src === null || intervalMs % src !== 0) throw new Error(`resampleBars: ${intervalMs} ms is not a multiple of the source interval ${src}`);
  const k = intervalMs / src;
  const n = bars.ts.length;
  const ts: number[] = [], o: number[] = [], h: number[] = [], l: number[] = [], c: number[] = [], v: number[] = [];
  let i = 0;
  while (i < n) {
    const bucket = Math.floor(bars.ts[i] / intervalMs) * intervalMs;
    let j = i, hi = -Infinity, lo = Infinity, vol = 0;
    while (j < n && bars.ts[j] < bucket + intervalMs) {
      if (bars.high[j] > hi) hi = bars.high[j];
      if (bars.low[j] < lo) lo = bars.low[j];
      vol += bars.volume[j];
      j++;
    }
    if (j - i === k && bars.ts[i] === bucket) {
      ts.push(bucket); o.push(bars.open[i]); h.push(hi); l.push(lo); c.push(bars.close[j - 1]); v.push(vol);
    }
    i = j;
  }
  const f = (a: number[]) => Float64Array.from(a);
  return { symbol: bars.symbol, intervalMs, ts: f(ts), open: f(o), high: f(h), low: f(l), close: f(c), volume: f(v) };
}
