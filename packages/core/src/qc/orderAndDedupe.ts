import { isoUtc } from '../data/parse/isoTime.ts';
import { DUPLICATE_RULE_TEXT, precisionScore, type DuplicateRule } from './duplicateRule.ts';
import type { QcConflict, QcDuplicate, QcDuplicateSummary, QcOutOfOrder, QcRow } from './types.ts';

export interface OrderDedupeResult {
  /** The file's direction: most steps forward (ascending) or backward (descending, newest first). */
  direction: 'ascending' | 'descending';
  /** Rows in time order (stable: equal times keep file order); null when already ordered. */
  order: Int32Array | null;
  /** keep[row] = 1 when the row survives de-duplication. */
  keep: Uint8Array;
  outOfOrder: QcOutOfOrder[];
  outOfOrderCount: number;
  duplicates: QcDuplicate[];
  duplicateCount: number;
  duplicateRowsDropped: number;
  conflicts: QcConflict[];
  conflictCount: number;
  summary: QcDuplicateSummary;
}

export interface OrderDedupeOptions {
  /** Which row of a shared timestamp survives. @default "precision" */
  prefer?: DuplicateRule;
  /** Per row, 1 when the parser read its epoch time in seconds (mixed-unit files): the precision rule's tie-break. */
  secondsRows?: Uint8Array | null;
  /** Indices into `values` of open, high, low, close: their differences are summarised. @default none */
  ohlc?: readonly number[];
}

/** Resolution rule for conflicting duplicates under the default rule (kept for callers that quote it). */
export const CONFLICT_RULE = DUPLICATE_RULE_TEXT.precision;

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Rows in ascending time order, equal times in file order; a descending file is reversed first (no comparator sort). */
function timeOrder(ts: Float64Array, descending: boolean): Int32Array {
  const n = ts.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = descending ? n - 1 - i : i;
  if (descending) {
    // equal times came reversed: restore file order within each run
    for (let a = 0; a < n;) {
      let b = a + 1;
      while (b < n && ts[order[b]] === ts[order[a]]) b++;
      if (b - a > 1) order.subarray(a, b).reverse();
      a = b;
    }
  }
  let sorted = true;
  for (let k = 1; k < n && sorted; k++) sorted = ts[order[k]] >= ts[order[k - 1]];
  if (!sorted) order.sort((a, b) => ts[a] - ts[b] || a - b);
  return order;
}

/**
 * orderAndDedupe(ts, values, names, maxListed, options) – ordering, then duplicates.
 * - Direction: a file whose steps mostly go back in time is descending (newest first, as some exports
 *   are): a row is out of order when it breaks the file's own direction. Equal times are duplicates, not disorder.
 *   A stable sort (equal times keep file order) only when the rows are not already ascending.
 * - Duplicates, in time order: rows with the same time and all values equal are exact duplicates (one kept);
 *   rows with the same time and different values are conflicts, resolved by `prefer` (see DuplicateRule) and
 *   reported with both rows. `summary` counts the times, how many disagree on OHLC and by how much.
 */
