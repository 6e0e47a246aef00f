/**
 * One formatter per quantity on the report page, so the same figure reads the same everywhere
 * (headline, baselines, gates, realism table, protocol). Differences are absolute: a Sharpe
 * difference is a signed ratio, a return or drawdown difference is in signed percentage points.
 */
import { fmtInt, fmtNumber, fmtPct, fmtPp, fmtRatio, fmtSignedRatio } from '@skippy/ui';

type Fmt = (x: number | null | undefined) => string;

/** Annualised Sharpe ratio. */
export const fmtSharpe: Fmt = (x) => fmtRatio(x);
/** Total return (a fraction). */
export const fmtReturn: Fmt = (x) => fmtPct(x, 2);
/** Max drawdown (a positive fraction). */
export const fmtDrawdown: Fmt = (x) => fmtPct(x, 2);
/** Shares: exposure, win rate, halted share, inflation reduction. */
export const fmtShare: Fmt = (x) => fmtPct(x, 1);
/** Probabilities: DSR, PSR, PBO, precision/recall. */
export const fmtProb: Fmt = (x) => fmtPct(x, 1);
/** Counts: trades, bars, samples. */
export const fmtCount: Fmt = (x) => fmtInt(x);
/** AUC and calibration coefficients. */
export const fmtScore: Fmt = (x) => fmtNumber(x, 3);

/** Sharpe difference (absolute, never a relative % of a Sharpe). */
export const fmtSharpeDiff: Fmt = (x) => fmtSignedRatio(x);
/** Difference of two returns or drawdowns, in signed percentage points. */
export const fmtPpDiff: Fmt = (x) => fmtPp(x, 2);

/** Difference of two probabilities (precision, recall), in signed percentage points. */
export const fmtProbDiff: Fmt = (x) => fmtPp(x, 1);

/** a − b when both are numbers, else null. */
export function diff(a: number | null | undefined, b: number | null | undefined): number | null {
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? a - b : null;
}
