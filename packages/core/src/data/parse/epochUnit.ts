import { UserInputError } from '../../util/errors.ts';

/**
 * Epoch units detected from magnitude (|v| of a timestamp after 1973 and before 5138):
 * < 1e11 → seconds, < 1e14 → milliseconds, < 1e17 → microseconds, else nanoseconds.
 * A whole time column must use one unit; a row in another unit is a user error naming the line.
 */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

export const EPOCH_UNIT_NAMES: Readonly<Record<EpochUnit, string>> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds' };

export function epochUnitOf(v: number): EpochUnit {
  const a = Math.abs(v);
  if (a < 1e11) return 's';
  if (a < 1e14) return 'ms';
  if (a < 1e17) return 'us';
  return 'ns';
}

/** Converts v (in `unit`) to ms; NaN when v's magnitude says another unit (the caller reports it). */
export function epochToMs(v: number, unit: EpochUnit): number {
  if (epochUnitOf(v) !== unit) return NaN;
  return unit === 'ms' ? v : unit === 's' ? v * 1000 : unit === 'us' ? v / 1000 : v / 1e6;
}

/** The UserInputError for a value whose magnitude says another unit than the column's. */
export function mixedUnitsError(field: string, v: number, unit: EpochUnit, first: string): UserInputError {
  return new UserInputError(field, `expected epoch ${EPOCH_UNIT_NAMES[unit]} like the rest of the column (from ${first}); mixed time units`, `${v} (${EPOCH_UNIT_NAMES[epochUnitOf(v)]})`);
}
