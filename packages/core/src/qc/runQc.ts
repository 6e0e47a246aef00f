import type { BarSeries } from '../data/types.ts';
import type { BarsParseNotes, ParsedBarSeries } from '../data/parse/parseNotes.ts';
import { badPrints } from './badPrints.ts';
import { isoUtc } from '../data/parse/isoTime.ts';
import { inferIntervalMs } from '../data/parse/inferInterval.ts';
import { orderAndDedupe } from './orderAndDedupe.ts';
import { orderGridReport } from './orderGridReport.ts';
import { scanGrid, type GridScan } from './scanGrid.ts';
import { robustOutliers, type GapIndex } from './robustOutliers.ts';
import { gather, isIdentity, rowRuns } from './gatherRows.ts';
import { qcRules, resolveQcOptions } from './qcOptions.ts';
import type { QcBadValue, QcDateCheck, QcOhlcViolation, QcOptions, QcReport, QcTimeUnits } from './types.ts';

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/** Rare path of the value check: lists every bad field of row i. */
function recordBadValues(bars: BarSeries, i: number, out: QcBadValue[], vc: { bad: number }, maxListed: number): void {
  const t = bars.ts[i];
  const add = (field: string, value: number, problem: string) => {
    vc.bad++;
    if (out.length < maxListed) out.push({ row: i, ts: t, iso: isoUtc(t), field, value: Number.isFinite(value) ? value : String(value), problem });
  };
  if (!Number.isFinite(t)) add('ts', t, 'non-finite time');
  const prices = [bars.open, bars.high, bars.low, bars.close];
  for (let f = 0; f < 4; f++) {
    const x = prices[f][i];
    if (!(x > 0 && x < Infinity)) add(PRICE_FIELDS[f], x, Number.isFinite(x) ? 'non-positive price' : 'non-finite price');
  }
  const v = bars.volume[i];
  if (!(v >= 0 && v < Infinity)) add('volume', v, Number.isFinite(v) ? 'negative volume' : 'non-finite volume');
}

function recordOhlc(t: number, i: number, o: number, h: number, l: number, c: number, out: QcOhlcViolation[], vc: { ohlc: number }, maxListed: number): void {
  vc.ohlc++;
  if (out.length >= maxListed) return;
  const rule = h < l ? 'high < low' : h < Math.max(o, c) ? 'high < max(open, close)' : 'low > min(open, close)';
  out.push({ row: i, ts: t, iso: isoUtc(t), open: o, high: h, low: l, close: c, rule });
}

/**
 * runQc(bars, options) → { report, cleaned }: the data QC of the issue, never silent.
 * - ordering: rows earlier than their predecessor are out of order; `cleaned` is sorted (stable);
 * - ordering: a descending file (newest first) is recognised as such (`order`), not as 36k disordered rows;
 * - duplicates: same time and same values → dropped and counted; same time, different values →
 *   reported with both rows and resolved by `options.duplicates` (default "precision": the row with more
 *   decimals, then the millisecond-format row, then the later row); `duplicate_summary` says how many
 *   times disagree on OHLC and by how much;
 * - bad values: price ≤ 0 or non-finite, volume < 0 or non-finite → reported and dropped;
 *   OHLC inconsistency (high < max(open, close), low > min(open, close), high < low) → flagged, kept;
 *   bad prints (a price > badPrintZ σ̂ from the median of previous close, open, close, next open) → flagged, kept;
 * - what the parser saw (`bars.parseNotes`, CSV input): seconds and milliseconds mixed in the time column,
 *   the date column's cross-check, a URL line above the header;
 * - grid: constant time offset (reported; subtracted only with `fixOffset`), off-grid rows, gaps
 *   (start/end = first/last missing bar, bars missing), optional forward fill (`filled` column = 1);
 * - outliers: robust z-score of close-to-close log returns above `outlierZ` → flagged with context.
 * `cleaned` shares the input arrays when QC changed nothing; inputs are never mutated.
 * Cost: three linear passes over typed arrays plus two quickselects.
 */
