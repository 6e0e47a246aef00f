/** Options for {@link logReturn}. */
export interface LogReturnOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
  /**
   * ln(c) precomputed (length n): then ret_k = ln c_t − ln c_{t−k}, one log per bar shared by every k
   * (differs from ln(c_t / c_{t−k}) by a few 1e-15 in absolute terms).
   */
  logClose?: Float64Array;
}

/**
 * logReturn(close, k) – `ret_k[t] = ln(c_t / c_{t−k})`; NaN for t < k.
 * Causal: uses c_t and c_{t−k} only.
 */
export function logReturn(close: Float64Array, k: number, options: LogReturnOptions = {}): Float64Array {
  if (!Number.isInteger(k) || k <= 0) throw new Error(`logReturn: k must be a positive integer; was ${k}`);
  const n = close.length;
  const out = options.output ?? new Float64Array(n);
  const head = Math.min(k, n);
  for (let t = 0; t < head; t++) out[t] = NaN;
  const lc = options.logClose;
  if (lc) {
    if (lc.length !== n) throw new Error(`logReturn: logClose has ${lc.length} rows, close ${n}`);
    for (let t = k; t < n; t++) out[t] = lc[t] - lc[t - k];
  } else {
    for (let t = k; t < n; t++) out[t] = Math.log(close[t] / close[t - k]);
  }
  return out;
}
