import type { BarSeries } from '../types.ts';

/**
 * tradeBars(symbol, barOpen, barMs, tradeTs, price, qty, side) – OHLCV bars on a fixed grid
 * (bar b = [barOpen[b], barOpen[b] + barMs)) from trades in arrival order.
 *
 * Conventions:
 * - A trade belongs to the bar holding its trade time T; open/close are the first/last trade
 *   of the bar in arrival order (trade-id order on Binance), high/low the extremes.
 * - A bar without trades has open = high = low = close = the previous close and volume 0.
 *   The "previous close" of the first bar is the last trade that arrived with T before the
 *   grid starts (known at that time); with no such trade the OHLC stay NaN until a trade.
 * - Trades after the grid are ignored here (they remain in the trade series).
 * - Extra columns: trade_count, buy_volume (volume of buyer-initiated trades, side +1).
 */
export function tradeBars(
  symbol: string,
  barOpen: Float64Array,
  barMs: number,
  tradeTs: Float64Array,
  price: Float64Array,
  qty: Float64Array,
  side: Int8Array,
): BarSeries {
  const B = barOpen.length;
  const open = new Float64Array(B).fill(NaN);
  const high = new Float64Array(B).fill(NaN);
  const low = new Float64Array(B).fill(NaN);
  const close = new Float64Array(B).fill(NaN);
  const volume = new Float64Array(B);
  const count = new Float64Array(B);
  const buyVolume = new Float64Array(B);
  const start = B > 0 ? barOpen[0] : 0;
  let seed = NaN;
  for (let i = 0; i < tradeTs.length; i++) {
    const t = tradeTs[i];
    const p = price[i];
    if (t < start) {
      seed = p;
      continue;
    }
    const b = Math.floor((t - start) / barMs);
    if (b >= B) continue;
    if (count[b] === 0) {
      open[b] = p;
      high[b] = p;
      low[b] = p;
    } else {
      if (p > high[b]) high[b] = p;
      if (p < low[b]) low[b] = p;
    }
    close[b] = p;
    count[b]++;
    volume[b] += qty[i];
    if (side[i] > 0) buyVolume[b] += qty[i];
  }
  let prev = seed;
  for (let b = 0; b < B; b++) {
    if (count[b] === 0) {
      open[b] = prev;
      high[b] = prev;
      low[b] = prev;
      close[b] = prev;
    }
    prev = close[b];
  }
  return {
    symbol,
    intervalMs: barMs,
    ts: barOpen,
    open,
    high,
    low,
    close,
    volume,
    columns: { trade_count: count, buy_volume: buyVolume },
  };
}