export function runQc(bars: ParsedBarSeries, options: QcOptions = {}): { report: QcReport; cleaned: BarSeries } {
  const { ts, open, high, low, close, volume } = bars;
  const n = ts.length;
  for (const [k, col] of Object.entries({ open, high, low, close, volume, ...(bars.columns ?? {}) })) {
    if (col.length !== n) throw new Error(`runQc: column \`${k}\` has ${col.length} rows; ts has ${n}`);
  }
  const opts = resolveQcOptions(options);
  const extraNames = Object.keys(bars.columns ?? {}).filter((k) => k !== 'filled');
  const names = ['open', 'high', 'low', 'close', 'volume', ...extraNames];
  const values = [open, high, low, close, volume, ...extraNames.map((k) => bars.columns![k])];
  const notes = bars.parseNotes;
  const secondsRows = notes?.secondsRows && notes.secondsRows.length === n ? notes.secondsRows : null;
  const od = orderAndDedupe(ts, values, names, opts.maxListed, { prefer: opts.duplicates, secondsRows, ohlc: [0, 1, 2, 3] });
  const keep = od.keep;

  const badValues: QcBadValue[] = [];
  const ohlc: QcOhlcViolation[] = [];
  const vc = { bad: 0, badRows: 0, ohlc: 0 };
  const order = od.order;
  // one pass: value checks on the rows that survived de-duplication, collecting the kept rows in time order
  const rowsAll = new Int32Array(n);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    if (!keep[i]) continue;
    const o = open[i], h = high[i], l = low[i], c = close[i], v = volume[i];
    // all finite and positive (NaN fails every comparison)
    const fine = o > 0 && h > 0 && l > 0 && c > 0 && v >= 0 && o < Infinity && h < Infinity && l < Infinity && c < Infinity && v < Infinity && ts[i] - ts[i] === 0;
    if (!fine) {
      recordBadValues(bars, i, badValues, vc, opts.maxListed);
      keep[i] = 0;
      vc.badRows++;
      continue;
    }
    if (h < (o > c ? o : c) || l > (o < c ? o : c) || h < l) recordOhlc(ts[i], i, o, h, l, c, ohlc, vc, opts.maxListed);
    rowsAll[m++] = i;
  }
  const badCount = vc.bad, badRows = vc.badRows, ohlcCount = vc.ohlc;
  const rows = rowsAll.subarray(0, m);
  const grid = opts.intervalMs !== undefined ? opts.intervalMs : bars.intervalMs ?? inferIntervalMs(gather(ts, rows.subarray(0, 10_001)));
  const scan: GridScan | null = grid !== null && grid > 0 && m > 0 ? scanGrid(ts, rows, grid, opts.gridToleranceMs ?? Math.min(1000, grid / 10), opts.maxListed) : null;
  const gapIndex = scan ?? { gapAt: new Int32Array(0), gapMissing: new Int32Array(0) };
  const out = robustOutliers(close, ts, rows, gapIndex, opts.outlierZ, opts.contextBars, opts.maxListed);
  const prints = badPrints(bars, rows, out.stats.scale, opts.badPrintZ, opts.maxListed);

  const shift = opts.fixOffset && scan?.timeOffset ? scan.offsetMs : 0;
  const timeOffset = scan?.timeOffset ? { ...scan.timeOffset, applied: shift !== 0 } : null;
  const doFill = opts.fill === 'ffill' && scan !== null && scan.barsMissing > 0;
  let cleaned: BarSeries;
  let rowsFilled = 0;
  if (doFill) {
    ({ cleaned, rowsFilled } = fillForward(bars, rows, scan, scan.barsMissing, grid!, shift, extraNames));
  } else if (shift === 0 && isIdentity(rows, n)) {
    const { parseNotes: _notes, ...plain } = bars;
    cleaned = { ...plain, ...(bars.columns ? { columns: { ...bars.columns } } : {}) };
  } else {
    const runs = rowRuns(rows);
    const t2 = gather(ts, rows, runs);
    if (shift !== 0) for (let k = 0; k < m; k++) t2[k] -= shift;
    cleaned = { symbol: bars.symbol, intervalMs: bars.intervalMs, ts: t2, open: gather(open, rows, runs), high: gather(high, rows, runs), low: gather(low, rows, runs), close: gather(close, rows, runs), volume: gather(volume, rows, runs) };
    if (bars.columns) cleaned.columns = Object.fromEntries(Object.entries(bars.columns).map(([k, col]) => [k, gather(col, rows, runs)]));
  }
  if (cleaned.intervalMs === null && grid !== null) cleaned.intervalMs = grid;

  const shared = orderGridReport(od, scan);
  const report: QcReport = {
    kind: 'bars',
    symbol: bars.symbol,
    rows_in: n,
    rows_out: cleaned.ts.length,
    grid_ms: grid,
    first_iso: m > 0 ? isoUtc(ts[rows[0]]) : null,
    last_iso: m > 0 ? isoUtc(ts[rows[m - 1]]) : null,
    time_offset: timeOffset,
    order: od.direction,
    time_units: timeUnits(notes, secondsRows),
    date_check: dateCheck(notes),
    preamble: notes?.preamble ?? [],
    duplicate_summary: od.summary,
    ...shared.fields,
    bad_values: badValues,
    ohlc_violations: ohlc,
    bad_prints: prints.list,
    outliers: out.outliers,
    outlier_stats: out.stats,
    fill: { policy: opts.fill, rows_filled: rowsFilled },
    counts: {
      ...shared.counts,
      bad_values: badCount,
      bad_rows_dropped: badRows,
      ohlc_violations: ohlcCount,
      bad_prints: prints.count,
      outliers: out.count,
      rows_in_seconds: notes?.mixedUnits?.seconds ?? 0,
      rows_in_milliseconds: notes?.mixedUnits?.milliseconds ?? 0,
      date_mismatches: notes?.dateCheck?.mismatches ?? 0,
    },
    rules: qcRules(opts.fill, 'bars', opts.duplicates, od.direction),
  };
  return { report, cleaned };
}

