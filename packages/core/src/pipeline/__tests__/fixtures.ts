import { createRng } from '../../util/rng.ts';
import type { BarSeries } from '../../data/types.ts';

/** gbmBars(symbol, n, seed) – a seeded random walk of 1m bars (test fixture only; the product uses B's syntheticMarket). */
export function gbmBars(symbol: string, n: number, seed: number, startMs = Date.UTC(2024, 0, 1)): BarSeries {
  const rng = createRng(seed);
  const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let c = 100;
  for (let i = 0; i < n; i++) {
    const o = c;
    c = o * Math.exp(0.002 * rng.normal());
    ts[i] = startMs + i * 60_000; open[i] = o; close[i] = c;
    high[i] = Math.max(o, c) * (1 + 0.0005 * rng.next()); low[i] = Math.min(o, c) * (1 - 0.0005 * rng.next());
    volume[i] = 10 + 5 * rng.next();
  }
  return { symbol, intervalMs: 60_000, ts, open, high, low, close, volume };
}
