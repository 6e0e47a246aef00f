/** Options for {@link averageTrueRange}. */
export interface AverageTrueRangeOptions {
  /** Number of true ranges averaged. @default 20 */
  window?: number;
  /**
   * `wilder`: ATR_w = mean(TR_1..TR_w), then ATR_t = (ATR_{t−1}·(w−1) + TR_t) / w.
   * `sma`: ATR_t = mean(TR_{t−w+1}..TR_t).
   * @default "wilder"
   */
  smoothing?: 'wilder' | 'sma';
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
}

/**
 * averageTrueRange(high, low, close, options) – ATR in price units.
 * TR_t = max(h_t − l_t, |h_t − c_{t−1}|, |l_t − c_{t−1}|) for t ≥ 1 (TR_0 is undefined: no previous close),
 * so the first ATR value is at t = window (mean of TR_1..TR_window); earlier values are NaN.
 */
export function averageTrueRange(high: Float64Array, low: Float64Array, close: Float64Array, options: AverageTrueRangeOptions = {}): Float64Array {
  const w = options.window ?? 20;
  const smoothing = options.smoothing ?? 'wilder';
  if (!Number.isInteger(w) || w <= 0) throw new Error(`averageTrueRange: window must be a positive integer; was ${w}`);
  const n = close.length;
  if (high.length !== n || low.length !== n) throw new Error(`averageTrueRange: high/low/close lengths differ (${high.length}, ${low.length}, ${n})`);
  const out = options.output ?? new Float64Array(n);
  const head = Math.min(w, n);
  for (let t = 0; t < head; t++) out[t] = NaN;
  if (n <= w) return out;
  // Running sum of TR_1..TR_w (both smoothings start from the simple mean).
  let sum = 0;
  for (let t = 1; t <= w; t++) sum += trueRange(high[t], low[t], close[t - 1]);
  let atr = sum / w;
  out[w] = atr;
  if (smoothing === 'wilder') {
    for (let t = w + 1; t < n; t++) {
      atr = (atr * (w - 1) + trueRange(high[t], low[t], close[t - 1])) / w;
      out[t] = atr;
    }
  } else {
    // Rolling sum, recomputed exactly every 1024 bars so rounding cannot drift.
    for (let t = w + 1; t < n; t++) {
      if ((t & 1023) === 0) {
        sum = 0;
        for (let j = t - w + 1; j <= t; j++) sum += trueRange(high[j], low[j], close[j - 1]);
      } else {
        sum += trueRange(high[t], low[t], close[t - 1]) - trueRange(high[t - w], low[t - w], close[t - w - 1]);
      }
      out[t] = sum / w;
    }
  }
  return out;
}

/** trueRange(h, l, prevClose) – max(h − l, |h − prevClose|, |l − prevClose|). */
export function trueRange(h: number, l: number, prevClose: number): number {
  const a = h - l;
  const b = h > prevClose ? h - prevClose : prevClose - h;
  const c = l > prevClose ? l - prevClose : prevClose - l;
  const m = a >= b ? a : b;
  const r = m >= c ? m : c;
  // NaN anywhere → NaN (the comparisons above would silently skip it)
  return a + b + c === a + b + c ? r : NaN;
}
