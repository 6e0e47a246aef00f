/** Options for {@link rollingReturnStd}. */
export interface RollingReturnStdOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
}

/**
 * rollingReturnStd(close, w) – rolling SAMPLE standard deviation (divisor w − 1) of the 1-bar simple
 * returns r_t = c_t / c_{t−1} − 1 over r_{t−w+1..t}: defined from t = w on (NaN before; w ≥ 2).
 * Rolling sums of r and r² (returns are small and centred, so cancellation is mild), recomputed with
 * an exact two-pass every 1024 bars so rounding cannot drift.
 */
export function rollingReturnStd(close: Float64Array, w: number, options: RollingReturnStdOptions = {}): Float64Array {
  if (!Number.isInteger(w) || w < 2) throw new Error(`rollingReturnStd: window must be an integer ≥ 2; was ${w}`);
  const n = close.length;
  const out = options.output ?? new Float64Array(n);
  out.fill(NaN, 0, Math.min(n, w));
  let s = 0;
  let q = 0;
  const r = (t: number) => close[t] / close[t - 1] - 1;
  for (let t = w; t < n; t++) {
    if (t === w || (t & 1023) === 0 || s !== s) {
      let m = 0;
      for (let j = t - w + 1; j <= t; j++) m += r(j);
      s = m;
      m /= w;
      let v = 0;
      for (let j = t - w + 1; j <= t; j++) {
        const d = r(j) - m;
        v += d * d;
      }
      q = 0;
      for (let j = t - w + 1; j <= t; j++) q += r(j) * r(j);
      out[t] = Math.sqrt(v / (w - 1));
      continue;
    }
    const ri = r(t);
    const ro = r(t - w);
    s += ri - ro;
    q += ri * ri - ro * ro;
    const v = (q - (s * s) / w) / (w - 1);
    out[t] = v > 0 ? Math.sqrt(v) : 0;
  }
  return out;
}
