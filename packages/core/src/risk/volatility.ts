/** Milliseconds in a year of 365.25 days (crypto trades every day). */
export const MS_PER_YEAR = 365.25 * 86_400_000;

/** periodsPerYearFromInterval(intervalMs) – bars per year for annualising (365.25-day year). */
export function periodsPerYearFromInterval(intervalMs: number): number {
  if (!(intervalMs > 0)) throw new Error(`intervalMs must be > 0; was ${intervalMs}`);
  return MS_PER_YEAR / intervalMs;
}

/**
 * realisedVolatility(close, window, periodsPerYear) – causal rolling standard deviation (sample,
 * n − 1) of the last `window` log returns ln(close[t]/close[t−1]), × √periodsPerYear.
 * out[t] uses closes up to t only; NaN until `window` returns exist (t < window).
 * Pass periodsPerYear = 1 for the per-bar volatility. One pass with running sums.
 */
export function realisedVolatility(close: Float64Array, window: number, periodsPerYear: number): Float64Array {
  if (!(window >= 2)) throw new Error(`window must be ≥ 2; was ${window}`);
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const ring = new Float64Array(window); // the last `window` log returns
  const ann = Math.sqrt(periodsPerYear);
  let s = 0, s2 = 0;
  for (let t = 1; t < n; t++) {
    const x = Math.log(close[t] / close[t - 1]);
    const k = t % window;
    if (t > window) { const y = ring[k]; s -= y; s2 -= y * y; }
    ring[k] = x;
    s += x; s2 += x * x;
    if (t >= window) {
      const v = (s2 - (s * s) / window) / (window - 1);
      out[t] = Math.sqrt(v > 0 ? v : 0) * ann;
    }
  }
  return out;
}

/**
 * realisedVolatilityAt(close, t, window, periodsPerYear) – the same figure as realisedVolatility(...)[t],
 * computed for one bar in O(window) (for engines that need it only at decision times). NaN when t < window.
 */
export function realisedVolatilityAt(close: Float64Array, t: number, window: number, periodsPerYear: number): number {
  if (t < window || window < 2) return Number.NaN;
  let s = 0, s2 = 0;
  for (let k = t - window + 1; k <= t; k++) { const x = Math.log(close[k] / close[k - 1]); s += x; s2 += x * x; }
  const v = (s2 - (s * s) / window) / (window - 1);
  return Math.sqrt(v > 0 ? v : 0) * Math.sqrt(periodsPerYear);
}

/**
 * volatilityScale(realisedVol, targetVol) – min(1, target / realised). While the realised
 * volatility is unknown (warm-up) or zero the scale is 1: the cap max_position_pct still applies.
 */
export function volatilityScale(realisedVol: number, targetVol: number): number {
  if (!(realisedVol > 0)) return 1;
  return Math.min(1, targetVol / realisedVol);
}
