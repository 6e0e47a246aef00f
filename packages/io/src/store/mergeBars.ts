/**
 * mergeBars(stored, incoming) – one sorted series with unique ts. Rule: on equal ts the INCOMING row
 * wins (a re-ingest corrects what was stored); within `incoming`, the last row for a ts wins.
 * Extra columns are the union of both; a row without a column gets NaN there. Inputs are not mutated.
 */
import type { BarSeries } from '@skippy/core';

const CORE = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface MergeResult {
  bars: BarSeries;
  /** Rows of `incoming` whose ts was not stored. */
  added: number;
  /** Stored rows replaced by an incoming row with the same ts. */
  replaced: number;
}

/** Index order of `ts` sorted ascending with, for duplicates, only the LAST occurrence kept. */
function sortedUniqueOrder(ts: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: ts.length }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < ts.length; i++) if (!(ts[i] > ts[i - 1])) { sorted = false; break; }
  if (sorted) return idx;
  idx.sort((a, b) => ts[a] - ts[b] || a - b);
  const keep: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    if (k + 1 < idx.length && ts[idx[k + 1]] === ts[idx[k]]) continue;
    keep.push(idx[k]);
  }
  return Int32Array.from(keep);
}

export function mergeBars(stored: BarSeries | null, incoming: BarSeries): MergeResult {
  const extras = [...new Set([...Object.keys(stored?.columns ?? {}), ...Object.keys(incoming.columns ?? {})])];
  const get = (s: BarSeries, name: string): Float64Array | undefined =>
    (CORE as readonly string[]).includes(name) ? (s[name as (typeof CORE)[number]]) : s.columns?.[name];
  const order = sortedUniqueOrder(incoming.ts);
  const sTs = stored?.ts ?? new Float64Array(0);
  const m = order.length, s = sTs.length;
  // First pass: count output rows.
  let i = 0, j = 0, rows = 0, replaced = 0;
  while (i < s || j < m) {
    const a = i < s ? sTs[i] : Infinity, b = j < m ? incoming.ts[order[j]] : Infinity;
    if (a < b) i++;
    else if (b < a) j++;
    else { i++; j++; replaced++; }
    rows++;
  }
  const names = [...CORE, ...extras];
  const out: Record<string, Float64Array> = {};
  for (const name of names) out[name] = new Float64Array(rows);
  i = 0; j = 0;
  for (let r = 0; r < rows; r++) {
    const a = i < s ? sTs[i] : Infinity, b = j < m ? incoming.ts[order[j]] : Infinity;
    const fromIncoming = b <= a;
    const src = fromIncoming ? incoming : (stored as BarSeries);
    const row = fromIncoming ? order[j] : i;
    for (const name of names) {
      const col = get(src, name);
      out[name][r] = col ? col[row] : NaN;
    }
    if (a <= b) i++;
    if (b <= a) j++;
  }
  const bars: BarSeries = {
    symbol: incoming.symbol,
    intervalMs: incoming.intervalMs,
    ts: out.ts, open: out.open, high: out.high, low: out.low, close: out.close, volume: out.volume,
    ...(extras.length ? { columns: Object.fromEntries(extras.map((e) => [e, out[e]])) } : {}),
  };
  return { bars, added: m - replaced, replaced };
}
