import { UserInputError } from '../util/errors.ts';

/**
 * How rows that share a timestamp are resolved (one row per time survives):
 * - `precision` (default): the row with the most decimal places over all its values (a missing value
 *   counts 0), e.g. the full-precision row of an export over its 2-decimal twin; on a tie the row whose
 *   epoch time was in milliseconds over one in seconds (when the parser saw both), then the later row in file order;
 * - `first`: the first row in file order;
 * - `last`: the last row in file order (a later row as the exchange's revision of the bar).
 */
export type DuplicateRule = 'precision' | 'first' | 'last';

export const DUPLICATE_RULES: readonly DuplicateRule[] = ['precision', 'first', 'last'];

/** The rule in words, as the QC report and ingest results state it. */
export const DUPLICATE_RULE_TEXT: Readonly<Record<DuplicateRule, string>> = {
  precision: 'keep the row with the most decimal places over all its values (a missing value counts 0); on a tie the row whose epoch time was in milliseconds, then the later row in file order; the others are dropped',
  first: 'keep the first row in file order; the later ones are dropped',
  last: 'keep the last row in file order (a later row is the exchange\'s revision of the bar); the earlier ones are dropped',
};

/** parseDuplicateRule(value, field) – the rule, or a UserInputError naming `field`. @default "precision" when undefined */
export function parseDuplicateRule(value: unknown, field = 'duplicates'): DuplicateRule {
  if (value === undefined) return 'precision';
  if (typeof value === 'string' && (DUPLICATE_RULES as readonly string[]).includes(value)) return value as DuplicateRule;
  throw new UserInputError(field, `expected ${DUPLICATE_RULES.join(' | ')}`, value as string);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** decimalsOf(x) – decimal places of x's shortest decimal form (11783.3 → 1, 4552.641795 → 6, 7 → 0); 0 for NaN/±∞, at most 15. */
export function decimalsOf(x: number): number {
  if (!Number.isFinite(x)) return 0;
  for (let k = 0; k < 15; k++) {
    const scaled = Math.round(x * POW10[k]);
    if (Math.abs(scaled) > Number.MAX_SAFE_INTEGER) return k;
    if (scaled / POW10[k] === x) return k;
  }
  return 15;
}

/** precisionScore(values, row) – Σ decimalsOf over the row's values. */
export function precisionScore(values: readonly Float64Array[], row: number): number {
  let s = 0;
  for (const col of values) s += decimalsOf(col[row]);
  return s;
}
