import { returnMoments } from './moments.ts';
import { sortinoRatio } from './sortinoRatio.ts';
import { maxDrawdown } from './maxDrawdown.ts';

/** Options of {@link summarizeReturns}. */
export interface SummarizeReturnsOptions {
  /** Periods per year used for every annualised figure (252 daily, 525600 for 1m bars 24/7). */
  periodsPerYear: number;
}

/** Headline statistics of one per-period simple-return series. */
export interface ReturnSummary {
  /** Finite observations used (non-finite returns are skipped everywhere). */
  n: number;
  mean: number;
  /** Sample std (ddof 1). */
  std: number;
  /** mean / std, per period (not annualised). */
  sharpe: number;
  /** sharpe·√periodsPerYear. */
  annualizedSharpe: number;
  /** Per period, downside deviation over all n periods, target 0. */
  sortino: number;
  annualizedSortino: number;
  /** Population skewness m₃/m₂^1.5. */
  skewness: number;
  /** Raw population kurtosis m₄/m₂² (3 for a normal). */
  kurtosis: number;
  /** Compounded total return ∏(1 + r) − 1. */
  totalReturn: number;
  /** Geometric annual return (1 + totalReturn)^(periodsPerYear/n) − 1. */
  annualizedReturn: number;
  /** std·√periodsPerYear. */
  annualizedVolatility: number;
  /** Largest peak-to-trough loss of the compounded equity curve (starting at 1 before the first return), as a fraction. */
  maxDrawdown: number;
  /** Bars from the peak of the largest drawdown to its recovery (or to the end when not recovered). */
  maxDrawdownDurationBars: number;
  /** annualizedReturn / maxDrawdown (NaN when there is no drawdown). */
  calmar: number;
  /** Share of periods with r > 0 among the periods with r ≠ 0 (flat periods, e.g. out of the market, are excluded). */
  hitRate: number;
}

/**
 * summarizeReturns(returns, {periodsPerYear}) — the headline numbers of a simple-return
 * series in a few passes. Equity is compounded from 1: e₀ = 1, eₜ = eₜ₋₁·(1 + rₜ).
 */
export function summarizeReturns(returns: ArrayLike<number>, options: SummarizeReturnsOptions): ReturnSummary {
  const ppy = options.periodsPerYear;
  if (!(ppy > 0)) throw new Error(`periodsPerYear must be > 0; was ${ppy}`);
  const m = returnMoments(returns);
  const equity = new Float64Array(m.n + 1);
  equity[0] = 1;
  let k = 0, up = 0, nonZero = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (!Number.isFinite(r)) continue;
    equity[k + 1] = equity[k] * (1 + r);
    k++;
    if (r !== 0) { nonZero++; if (r > 0) up++; }
  }
  const dd = maxDrawdown(equity);
  const totalReturn = equity[m.n] - 1;
  const annualizedReturn = m.n > 0 && equity[m.n] > 0 ? Math.pow(equity[m.n], ppy / m.n) - 1 : m.n > 0 ? -1 : NaN;
  const sharpe = m.n >= 2 && m.std > 0 ? m.mean / m.std : NaN;
  const sortino = sortinoRatio(returns);
  const rootP = Math.sqrt(ppy);
  return {
    n: m.n, mean: m.mean, std: m.std,
    sharpe, annualizedSharpe: sharpe * rootP,
    sortino, annualizedSortino: sortino * rootP,
    skewness: m.skewness, kurtosis: m.kurtosis,
    totalReturn, annualizedReturn, annualizedVolatility: m.std * rootP,
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDurationBars: dd.durationBars,
    calmar: dd.maxDrawdown > 0 ? annualizedReturn / dd.maxDrawdown : NaN,
    hitRate: nonZero > 0 ? up / nonZero : NaN,
  };
}
