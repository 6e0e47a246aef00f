/** rollingMean(x, window) – causal mean of x[t−window+1..t]; NaN while fewer than `window` values exist. */
export function rollingMean(x: Float64Array, window: number): Float64Array {
  if (!(window >= 1)) throw new Error(`window must be ≥ 1; was ${window}`);
  const out = new Float64Array(x.length).fill(Number.NaN);
  let s = 0;
  for (let t = 0; t < x.length; t++) {
    s += x[t];
    if (t >= window) s -= x[t - window];
    if (t >= window - 1) out[t] = s / window;
  }
  return out;
}
