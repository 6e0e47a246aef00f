/**
 * Columnar market data. Every time is epoch milliseconds UTC in a Float64Array;
 * every price/size column is a Float64Array of the same length as its `ts`.
 */

/** OHLCV bars. `ts` is the bar OPEN time. Optional extra columns share the row index. */
export interface BarSeries {
  symbol: string;
  /** Bar length in ms (60_000 for 1m); null when unknown/irregular. */
  intervalMs: number | null;
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Optional extra columns (e.g. quote volume, trade count), same length as ts. */
  columns?: Record<string, Float64Array>;
}

/**
 * Order-book snapshots: row i is the book at time ts[i] (for bars: the state at bar close).
 * Level arrays are row-major, `depth` levels per row: bidPx[i * depth + k] is the (k+1)-th best bid.
 * Missing levels are NaN.
 */
export interface BookSnapshots {
  symbol: string;
  depth: number;
  ts: Float64Array;
  bidPx: Float64Array;
  bidQty: Float64Array;
  askPx: Float64Array;
  askQty: Float64Array;
}

/** Best-`levels` book states after each book update (for order-flow features). Same layout as BookSnapshots. */
export type BookEvents = BookSnapshots;

/** Trades: side is +1 when the buyer initiated (taker buy), −1 when the seller did. */
export interface TradeSeries {
  symbol: string;
  ts: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  side: Int8Array;
}

/**
 * A scalar time series (funding rate, open interest, sentiment).
 * `ts` is the observation time the value refers to; `availableAt` (optional) is
 * when the value became known (publication/settlement time). As-of joins use
 * availableAt when present, else ts.
 */
export interface TimeSeries {
  name: string;
  symbol?: string;
  ts: Float64Array;
  value: Float64Array;
  availableAt?: Float64Array;
}

export const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** barCount(series) – number of rows. */
export function barCount(series: { ts: Float64Array }): number {
  return series.ts.length;
}

/** sliceBars(series, start, end) – a view of rows [start, end) (no copy). */
export function sliceBars(series: BarSeries, start: number, end: number): BarSeries {
  const columns: Record<string, Float64Array> | undefined = series.columns
    ? Object.fromEntries(Object.entries(series.columns).map(([k, v]) => [k, v.subarray(start, end)]))
    : undefined;
  return {
    symbol: series.symbol,
    intervalMs: series.intervalMs,
    ts: series.ts.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
    ...(columns ? { columns } : {}),
  };
}

/** emptyBars(symbol, n, intervalMs) – allocates an n-row series filled with zeros. */
export function allocateBars(symbol: string, n: number, intervalMs: number | null): BarSeries {
  return {
    symbol,
    intervalMs,
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}
