/**
 * Book snapshots/events as a wide table: `ts`, then for level k = 1..depth the columns
 * `bid_px_k`, `bid_qty_k`, `ask_px_k`, `ask_qty_k`. bookFromTable is the inverse.
 */
import type { BookSnapshots } from '@skippy/core';
import type { TableColumn } from '../parquet.ts';

export function bookToColumns(book: BookSnapshots): Record<string, Float64Array> {
  const n = book.ts.length, d = book.depth;
  const out: Record<string, Float64Array> = { ts: book.ts };
  for (let k = 0; k < d; k++) {
    const cols = { bid_px: book.bidPx, bid_qty: book.bidQty, ask_px: book.askPx, ask_qty: book.askQty };
    for (const [name, src] of Object.entries(cols)) {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = src[i * d + k];
      out[`${name}_${k + 1}`] = c;
    }
  }
  return out;
}

export function bookFromTable(symbol: string, columns: Record<string, TableColumn>): BookSnapshots {
  const ts = columns.ts;
  if (!(ts instanceof Float64Array)) throw new Error('bookFromTable: missing Float64 column "ts"');
  let d = 0;
  while (columns[`bid_px_${d + 1}`]) d++;
  const n = ts.length;
  const book: BookSnapshots = { symbol, depth: d, ts, bidPx: new Float64Array(n * d), bidQty: new Float64Array(n * d), askPx: new Float64Array(n * d), askQty: new Float64Array(n * d) };
  const dst = { bid_px: book.bidPx, bid_qty: book.bidQty, ask_px: book.askPx, ask_qty: book.askQty };
  for (let k = 0; k < d; k++) {
    for (const [name, out] of Object.entries(dst)) {
      const c = columns[`${name}_${k + 1}`] as Float64Array;
      for (let i = 0; i < n; i++) out[i * d + k] = c[i];
    }
  }
  return book;
}
