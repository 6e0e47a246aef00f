import { UserInputError } from '../util/errors.ts';
import { CONFLICT_RULE } from './orderAndDedupe.ts';
import type { QcOptions } from './types.ts';

export interface ResolvedQcOptions {
  intervalMs: number | null | undefined;
  fixOffset: boolean;
  fill: 'none' | 'ffill';
  outlierZ: number;
  contextBars: number;
  maxListed: number;
  gridToleranceMs: number | undefined;
}

/** Defaults of QcOptions, validated (a bad option is a user error naming it). */
export function resolveQcOptions(o: QcOptions): ResolvedQcOptions {
  const outlierZ = o.outlierZ ?? 10;
  if (!(outlierZ > 0) || !Number.isFinite(outlierZ)) throw new UserInputError('outlierZ', 'expected a positive number', outlierZ);
  const fill = o.fill ?? 'none';
  if (fill !== 'none' && fill !== 'ffill') throw new UserInputError('fill', 'expected none | ffill', fill);
  const contextBars = o.contextBars ?? 3;
  const maxListed = o.maxListed ?? 200;
  if (!Number.isInteger(contextBars) || contextBars < 0) throw new UserInputError('contextBars', 'expected an integer ≥ 0', contextBars);
  if (!Number.isInteger(maxListed) || maxListed < 0) throw new UserInputError('maxListed', 'expected an integer ≥ 0', maxListed);
  if (o.intervalMs !== undefined && o.intervalMs !== null && !(o.intervalMs > 0)) throw new UserInputError('intervalMs', 'expected a positive number of ms', o.intervalMs);
  return { intervalMs: o.intervalMs, fixOffset: o.fixOffset ?? false, fill, outlierZ, contextBars, maxListed, gridToleranceMs: o.gridToleranceMs };
}

/** The resolution rule of every finding, stated in the report. */
export function qcRules(fill: 'none' | 'ffill', kind: 'bars' | 'time_series'): Record<string, string> {
  const value = kind === 'bars' ? 'a price ≤ 0 or non-finite, or a volume < 0 or non-finite' : 'a non-finite value';
  return {
    duplicates: 'exact duplicates (same time, same values) are dropped; the first row is kept',
    conflicts: CONFLICT_RULE,
    out_of_order: 'rows are sorted by time (stable)',
    bad_values: `rows with ${value} are dropped`,
    ...(kind === 'bars' ? { ohlc_violations: 'flagged and kept unchanged', outliers: 'flagged and kept unchanged (real crashes are real)' } : {}),
    off_grid: 'flagged and kept',
    gaps: fill === 'ffill' ? 'filled forward: open = high = low = close = previous close, volume 0, column filled = 1' : 'left as gaps (fill policy none)',
    time_offset: 'reported; subtracted from every timestamp only when asked (fixOffset / --fix-offset)',
  };
}
