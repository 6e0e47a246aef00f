/**
 * Nested evaluation of a run study: the trials select on the data before `outerFrom` only (their config's
 * `data.range.end` is set to it, so every inner purged-CV fold and walk-forward window lies before it); the
 * selected configuration is then run once on the whole range and reported on its out-of-sample returns from
 * `outerFrom` on – a walk-forward window the selection never saw (its models are still fitted only on bars
 * before each prediction).
 */
import { UserInputError } from '../util/errors.ts';
import { setConfigValue, validateConfig } from '../config/index.ts';
import type { ExperimentConfig } from '../config/index.ts';
import { annualizedSharpe } from '../eval/stats/index.ts';

/** nestedInnerConfig(base, outerFrom, field) – the config the trials run: the base with data.range.end = outerFrom (a UTC day inside the base's range). */
export function nestedInnerConfig(base: ExperimentConfig, outerFrom: string, field = '--outer-from'): ExperimentConfig {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(outerFrom) || !Number.isFinite(Date.parse(outerFrom))) throw new UserInputError(field, 'expected a UTC day YYYY-MM-DD', outerFrom);
  const at = Date.parse(outerFrom);
  const { start, end } = base.data.range;
  if (start && at <= Date.parse(start)) throw new UserInputError(field, `expected a day after data.range.start (${start})`, outerFrom);
  if (end && at >= Date.parse(end)) throw new UserInputError(field, `expected a day before data.range.end (${end})`, outerFrom);
  const r = validateConfig(setConfigValue(base, 'data.range.end', outerFrom));
  if (!r.ok) throw new UserInputError(`${field} ${r.issues[0].path}`, r.issues[0].message, r.issues[0].value);
  return r.config;
}

export interface OuterWindow {
  /** Out-of-sample bars at or after outerFrom. */
  bars: number;
  /** Annualised Sharpe of those bars' returns (null when fewer than 2 or no variation). */
  sharpe: number | null;
  /** Total compounded return over the window. */
  totalReturn: number | null;
}

/** outerWindow(ts, returns, fromMs, periodsPerYear) – the selected configuration's out-of-sample returns from fromMs on. */
export function outerWindow(ts: ArrayLike<number>, returns: ArrayLike<number>, fromMs: number, periodsPerYear: number): OuterWindow {
  const r: number[] = [];
  for (let i = 0; i < ts.length; i++) if (ts[i] >= fromMs && Number.isFinite(returns[i])) r.push(returns[i]);
  if (r.length === 0) return { bars: 0, sharpe: null, totalReturn: null };
  const s = annualizedSharpe(r, periodsPerYear);
  let g = 1;
  for (const x of r) g *= 1 + x;
  return { bars: r.length, sharpe: Number.isFinite(s) ? s : null, totalReturn: g - 1 };
}
