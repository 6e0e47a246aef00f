/**
 * kellyFraction(p, b) – full Kelly bet fraction f* = p − (1 − p) / b for win probability p and
 * payoff ratio b (average win / average loss). NaN when p is not in [0, 1] or b ≤ 0.
 */
export function kellyFraction(p: number, b: number): number {
  if (!(p >= 0 && p <= 1) || !(b > 0)) return Number.NaN;
  return p - (1 - p) / b;
}

export interface FractionalKellyOptions {
  /** Fraction of full Kelly taken. @default 0.25 */
  kellyFractionCap?: number;
  /** Ceiling on the position as a share of equity. @default 0.05 */
  maxPositionPct?: number;
}

/**
 * fractionalKellySize(p, b, options) – position as a share of equity:
 * min(max_position_pct, kelly_fraction_cap × f*), and 0 when f* ≤ 0 (or p, b invalid).
 */
export function fractionalKellySize(p: number, b: number, options: FractionalKellyOptions = {}): number {
  const cap = options.kellyFractionCap ?? 0.25;
  const maxPos = options.maxPositionPct ?? 0.05;
  const f = kellyFraction(p, b);
  if (!(f > 0)) return 0;
  return Math.min(maxPos, cap * f);
}

/**
 * estimatePayoffRatio(returns, rows?) – b = mean of the positive returns / |mean of the negative
 * returns| over the given rows only (pass the TRAINING rows: b must never see test data).
 * Zero and NaN returns are ignored. NaN when there are no wins or no losses.
 */
export function estimatePayoffRatio(returns: Float64Array, rows?: Int32Array): number {
  let winSum = 0, winN = 0, lossSum = 0, lossN = 0;
  const n = rows ? rows.length : returns.length;
  for (let k = 0; k < n; k++) {
    const r = returns[rows ? rows[k] : k];
    if (r > 0) { winSum += r; winN++; } else if (r < 0) { lossSum -= r; lossN++; }
  }
  if (winN === 0 || lossN === 0) return Number.NaN;
  return (winSum / winN) / (lossSum / lossN);
}
