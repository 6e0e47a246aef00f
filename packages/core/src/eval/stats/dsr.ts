import { normalQuantile } from './normal.ts';
import type { SharpeStats } from './psr.ts';
import { probabilisticSharpeRatio } from './psr.ts';

/** Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * expectedMaxSharpe(nTrials, varianceOfTrialSharpes) — SR₀ = √V[SRₙ]·[(1−γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))]
 * (Bailey & López de Prado 2014), the expected maximum of N independent trial Sharpes with true Sharpe 0.
 * Convention: N = 1 (no selection) gives SR₀ = 0.
 */
export function expectedMaxSharpe(nTrials: number, varianceOfTrialSharpes: number): number {
  if (!(nTrials >= 1)) throw new Error(`nTrials must be ≥ 1; was ${nTrials}`);
  if (!(varianceOfTrialSharpes >= 0)) throw new Error(`varianceOfTrialSharpes must be ≥ 0; was ${varianceOfTrialSharpes}`);
  if (nTrials === 1) return 0;
  return Math.sqrt(varianceOfTrialSharpes) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / nTrials) + EULER_GAMMA * normalQuantile(1 - 1 / (nTrials * Math.E)));
}

/** Result of {@link deflatedSharpeRatio}. */
export interface DeflatedSharpe {
  /** DSR = PSR(SR₀). */
  dsr: number;
  /** The deflated benchmark SR₀ (per period). */
  sr0: number;
  nTrials: number;
  /** V[SRₙ], the sample variance (ddof 1) of the trials' per-period Sharpes. */
  trialVariance: number;
}

/**
 * deflatedSharpeRatio(stats, trialSharpes) — DSR = PSR(SR₀) with SR₀ = expectedMaxSharpe(N, V[SRₙ]),
 * N = trialSharpes.length and V the sample variance (ddof 1) of the trials' per-period Sharpe ratios
 * (the selected strategy is one of the trials). Pass {nTrials, variance} directly when only the summary is known.
 */
export function deflatedSharpeRatio(stats: SharpeStats, trials: ArrayLike<number> | { nTrials: number; variance: number }): DeflatedSharpe {
  let nTrials: number, variance: number;
  if ('nTrials' in trials) {
    nTrials = trials.nTrials; variance = trials.variance;
  } else {
    nTrials = trials.length;
    let s = 0;
    for (let i = 0; i < nTrials; i++) s += trials[i];
    const m = s / nTrials;
    let q = 0;
    for (let i = 0; i < nTrials; i++) q += (trials[i] - m) ** 2;
    variance = nTrials > 1 ? q / (nTrials - 1) : 0;
  }
  const sr0 = expectedMaxSharpe(nTrials, variance);
  return { dsr: probabilisticSharpeRatio(stats, sr0), sr0, nTrials, trialVariance: variance };
}
