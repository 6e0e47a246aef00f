import { summarizeReturns } from './summarizeReturns.ts';
import type { ReturnSummary } from './summarizeReturns.ts';
import { probabilisticSharpeRatio, minTrackRecordLength } from './psr.ts';
import { deflatedSharpeRatio } from './dsr.ts';
import type { DeflatedSharpe } from './dsr.ts';
import { bootstrapSharpeCi } from './bootstrapSharpe.ts';
import type { BootstrapSharpeOptions, SharpeInterval } from './bootstrapSharpe.ts';

/** Options of {@link returnStatistics}. */
export interface ReturnStatisticsOptions {
  /** Periods per year for annualised figures. */
  periodsPerYear: number;
  /** Benchmark Sharpe SR* for PSR and MinTRL, per period (not annualised). @default 0 */
  benchmarkSharpe?: number;
  /** Confidence level of MinTRL. @default 0.95 */
  confidence?: number;
  /** Per-period Sharpe ratios of all trials (including this one) for the DSR; omitted → no DSR. */
  trialSharpes?: ArrayLike<number>;
  /** Bootstrap settings (seed required); omitted → no interval. */
  bootstrap?: BootstrapSharpeOptions;
}

/** Everything `skippy-train stats` prints. */
export interface ReturnStatistics extends ReturnSummary {
  benchmarkSharpe: number;
  /** PSR(SR*) with the per-period Sharpe. */
  psr: number;
  /** Minimum track record length in periods at `confidence` against SR*. */
  minTrackRecord: number;
  confidence: number;
  deflated: DeflatedSharpe | null;
  sharpeCi: SharpeInterval | null;
}

/** returnStatistics(returns, options) — summarizeReturns + PSR, MinTRL, DSR and a bootstrap Sharpe interval. */
export function returnStatistics(returns: ArrayLike<number>, options: ReturnStatisticsOptions): ReturnStatistics {
  const s = summarizeReturns(returns, { periodsPerYear: options.periodsPerYear });
  const stats = { sharpe: s.sharpe, n: s.n, skewness: s.skewness, kurtosis: s.kurtosis };
  const bench = options.benchmarkSharpe ?? 0, conf = options.confidence ?? 0.95;
  return {
    ...s,
    benchmarkSharpe: bench,
    psr: probabilisticSharpeRatio(stats, bench),
    minTrackRecord: minTrackRecordLength(stats, bench, conf),
    confidence: conf,
    deflated: options.trialSharpes ? deflatedSharpeRatio(stats, options.trialSharpes) : null,
    sharpeCi: options.bootstrap ? bootstrapSharpeCi(returns, options.bootstrap) : null,
  };
}
