/** Options for {@link logReturn}. */
export interface LogReturnOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
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
  for (let t = k; t < n; t++) out[t] = Math.log(close[t] / close[t - k]);
  return out;
}
