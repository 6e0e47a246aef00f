import { returnMoments } from './moments.ts';

/**
 * sharpeRatio(returns) = mean / sample std (ddof 1) of the finite per-period
 * returns; NOT annualised and with no risk-free rate (pass excess returns if
 * you need one). NaN when fewer than 2 finite values or when the std is 0.
 */
export function sharpeRatio(returns: ArrayLike<number>): number {
  const m = returnMoments(returns);
  return m.n >= 2 && m.std > 0 ? m.mean / m.std : NaN;
}

/**
 * annualizedSharpe(returns, periodsPerYear) = sharpeRatio(returns)·√periodsPerYear
 * (the usual i.i.d. scaling; e.g. 252 for daily, 525600 for 1-minute bars of a 24/7 market).
 */
export function annualizedSharpe(returns: ArrayLike<number>, periodsPerYear: number): number {
  if (!(periodsPerYear > 0)) throw new Error(`periodsPerYear must be > 0; was ${periodsPerYear}`);
  return sharpeRatio(returns) * Math.sqrt(periodsPerYear);
}
