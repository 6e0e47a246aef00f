/** Options for {@link rollingZScore}. */
export interface RollingZScoreOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
}

/** Exact recomputation period (bars) that bounds the drift of the rolling update. */
const RECOMPUTE_EVERY = 64;
/** When M2 falls below this share of the largest M2 since the last exact pass, recompute exactly. */
const SHRINK_RATIO = 1e-3;

/**
 * rollingZScore(x, w) – `zscore_w[t] = (x_t − mean_w) / std_w` over the w values x_{t−w+1..t}
 * (including t), with the SAMPLE standard deviation (divisor w − 1). 0 when the window is constant
 * (std exactly 0); NaN for t < w − 1, when w < 2, and when the window holds a NaN.
 *
 * One pass with Welford's add/remove update of (mean, M2). Rounding is kept bounded by an exact
 * two-pass recomputation (shifted by x_t, so a constant window gives exactly 0) every 64 bars and
 * whenever M2 shrinks by more than 1000× since the last exact pass (where cancellation would bite).
 */
export function rollingZScore(x: Float64Array, w: number, options: RollingZScoreOptions = {}): Float64Array {
  if (!Number.isInteger(w) || w <= 0) throw new Error(`rollingZScore: w must be a positive integer; was ${w}`);
  const n = x.length;
  const out = options.output ?? new Float64Array(n);
  out.fill(NaN, 0, Math.min(n, w - 1));
  if (w < 2) {
    out.fill(NaN);
    return out;
  }
  let mean = 0;
  let m2 = 0;
  let maxM2 = 0;
  let sinceExact = RECOMPUTE_EVERY; // forces an exact pass at the first full window
  let lastNaN = -1;
  for (let t = 0; t < w - 1 && t < n; t++) if (x[t] !== x[t]) lastNaN = t;
  for (let t = w - 1; t < n; t++) {
    const xt = x[t];
    if (xt !== xt) lastNaN = t;
    if (lastNaN > t - w) {
      out[t] = NaN;
      sinceExact = RECOMPUTE_EVERY;
      continue;
    }
    if (sinceExact >= RECOMPUTE_EVERY) {
      // exact two-pass over the window, shifted by x_t
      let s = 0;
      for (let j = t - w + 1; j <= t; j++) s += x[j] - xt;
      const md = s / w;
      let q = 0;
      for (let j = t - w + 1; j <= t; j++) {
        const d = x[j] - xt - md;
        q += d * d;
      }
      mean = xt + md;
      m2 = q;
      maxM2 = q;
      sinceExact = 0;
      out[t] = q === 0 ? 0 : -md / Math.sqrt(q / (w - 1));
      continue;
    }
    const xo = x[t - w];
    const oldMean = mean;
    mean = oldMean + (xt - xo) / w;
    m2 += (xt - xo) * (xt - mean + xo - oldMean);
    sinceExact++;
    if (m2 > maxM2) maxM2 = m2;
    if (m2 <= maxM2 * SHRINK_RATIO) {
      sinceExact = RECOMPUTE_EVERY;
      t--; // redo this bar with an exact pass
      continue;
    }
    out[t] = (xt - mean) / Math.sqrt(m2 / (w - 1));
  }
  return out;
}
