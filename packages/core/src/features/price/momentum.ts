/** Options for {@link momentum}. */
export interface MomentumOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
}

/** momentum(close, k) – `mom_k[t] = c_t / c_{t−k} − 1` (simple return over k bars); NaN for t < k. */
export function momentum(close: Float64Array, k: number, options: MomentumOptions = {}): Float64Array {
  if (!Number.isInteger(k) || k <= 0) throw new Error(`momentum: k must be a positive integer; was ${k}`);
  const n = close.length;
  const out = options.output ?? new Float64Array(n);
  const head = Math.min(k, n);
  for (let t = 0; t < head; t++) out[t] = NaN;
  for (let t = k; t < n; t++) out[t] = close[t] / close[t - k] - 1;
  return out;
}
