/** Options for {@link tickRuleSignedVolume}. */
export interface TickRuleSignedVolumeOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
}

/**
 * tickRuleSignedVolume(close, volume) – `ofi_tick`, a bar-based PROXY of order flow: the bar's volume
 * signed by the tick rule on closes, b_t = sign(c_t − c_{t−1}), carried forward from the last non-zero
 * change when c_t = c_{t−1}. Value v_t·b_t; NaN until the first non-zero change (t = 0 included).
 * Not order-flow imbalance from the book (`ofi`); never a substitute for it.
 */
export function tickRuleSignedVolume(close: Float64Array, volume: Float64Array, options: TickRuleSignedVolumeOptions = {}): Float64Array {
  const n = close.length;
  if (volume.length !== n) throw new Error(`tickRuleSignedVolume: close/volume lengths differ (${n}, ${volume.length})`);
  const out = options.output ?? new Float64Array(n);
  let sign = 0;
  if (n > 0) out[0] = NaN;
  for (let t = 1; t < n; t++) {
    const d = close[t] - close[t - 1];
    if (d > 0) sign = 1;
    else if (d < 0) sign = -1;
    else if (d !== d) sign = 0; // NaN price: sign unknown again
    out[t] = sign === 0 ? NaN : sign * volume[t];
  }
  return out;
}
