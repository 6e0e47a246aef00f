import { UserInputError } from '../util/errors.ts';
import { DUPLICATE_RULE_TEXT, parseDuplicateRule, type DuplicateRule } from './duplicateRule.ts';
import type { QcOptions } from './types.ts';

export interface ResolvedQcOptions {
  intervalMs: number | null | undefined;
  fixOffset: boolean;
  fill: 'none' | 'ffill';
  outlierZ: number;
  contextBars: number;
  maxListed: number;
  gridToleranceMs: number | undefined;
  duplicates: DuplicateRule;
  badPrintZ: number;
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
  const badPrintZ = o.badPrintZ ?? 50;
  if (!(badPrintZ > 0) || !Number.isFinite(badPrintZ)) throw new UserInputError('badPrintZ', 'expected a positive number', badPrintZ);
  const duplicates = parseDuplicateRule(o.duplicates, 'duplicates');
  return { intervalMs: o.intervalMs, fixOffset: o.fixOffset ?? false, fill, outlierZ, contextBars, maxListed, gridToleranceMs: o.gridToleranceMs, duplicates, badPrintZ };
}

/** The resolution rule of every finding, stated in the report. */
export function qcRules(fill: 'none' | 'ffill', kind: 'bars' | 'time_series', duplicates: DuplicateRule = 'precision', direction: 'ascending' | 'descending' = 'ascending'): Record<string, string> {
  const value = kind === 'bars' ? 'a price ≤ 0 or non-finite, or a volume < 0 or non-finite' : 'a non-finite value';
  return {
    duplicates: 'exact duplicates (same time, same values) are dropped; the first row is kept',
    conflicts: `rule ${duplicates}: ${DUPLICATE_RULE_TEXT[duplicates]}`,
    out_of_order: direction === 'descending' ? 'the file is in descending order (newest first): rows are sorted ascending (stable); out of order = against the file\'s direction' : 'rows are sorted by time (stable)',
    bad_values: `rows with ${value} are dropped`,
    ...(kind === 'bars' ? {
      ohlc_violations: 'flagged and kept unchanged',
      bad_prints: 'flagged and kept unchanged (a price no neighbour confirms; drop or repair the row yourself if it is an error)',
      outliers: 'flagged and kept unchanged (real crashes are real)',
      time_units: 'epoch seconds and milliseconds in one column: each row\'s unit from its magnitude (< 1e11 seconds, else milliseconds), all converted to ms',
      date_check: 'the epoch column gives ts; a second date column is only compared with it',
    } : {}),
    off_grid: 'flagged and kept',
    gaps: fill === 'ffill' ? 'filled forward: open = high = low = close = previous close, volume 0, column filled = 1' : 'left as gaps (fill policy none)',
    time_offset: 'reported; subtracted from every timestamp only when asked (fixOffset / --fix-offset)',
  };
}
