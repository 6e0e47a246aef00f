import type { BarSeries } from '../data/types.ts';
import type { ParsedBarSeries } from '../data/parse/parseNotes.ts';
import { orderAndDedupe } from './orderAndDedupe.ts';
import { gather, isIdentity, keptRows, rowRuns } from './gatherRows.ts';
import type { DuplicateRule } from './duplicateRule.ts';
import type { QcDuplicateSummary } from './types.ts';

/**
 * dedupeBars(bars, prefer) → { bars, summary }: the rows in ascending time order with one row per
 * timestamp, chosen by `prefer` (see DuplicateRule; the precision rule's tie-break reads
 * `bars.parseNotes.secondsRows`). `summary` states the rule and what it did (times, rows dropped, OHLC
 * disagreement). Only ordering and duplicates: nothing else is dropped or changed (that is runQc's job).
 * The input is returned as is (without parse notes) when it is already ascending and unique; never mutated.
 */
export function dedupeBars(bars: ParsedBarSeries, prefer: DuplicateRule = 'precision'): { bars: BarSeries; summary: QcDuplicateSummary } {
  const { parseNotes, ...plain } = bars;
  const n = bars.ts.length;
  const extra = Object.keys(bars.columns ?? {});
  const values = [bars.open, bars.high, bars.low, bars.close, bars.volume, ...extra.map((k) => bars.columns![k])];
  const names = ['open', 'high', 'low', 'close', 'volume', ...extra];
  const secondsRows = parseNotes?.secondsRows && parseNotes.secondsRows.length === n ? parseNotes.secondsRows : null;
  const od = orderAndDedupe(bars.ts, values, names, 0, { prefer, secondsRows, ohlc: [0, 1, 2, 3] });
  const rows = keptRows(od.order, od.keep);
  if (isIdentity(rows, n)) return { bars: plain, summary: od.summary };
  const runs = rowRuns(rows);
  const g = (col: Float64Array) => gather(col, rows, runs);
  const out: BarSeries = { symbol: bars.symbol, intervalMs: bars.intervalMs, ts: g(bars.ts), open: g(bars.open), high: g(bars.high), low: g(bars.low), close: g(bars.close), volume: g(bars.volume) };
  if (bars.columns) out.columns = Object.fromEntries(extra.map((k) => [k, g(bars.columns![k])]));
  return { bars: out, summary: od.summary };
}
