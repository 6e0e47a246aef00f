/** Data QC report types. Row numbers are 0-based indices into the series given to QC. */
import type { DuplicateRule } from './duplicateRule.ts';
import type { DateTextFormat } from '../data/parse/dateText.ts';

export interface QcOptions {
  /** Expected grid step in ms; default the series' intervalMs (bars) or 8 h (funding), else inferred. Null = irregular (no grid checks). */
  intervalMs?: number | null;
  /** Subtract a detected constant time offset from every timestamp in `cleaned`. @default false */
  fixOffset?: boolean;
  /** Missing-bar policy for `cleaned`: "none" leaves gaps; "ffill" inserts bars at the previous close, volume 0, column `filled` = 1. @default "none" */
  fill?: 'none' | 'ffill';
  /** Robust z-score threshold for outlier log returns. @default 10 */
  outlierZ?: number;
  /** Bars of context shown before and after each outlier. @default 3 */
  contextBars?: number;
  /** At most this many entries per list in the report (counts are always complete). @default 200 */
  maxListed?: number;
  /** A timestamp within this many ms of the grid is on it (exchange jitter). @default min(1000, interval / 10) */
  gridToleranceMs?: number;
  /** Which row of a shared timestamp `cleaned` keeps: "precision" | "first" | "last" (see DuplicateRule). @default "precision" */
  duplicates?: DuplicateRule;
  /** A bar price farther than this many σ̂ (robust scale of close-to-close log returns) from its neighbourhood is a bad print. @default 50 */
  badPrintZ?: number;
}

/** What the duplicate timestamps hold and how they were resolved. */
export interface QcDuplicateSummary {
  rule: DuplicateRule;
  rule_text: string;
  /** Timestamps with more than one row. */
  times: number;
  /** Rows dropped in favour of the kept one (exact duplicates and conflicts). */
  rows_dropped: number;
  /** Times where the rule kept a row other than the first in file order. */
  kept_not_first: number;
  /** Times whose rows agree on open/high/low/close, and times where they differ. */
  ohlc_identical: number;
  ohlc_differ: number;
  /** Largest |a − b| and |a − b| / max(|a|, |b|) per OHLC field between rows of one time. */
  max_abs_diff: Record<string, number>;
  max_rel_diff: Record<string, number>;
  /** The largest relative difference and where. */
  largest: { ts: number; iso: string; field: string; rows: number[]; values: number[]; abs_diff: number; rel_diff: number } | null;
}

