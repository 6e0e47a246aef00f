/** Options of {@link sortinoRatio}. */
export interface SortinoOptions {
  /** Minimum acceptable return per period. @default 0 */
  target?: number;
}

/**
 * sortinoRatio(returns, {target}) = mean(r − target) / DD with the downside deviation
 * DD = √( (1/n)·Σ min(0, rᵢ − target)² ) taken over ALL n finite periods (Sortino &
 * Price 1994; periods above target contribute 0). Not annualised (multiply by
 * √periodsPerYear). +Infinity when the mean excess is positive and no period is below
 * target; NaN for fewer than 2 finite values or when mean and DD are both 0.
 */
export function sortinoRatio(returns: ArrayLike<number>, options: SortinoOptions = {}): number {
  const target = options.target ?? 0;
  let n = 0, s = 0, d2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i];
    if (!Number.isFinite(x)) continue;
    const e = x - target;
    n++; s += e;
    if (e < 0) d2 += e * e;
  }
  if (n < 2) return NaN;
  const mean = s / n, dd = Math.sqrt(d2 / n);
  if (dd === 0) return mean > 0 ? Infinity : NaN;
  return mean / dd;
}
