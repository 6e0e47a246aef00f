/**
 * cusumEvents(close, threshold) – the symmetric CUSUM filter (AFML snippet 2.4) on 1-bar LOG returns
 * r_t = ln(c_t / c_{t−1}): S⁺ = max(0, S⁺ + r_t), S⁻ = min(0, S⁻ + r_t); an event at t when S⁺ > h
 * (then S⁺ = 0) or S⁻ < −h (then S⁻ = 0). Causal. Returns event bar indices in increasing order.
 */
export function cusumEvents(close: Float64Array, threshold: number): Int32Array {
  if (!(threshold > 0)) throw new Error(`cusumEvents: threshold must be > 0; was ${threshold}`);
  const n = close.length;
  const out = new Int32Array(Math.max(0, n - 1));
  let k = 0;
  let up = 0;
  let dn = 0;
  for (let t = 1; t < n; t++) {
    const r = Math.log(close[t] / close[t - 1]);
    if (r !== r) continue;
    up = Math.max(0, up + r);
    dn = Math.min(0, dn + r);
    if (up > threshold) {
      up = 0;
      out[k++] = t;
    } else if (dn < -threshold) {
      dn = 0;
      out[k++] = t;
    }
  }
  return out.slice(0, k);
}
