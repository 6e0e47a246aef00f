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
 * One pass with Welford's add/remove update of (mean − K, M2), K = the value at the last exact pass
 * (so rounding scales with the window's spread, not the price level). Rounding is kept bounded by an exact
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
  const inv = 1 / w;
  const invDf = 1 / (w - 1);
  let t = w - 1;
  while (t < n) {
    // Exact two-pass over the window, shifted by x_t (a NaN anywhere in the window gives NaN).
    const xt = x[t];
    let sum = 0;
    for (let j = t - w + 1; j <= t; j++) sum += x[j] - xt;
    if (sum !== sum) {
      out[t++] = NaN;
      continue;
    }
    const md = sum * inv;
    let q = 0;
    for (let j = t - w + 1; j <= t; j++) {
      const d = x[j] - xt - md;
      q += d * d;
    }
    // Welford state relative to the shift K = x_t: differences of nearby prices are exact (Sterbenz),
    // so rounding scales with the spread of the window, not with the price level.
    const K = xt;
    let meanD = md;
    let m2 = q;
    let maxM2 = q;
    out[t] = q === 0 ? 0 : -md / Math.sqrt(q * invDf);
    // Welford add/remove for up to RECOMPUTE_EVERY − 1 bars; leave early (→ exact pass) when M2 shrinks
    // below SHRINK_RATIO of its maximum since the exact pass, or turns NaN.
    const end = Math.min(n, t + RECOMPUTE_EVERY);
    let u = t + 1;
    for (; u < end; u++) {
      const du = x[u] - K;
      const dOut = x[u - w] - K;
      const om = meanD;
      meanD = om + (du - dOut) * inv;
      m2 += (du - dOut) * (du - meanD + dOut - om);
      if (!(m2 > maxM2 * SHRINK_RATIO)) break;
      if (m2 > maxM2) maxM2 = m2;
      out[u] = (du - meanD) / Math.sqrt(m2 * invDf);
    }
    t = u;
  }
  return out;
}