/** A bar with prices far from its neighbourhood: reference = median of (previous close, open, close, next open). */
export interface QcBadPrint {
  row: number;
  ts: number;
  iso: string;
  /** The bar's prices that are bad prints, e.g. ["open", "high"]. */
  fields: ('open' | 'high' | 'low' | 'close')[];
  reference: number;
  /** Largest |ln(price / reference)| / σ̂ among those fields. */
  z: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** What the parser saw in the file (CSV inputs). */
export interface QcTimeUnits {
  /** Rows whose epoch time was in seconds and in milliseconds (each row's unit from its magnitude). */
  seconds: number;
  milliseconds: number;
  /** First rows (0-based, file order) in each unit. */
  first_seconds_row: number;
  first_milliseconds_row: number;
  rule: string;
}

export interface QcDateCheck {
  /** The second time column compared with ts (ts comes from the epoch column). */
  column: string;
  time_column: string;
  formats: DateTextFormat[];
  rows: number;
  unparsed: number;
  mismatches: number;
  first_mismatch: { row: number; ts_iso: string; date_iso: string } | null;
}

export interface QcRow {
  row: number;
  [field: string]: number;
}

export interface QcDuplicate {
  ts: number;
  iso: string;
  /** Rows with identical time and values; all but the first were dropped. */
  rows: number[];
}

export interface QcConflict {
  ts: number;
  iso: string;
  /** Both rows with their values (same time, different values). */
  rows: QcRow[];
  kept_row: number;
  rule: string;
}

export interface QcOutOfOrder {
  row: number;
  ts: number;
  iso: string;
  previous_ts: number;
  previous_iso: string;
}

export interface QcGap {
  /** First missing bar (open time) and last missing bar. */
  start: number;
  end: number;
  start_iso: string;
  end_iso: string;
  /** The bars either side of the gap. */
  last_before_iso: string;
  first_after_iso: string;
  bars_missing: number;
}

export interface QcBadValue {
  row: number;
  ts: number;
  iso: string;
  field: string;
  value: number | string;
  problem: string;
}

export interface QcOhlcViolation {
  row: number;
  ts: number;
  iso: string;
  open: number;
  high: number;
  low: number;
  close: number;
  rule: string;
}

export interface QcOutlier {
  row: number;
  ts: number;
  iso: string;
  /** Close-to-close log return ending at this bar. */
  log_return: number;
  z: number;
  previous_close: number;
  close: number;
  /** Bars missing just before this bar (a return across a gap). */
  after_gap_bars: number;
  /** The bars around it: iso times and closes. */
  context: { iso: string; close: number }[];
}

export interface QcTimeOffset {
  /** The series sits this far after its grid (positive = later, e.g. naive UTC+3 times read as UTC). */
  offset_ms: number;
  /** As a zone offset, e.g. "+03:00". */
  offset: string;
  grid_ms: number;
  rows_matching: number;
  rows: number;
  /** Largest distance from the shifted grid among matching rows (exchange jitter). */
  jitter_max_ms: number;
  fix: string;
  applied: boolean;
}

export interface QcReport {
  kind: 'bars' | 'time_series';
  symbol: string;
  name?: string;
  rows_in: number;
  rows_out: number;
  grid_ms: number | null;
  first_iso: string | null;
  last_iso: string | null;
  time_offset: QcTimeOffset | null;
  /** The file's time direction: "descending" = newest first (out_of_order counts rows against it). */
  order: 'ascending' | 'descending';
  /** Epoch seconds and milliseconds mixed in the time column; null when one unit (or not a parsed CSV). */
  time_units: QcTimeUnits | null;
  /** The second time column's cross-check (e.g. `date` beside `unix`); null when there is none. */
  date_check: QcDateCheck | null;
  /** Lines above the header the parser skipped (a URL or comments). */
  preamble: string[];
  duplicate_summary: QcDuplicateSummary;
  duplicates: QcDuplicate[];
  conflicts: QcConflict[];
  out_of_order: QcOutOfOrder[];
  off_grid: { row: number; ts: number; iso: string; off_by_ms: number }[];
  gaps: QcGap[];
  bad_values: QcBadValue[];
  ohlc_violations: QcOhlcViolation[];
  bad_prints: QcBadPrint[];
  outliers: QcOutlier[];
  outlier_stats: { threshold: number; median: number; mad: number; scale: number; scale_method: 'mad' | 'mean_abs_dev' | 'none'; returns: number } | null;
  fill: { policy: 'none' | 'ffill'; rows_filled: number };
  /** Complete counts (the lists above are capped at maxListed). */
  counts: {
    duplicates: number;
    duplicate_rows_dropped: number;
    conflicts: number;
    out_of_order: number;
    off_grid: number;
    gaps: number;
    bars_missing: number;
    bad_values: number;
    bad_rows_dropped: number;
    ohlc_violations: number;
    bad_prints: number;
    outliers: number;
    /** Timestamps with more than one row (exact duplicates and conflicts together). */
    duplicate_times: number;
    /** Rows whose epoch time was in seconds / milliseconds when the column mixed both (0 otherwise). */
    rows_in_seconds: number;
    rows_in_milliseconds: number;
    date_mismatches: number;
  };
  /** How each finding was handled in `cleaned`. */
  rules: Record<string, string>;
}