export function orderAndDedupe(ts: Float64Array, values: Float64Array[], names: string[], maxListed: number, options: OrderDedupeOptions = {}): OrderDedupeResult {
  const n = ts.length;
  const prefer = options.prefer ?? 'precision';
  let back = 0, forward = 0;
  for (let i = 1; i < n; i++) {
    if (ts[i] < ts[i - 1]) back++;
    else if (ts[i] > ts[i - 1]) forward++;
  }
  const descending = back > forward;
  const outOfOrder: QcOutOfOrder[] = [];
  let outOfOrderCount = 0;
  for (let i = 1; i < n; i++) {
    if (descending ? ts[i] > ts[i - 1] : ts[i] < ts[i - 1]) {
      outOfOrderCount++;
      if (outOfOrder.length < maxListed) outOfOrder.push({ row: i, ts: ts[i], iso: isoUtc(ts[i]), previous_ts: ts[i - 1], previous_iso: isoUtc(ts[i - 1]) });
    }
  }
  const order = back > 0 ? timeOrder(ts, descending) : null;
  const keep = new Uint8Array(n).fill(1);
  const duplicates: QcDuplicate[] = [];
  const conflicts: QcConflict[] = [];
  let duplicateCount = 0, duplicateRowsDropped = 0, conflictCount = 0;
  const ohlc = options.ohlc ?? [];
  const summary = emptySummary(prefer, ohlc.map((c) => names[c]));
  const rowOf = (i: number): QcRow => {
    const r: QcRow = { row: i };
    for (let c = 0; c < values.length; c++) r[names[c]] = values[c][i];
    return r;
  };
  const seconds = options.secondsRows ?? null;
  /** True when row b (later in file order than a) beats a under the rule. */
  const laterWins = (a: number, b: number): boolean => {
    if (prefer === 'first') return false;
    if (prefer === 'last') return true;
    const pa = precisionScore(values, a), pb = precisionScore(values, b);
    if (pa !== pb) return pb > pa;
    if (seconds && seconds[a] !== seconds[b]) return seconds[a] === 1;
    return true;
  };
  let kept = n > 0 ? (order ? order[0] : 0) : -1;
  let groupFirst = kept;
  let groupOhlcDiffers = false;
  let lastDup: QcDuplicate | null = null;
  let inGroup = false;
  // (group bookkeeping is inlined: a closure over these mutable locals would slow the hot loop)
  for (let k = 1; k < n; k++) {
    const i = order ? order[k] : k;
    if (ts[i] !== ts[kept]) {
      if (inGroup) {
        inGroup = false;
        if (groupOhlcDiffers) summary.ohlc_differ++;
        else summary.ohlc_identical++;
        if (kept !== groupFirst) summary.kept_not_first++;
      }
      kept = i;
      groupFirst = i;
      groupOhlcDiffers = false;
      lastDup = null;
      continue;
    }
    if (!inGroup) {
      inGroup = true;
      summary.times++;
    }
    summary.rows_dropped++;
    for (let f = 0; f < ohlc.length; f++) {
      const a = values[ohlc[f]][kept], b = values[ohlc[f]][i];
      if (same(a, b)) continue;
      groupOhlcDiffers = true;
      const abs = Math.abs(a - b), rel = abs / Math.max(Math.abs(a), Math.abs(b));
      const name = names[ohlc[f]];
      if (!(abs <= summary.max_abs_diff[name])) summary.max_abs_diff[name] = abs;
      if (!(rel <= summary.max_rel_diff[name])) summary.max_rel_diff[name] = rel;
      if (summary.largest === null || rel > summary.largest.rel_diff) summary.largest = { ts: ts[i], iso: isoUtc(ts[i]), field: name, rows: [kept, i], values: [a, b], abs_diff: abs, rel_diff: rel };
    }
    let equal = true;
    for (let c = 0; c < values.length && equal; c++) equal = same(values[c][i], values[c][kept]);
    if (equal) {
      keep[i] = 0;
      duplicateRowsDropped++;
      if (lastDup && lastDup.ts === ts[i]) lastDup.rows.push(i);
      else {
        duplicateCount++;
        lastDup = { ts: ts[i], iso: isoUtc(ts[i]), rows: [kept, i] };
        if (duplicates.length < maxListed) duplicates.push(lastDup);
      }
      continue;
    }
    const win = laterWins(kept, i);
    const loser = win ? kept : i;
    keep[loser] = 0;
    conflictCount++;
    if (conflicts.length < maxListed) conflicts.push({ ts: ts[i], iso: isoUtc(ts[i]), rows: [rowOf(kept), rowOf(i)], kept_row: win ? i : kept, rule: DUPLICATE_RULE_TEXT[prefer] });
    if (win) kept = i;
  }
  if (inGroup) {
    if (groupOhlcDiffers) summary.ohlc_differ++;
    else summary.ohlc_identical++;
    if (kept !== groupFirst) summary.kept_not_first++;
  }
  return { direction: descending ? 'descending' : 'ascending', order, keep, outOfOrder, outOfOrderCount, duplicates, duplicateCount, duplicateRowsDropped, conflicts, conflictCount, summary };
}

function emptySummary(rule: DuplicateRule, fields: string[]): QcDuplicateSummary {
  return {
    rule, rule_text: DUPLICATE_RULE_TEXT[rule], times: 0, rows_dropped: 0, kept_not_first: 0, ohlc_identical: 0, ohlc_differ: 0,
    max_abs_diff: Object.fromEntries(fields.map((f) => [f, 0])), max_rel_diff: Object.fromEntries(fields.map((f) => [f, 0])), largest: null,
  };
}
