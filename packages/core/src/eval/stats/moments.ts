/**
 * Moments of a return series, skipping non-finite entries (NaN/±Infinity are
 * treated as "no observation", never as zero).
 *
 * Conventions (Bailey & López de Prado, PSR/DSR papers):
 * - `std` is the SAMPLE standard deviation (ddof = 1), the one used in the Sharpe ratio;
 * - `skewness` = m₃ / m₂^{3/2} and `kurtosis` = m₄ / m₂² with POPULATION central
 *   moments mₖ = (1/n)·Σ(xᵢ − x̄)ᵏ; kurtosis is raw (3 for a normal), not excess.
 */
export interface ReturnMoments {
  /** Number of finite observations. */
  n: number;
  mean: number;
  /** Sample standard deviation (ddof 1); NaN when n < 2. */
  std: number;
  /** Population skewness m₃/m₂^1.5; NaN when n < 2 or m₂ = 0. */
  skewness: number;
  /** Raw population kurtosis m₄/m₂² (3 for a normal); NaN when n < 2 or m₂ = 0. */
  kurtosis: number;
}

/** returnMoments(returns) – mean, sample std, population skewness and raw kurtosis in two passes. */
export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  // Sums are taken around the first finite value (a pivot), so a constant series has exactly zero spread.
  let n = 0, s = 0, pivot = NaN;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i];
    if (!Number.isFinite(x)) continue;
    if (n === 0) pivot = x;
    n++; s += x - pivot;
  }
  if (n === 0) return { n, mean: NaN, std: NaN, skewness: NaN, kurtosis: NaN };
  const shifted = s / n, mean = pivot + shifted;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i];
    if (!Number.isFinite(x)) continue;
    const d = (x - pivot) - shifted, d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  if (n < 2) return { n, mean, std: NaN, skewness: NaN, kurtosis: NaN };
  const std = Math.sqrt(m2 / (n - 1));
  const p2 = m2 / n, p3 = m3 / n, p4 = m4 / n;
  const ok = p2 > 0;
  return { n, mean, std, skewness: ok ? p3 / Math.pow(p2, 1.5) : NaN, kurtosis: ok ? p4 / (p2 * p2) : NaN };
}