function timeUnits(notes: BarsParseNotes | undefined, secondsRows: Uint8Array | null): QcTimeUnits | null {
  if (!notes?.mixedUnits || !secondsRows) return null;
  return {
    seconds: notes.mixedUnits.seconds, milliseconds: notes.mixedUnits.milliseconds,
    first_seconds_row: secondsRows.indexOf(1), first_milliseconds_row: secondsRows.indexOf(0),
    rule: 'each row\'s unit from its magnitude (< 1e11 seconds, else milliseconds)',
  };
}

function dateCheck(notes: BarsParseNotes | undefined): QcDateCheck | null {
  const d = notes?.dateCheck;
  if (!d) return null;
  const f = d.firstMismatch;
  return {
    column: d.column, time_column: notes.timeColumn, formats: d.formats, rows: d.rows, unparsed: d.unparsed, mismatches: d.mismatches,
    first_mismatch: f ? { row: f.row, ts_iso: isoUtc(f.ts), date_iso: isoUtc(f.date) } : null,
  };
}

function fillForward(bars: BarSeries, rows: Int32Array, gaps: GapIndex, barsMissing: number, grid: number, shift: number, extraNames: string[]): { cleaned: BarSeries; rowsFilled: number } {
  const m = rows.length;
  const total = m + barsMissing;
  const out = { ts: new Float64Array(total), open: new Float64Array(total), high: new Float64Array(total), low: new Float64Array(total), close: new Float64Array(total), volume: new Float64Array(total) };
  const extras = extraNames.map((k) => [k, bars.columns![k], new Float64Array(total)] as const);
  const filled = new Float64Array(total);
  let w = 0;
  let g = 0;
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    const miss = g < gaps.gapAt.length && gaps.gapAt[g] === k ? gaps.gapMissing[g++] : 0;
    if (miss > 0) {
      const p = rows[k - 1];
      const c = bars.close[p];
      for (let q = 1; q <= miss; q++, w++) {
        out.ts[w] = bars.ts[p] + q * grid - shift;
        out.open[w] = c; out.high[w] = c; out.low[w] = c; out.close[w] = c; out.volume[w] = 0;
        for (const [, , dst] of extras) dst[w] = NaN;
        filled[w] = 1;
      }
    }
    out.ts[w] = bars.ts[i] - shift;
    out.open[w] = bars.open[i]; out.high[w] = bars.high[i]; out.low[w] = bars.low[i]; out.close[w] = bars.close[i]; out.volume[w] = bars.volume[i];
    for (const [, src, dst] of extras) dst[w] = src[i];
    w++;
  }
  const columns: Record<string, Float64Array> = Object.fromEntries(extras.map(([k, , dst]) => [k, dst]));
  columns.filled = filled;
  return { cleaned: { symbol: bars.symbol, intervalMs: grid, ...out, columns }, rowsFilled: barsMissing };
}
