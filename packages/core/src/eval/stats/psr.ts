import { returnMoments } from './moments.ts';
import { normalCdf, normalQuantile } from './normal.ts';

/** The inputs of PSR, DSR and MinTRL: a per-period (non-annualised) Sharpe and the return moments. */
export interface SharpeStats {
  /** Per-period Sharpe ratio mean / sample std (ddof 1), NOT annualised. */
  sharpe: number;
  /** Number of return observations T. */
  n: number;
  /** Skewness γ₃ (population moments, as in Bailey & López de Prado). */
  skewness: number;
  /** Raw kurtosis γ₄ (3 for a normal). */
  kurtosis: number;
}

/** sharpeStats(returns) — {sharpe, n, skewness, kurtosis} of the finite returns (see returnMoments). */
export function sharpeStats(returns: ArrayLike<number>): SharpeStats {
  const m = returnMoments(returns);
  return { sharpe: m.n >= 2 && m.std > 0 ? m.mean / m.std : NaN, n: m.n, skewness: m.skewness, kurtosis: m.kurtosis };
}

/** 1 − γ₃·SR + (γ₄ − 1)/4·SR², the non-normality factor of the Sharpe ratio's variance (Mertens 2002). */
export function sharpeVarianceFactor(s: SharpeStats): number {
  return 1 - s.skewness * s.sharpe + ((s.kurtosis - 1) / 4) * s.sharpe * s.sharpe;
}

/**
 * probabilisticSharpeRatio(stats, benchmarkSharpe) — PSR(SR*) = Φ[(SR − SR*)·√(T − 1) / √(1 − γ₃·SR + (γ₄−1)/4·SR²)]
 * (Bailey & López de Prado 2012, "The Sharpe Ratio Efficient Frontier"). SR and SR* are per period, not
 * annualised. NaN when T < 2 or the variance factor is not positive.
 */
export function probabilisticSharpeRatio(stats: SharpeStats, benchmarkSharpe = 0): number {
  const v = sharpeVarianceFactor(stats);
  if (!(stats.n >= 2) || !(v > 0)) return NaN;
  return normalCdf(((stats.sharpe - benchmarkSharpe) * Math.sqrt(stats.n - 1)) / Math.sqrt(v));
}

/**
 * minTrackRecordLength(stats, benchmarkSharpe, confidence) — MinTRL = 1 + (1 − γ₃·SR + (γ₄−1)/4·SR²)·(Φ⁻¹(p)/(SR − SR*))²,
 * in periods of the returns (Bailey & López de Prado 2012). Infinity when SR ≤ SR*.
 * At T = MinTRL, PSR(SR*) equals the confidence p exactly.
 */
export function minTrackRecordLength(stats: SharpeStats, benchmarkSharpe = 0, confidence = 0.95): number {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1); was ${confidence}`);
  const v = sharpeVarianceFactor(stats);
  if (!(v > 0) || !Number.isFinite(stats.sharpe)) return NaN;
  const d = stats.sharpe - benchmarkSharpe;
  if (d <= 0) return Infinity;
  const z = normalQuantile(confidence) / d;
  return 1 + v * z * z;
}
