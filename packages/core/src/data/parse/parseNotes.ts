import type { BarSeries } from '../types.ts';
import type { DateTextFormat } from './dateText.ts';

/**
 * What a bar parser noticed about a file that the columns cannot show. QC (`runQc`) reports it and the
 * duplicate rule `precision` uses `secondsRows`; nothing else reads it. Row numbers are 0-based
 * indices of the parsed series (file order).
 */
export interface BarsParseNotes {
  /** Lines skipped above the header: a URL or a `#` comment. */
  preamble: string[];
  /** Header name of the time column that gave `ts`. */
  timeColumn: string;
  /** Rows per unit when an epoch time column mixes seconds and milliseconds (each row's unit from its magnitude). */
  mixedUnits: { seconds: number; milliseconds: number } | null;
  /** Per row, 1 when its time value was in epoch seconds; only when `mixedUnits` is set. */
  secondsRows: Uint8Array | null;
  /** Named base/quote volume columns (`Volume BTC`, `Volume USDT`): base → `volume`, quote → `columns.quote_volume`. */
  namedVolume: { base: string; quote: string | null } | null;
  /** Cross-check of a second time column (e.g. `date` beside `unix`): `ts` comes from the time column; this only compares. */
  dateCheck: DateCheck | null;
  /** First value of a text `symbol`/`pair` column, e.g. "BTC/USDT". */
  symbolText: string | null;
}

export interface DateCheck {
  /** Header name of the compared column. */
  column: string;
  /** Formats seen in it. */
  formats: DateTextFormat[];
  /** Rows compared (parsed dates); `unparsed` rows held no readable date. */
  rows: number;
  unparsed: number;
  /** Rows whose date differs from ts; the first such row. */
  mismatches: number;
  firstMismatch: { row: number; ts: number; date: number } | null;
}

/** A BarSeries as a parser returns it: the bars plus optional notes for QC. */
export type ParsedBarSeries = BarSeries & { parseNotes?: BarsParseNotes };
