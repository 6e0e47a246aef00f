import type { TimeSeries } from '../data/types.ts';
import { isoUtc } from '../data/parse/isoTime.ts';
import { UserInputError } from '../util/errors.ts';
import { orderAndDedupe } from './orderAndDedupe.ts';
import { orderGridReport } from './orderGridReport.ts';
import { scanGrid } from './scanGrid.ts';
import { gather, keptRows, isIdentity } from './gatherRows.ts';
import { qcRules, resolveQcOptions } from './qcOptions.ts';
import type { QcBadValue, QcOptions, QcReport } from './types.ts';

/** Funding settles every 8 h on major venues: the default grid of time-series QC. */
export const FUNDING_GRID_MS = 8 * 3_600_000;

/**
 * runTimeSeriesQc(series, options) – the QC of runQc for a scalar time series (funding rates,
 * open interest): ordering, duplicates/conflicts, non-finite values (dropped), grid offset
 * (default grid 8 h; e.g. the shared funding files sit at +03:00), off-grid rows and gaps.
 * No fill and no return outliers (a rate is not a price). With fixOffset the offset is
 * subtracted from ts and availableAt.
 */
export function runTimeSeriesQc(series: TimeSeries, options: QcOptions = {}): { report: QcReport; cleaned: TimeSeries } {
  const { ts, value, availableAt } = series;
  const n = ts.length;
  if (value.length !== n || (availableAt && availableAt.length !== n)) throw new Error(`runTimeSeriesQc: value/availableAt lengths differ from ts (${n})`);
  if (options.fill === 'ffill') throw new UserInputError('fill', 'expected none for a time series (forward fill applies to bars)', 'ffill');
  const opts = resolveQcOptions(options);
  const od = orderAndDedupe(ts, availableAt ? [value, availableAt] : [value], availableAt ? ['value', 'available_at'] : ['value'], opts.maxListed, { prefer: opts.duplicates });
  const keep = od.keep;
  const badValues: QcBadValue[] = [];
  let bad = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const field = !Number.isFinite(ts[i]) ? 'ts' : !Number.isFinite(value[i]) ? 'value' : null;
    if (field === null) continue;
    keep[i] = 0;
    bad++;
    if (badValues.length < opts.maxListed) badValues.push({ row: i, ts: ts[i], iso: isoUtc(ts[i]), field, value: String(field === 'ts' ? ts[i] : value[i]), problem: 'non-finite' });
  }
  const rows = keptRows(od.order, keep);
  const m = rows.length;
  const grid = opts.intervalMs === undefined ? FUNDING_GRID_MS : opts.intervalMs;
  const scan = grid !== null && m > 0 ? scanGrid(ts, rows, grid, opts.gridToleranceMs ?? Math.min(1000, grid / 10), opts.maxListed) : null;
  const shift = opts.fixOffset && scan?.timeOffset ? scan.offsetMs : 0;
  let cleaned: TimeSeries;
  if (shift === 0 && isIdentity(rows, n)) cleaned = { ...series };
  else {
    const t2 = gather(ts, rows);
    const a2 = availableAt ? gather(availableAt, rows) : undefined;
    for (let k = 0; k < m; k++) {
      t2[k] -= shift;
      if (a2) a2[k] -= shift;
    }
    cleaned = { name: series.name, ...(series.symbol !== undefined ? { symbol: series.symbol } : {}), ts: t2, value: gather(value, rows), ...(a2 ? { availableAt: a2 } : {}) };
  }
  const shared = orderGridReport(od, scan);
  const report: QcReport = {
    kind: 'time_series',
    symbol: series.symbol ?? '',
    name: series.name,
    rows_in: n,
    rows_out: m,
    grid_ms: grid,
    first_iso: m > 0 ? isoUtc(ts[rows[0]]) : null,
    last_iso: m > 0 ? isoUtc(ts[rows[m - 1]]) : null,
    time_offset: scan?.timeOffset ? { ...scan.timeOffset, applied: shift !== 0 } : null,
    order: od.direction,
    time_units: null,
    date_check: null,
    preamble: [],
    duplicate_summary: od.summary,
    ...shared.fields,
    bad_values: badValues,
    ohlc_violations: [],
    bad_prints: [],
    outliers: [],
    outlier_stats: null,
    fill: { policy: 'none', rows_filled: 0 },
    counts: {
      ...shared.counts,
      bad_values: bad,
      bad_rows_dropped: bad,
      ohlc_violations: 0,
      bad_prints: 0,
      outliers: 0,
      rows_in_seconds: 0,
      rows_in_milliseconds: 0,
      date_mismatches: 0,
    },
    rules: qcRules('none', 'time_series', opts.duplicates, od.direction),
  };
  return { report, cleaned };
}
