/**
 * Schema building blocks whose error messages read as "expected ...", so a bad
 * value is reported as `labels.max_holding_periods[1]: expected a positive integer, got -5`.
 */
import { z } from 'zod';

const msg = (text: string) => ({ error: text });

export const posInt = (what = 'a positive integer') =>
  z.number(msg(`expected ${what}`)).int(msg(`expected ${what}`)).positive(msg(`expected ${what}`));

export const nonNegInt = (what = 'a non-negative integer') =>
  z.number(msg(`expected ${what}`)).int(msg(`expected ${what}`)).nonnegative(msg(`expected ${what}`));

export const posNum = (what = 'a positive number') =>
  z.number(msg(`expected ${what}`)).positive(msg(`expected ${what}`)).finite(msg(`expected ${what}`));

export const nonNegNum = (what = 'a non-negative number') =>
  z.number(msg(`expected ${what}`)).nonnegative(msg(`expected ${what}`)).finite(msg(`expected ${what}`));

/** A number in [0, 1] (inclusive). */
export const fraction = (what = 'a fraction between 0 and 1') =>
  z.number(msg(`expected ${what}`)).min(0, msg(`expected ${what}`)).max(1, msg(`expected ${what}`));

/** A number in [0, 1) – for things like embargo shares that must leave something. */
export const openFraction = (what = 'a fraction in [0, 1)') =>
  z.number(msg(`expected ${what}`)).min(0, msg(`expected ${what}`)).lt(1, msg(`expected ${what}`));

/**
 * A cost as a fraction of price or notional (slippage, fees): in [0, 1). At 1 a sale fills at a price of
 * zero or less and a fee takes the whole notional, so a value that large is a typo (5 for 0.05 %), never a cost.
 */
export const costFraction = (what = 'a fraction of the price in [0, 1), e.g. 0.0005 for 0.05 %') =>
  z.number(msg(`expected ${what}`)).min(0, msg(`expected ${what}`)).lt(1, msg(`expected ${what}`));

/** Most periods a year that annualising can mean: one a second (366 × 86,400). */
export const MAX_PERIODS_PER_YEAR = 31_622_400;

export const bool = () => z.boolean(msg('expected true or false'));

export const str = (what = 'a non-empty string') => z.string(msg(`expected ${what}`)).min(1, msg(`expected ${what}`));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, msg(`expected one of ${values.join(' | ')}`));

/** Longest list of windows, periods or horizons: each becomes a feature column or a label set. */
export const MAX_LIST_ITEMS = 64;

/** Non-empty list of unique positive integers (at most MAX_LIST_ITEMS). */
export const posIntList = (what = 'a positive integer') =>
  z.array(posInt(what), msg('expected a list of positive integers')).min(1, msg('expected at least one value')).max(MAX_LIST_ITEMS, msg(`expected at most ${MAX_LIST_ITEMS} values`));

/**
 * isStrictIsoDate('2021-02-30') === false – an ISO date or date-time whose calendar fields exist
 * (Date.parse would roll 2021-02-30 over to March 2) and whose clock fields are in range.
 */
export function isStrictIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return false;
  return !Number.isNaN(Date.parse(s));
}

/** ISO date (YYYY-MM-DD) or datetime string, or null for "open". Calendar dates are checked strictly. */
export const isoDate = () =>
  z.string(msg('expected an ISO date such as 2021-05-01 or null'))
    .max(40, msg('expected an ISO date such as 2021-05-01 or null'))
    .refine(isStrictIsoDate, msg('expected an ISO date such as 2021-05-01 or null (a day that exists)'))
    .nullable();

/** An object that rejects unknown keys and fills in its own defaults when absent. */
export const section = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);
