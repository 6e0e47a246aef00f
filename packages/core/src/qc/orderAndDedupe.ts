import { isoUtc } from '../data/parse/isoTime.ts';
import type { QcConflict, QcDuplicate, QcOutOfOrder, QcRow } from './types.ts';

export interface OrderDedupeResult {
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
}

/** Resolution rule for conflicting duplicates (same time, different values). */
export const CONFLICT_RULE = 'keep the last row in file order (a later row is the exchange\'s revision of the bar); the earlier row is dropped';

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * orderAndDedupe(ts, values, names, maxListed) – one pass for ordering (a row earlier than
 * the row before it is out of order; equal times are duplicates, not disorder), a stable sort
 * only when needed, then one pass over time order: exact duplicates (same time and all values)
 * are dropped and counted, conflicting ones resolved by CONFLICT_RULE and reported with both rows.
 */
export function orderAndDedupe(ts: Float64Array, values: Float64Array[], names: string[], maxListed: number): OrderDedupeResult {
  const n = ts.length;
  const outOfOrder: QcOutOfOrder[] = [];
  let outOfOrderCount = 0;
  for (let i = 1; i < n; i++) {
    if (ts[i] < ts[i - 1]) {
      outOfOrderCount++;
      if (outOfOrder.length < maxListed) outOfOrder.push({ row: i, ts: ts[i], iso: isoUtc(ts[i]), previous_ts: ts[i - 1], previous_iso: isoUtc(ts[i - 1]) });
    }
  }
  let order: Int32Array | null = null;
  if (outOfOrderCount > 0) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => ts[a] - ts[b] || a - b);
  }
  const keep = new Uint8Array(n).fill(1);
  const duplicates: QcDuplicate[] = [];
  const conflicts: QcConflict[] = [];
  let duplicateCount = 0, duplicateRowsDropped = 0, conflictCount = 0;
  const rowOf = (i: number): QcRow => {
    const r: QcRow = { row: i };
    for (let c = 0; c < values.length; c++) r[names[c]] = values[c][i];
    return r;
  };
  let last = n > 0 ? (order ? order[0] : 0) : -1;
  let lastDup: QcDuplicate | null = null;
  for (let k = 1; k < n; k++) {
    const i = order ? order[k] : k;
    if (ts[i] !== ts[last]) {
      last = i;
      lastDup = null;
      continue;
    }
    let equal = true;
    for (let c = 0; c < values.length && equal; c++) equal = same(values[c][i], values[c][last]);
    if (equal) {
      keep[i] = 0;
      duplicateRowsDropped++;
      if (lastDup && lastDup.ts === ts[i]) lastDup.rows.push(i);
      else {
        duplicateCount++;
        lastDup = { ts: ts[i], iso: isoUtc(ts[i]), rows: [last, i] };
        if (duplicates.length < maxListed) duplicates.push(lastDup);
      }
    } else {
      keep[last] = 0;
      conflictCount++;
      if (conflicts.length < maxListed) conflicts.push({ ts: ts[i], iso: isoUtc(ts[i]), rows: [rowOf(last), rowOf(i)], kept_row: i, rule: CONFLICT_RULE });
      last = i;
    }
  }
  return { order, keep, outOfOrder, outOfOrderCount, duplicates, duplicateCount, duplicateRowsDropped, conflicts, conflictCount };
}
