import type { QcReport } from './types.ts';

/** formatDurationMs(300000) → "5m"; 28800000 → "8h"; 1500 → "1.5s". */
export function formatDurationMs(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return cells.map((r, k) => {
    const line = r.map((x, c) => x.padEnd(w[c])).join('  ').trimEnd();
    return k === 0 ? `${line}\n    ${w.map((x) => '-'.repeat(x)).join('  ')}` : line;
  }).map((l) => `    ${l}`);
}

/** formatQcReport(report) → the human-readable QC report: a summary table, then each finding. */
export function formatQcReport(report: QcReport): string {
  const c = report.counts;
  const out: string[] = [];
  const what = report.kind === 'bars' ? `${report.symbol || '(no symbol)'} bars` : `${report.name ?? 'series'} ${report.symbol ?? ''}`.trim();
  out.push(`QC ${what}: ${report.rows_in} rows in, ${report.rows_out} out; grid ${report.grid_ms === null ? 'none (irregular)' : formatDurationMs(report.grid_ms)}; ${report.first_iso ?? '-'} → ${report.last_iso ?? '-'}`);
  out.push('');
  const summary: [string, number | string, string][] = [
    ['time offset', report.time_offset ? `${report.time_offset.offset}${report.time_offset.applied ? ' (fixed)' : ''}` : 'none', report.rules.time_offset],
    ['order', report.order, report.order === 'descending' ? 'newest first in the file; sorted ascending' : 'oldest first'],
    ['duplicate times', c.duplicate_times, `rule ${report.duplicate_summary.rule}`],
    ['duplicates', c.duplicates, report.rules.duplicates],
    ['conflicts', c.conflicts, report.rules.conflicts],
    ['out of order', c.out_of_order, report.rules.out_of_order],
    ['off grid', c.off_grid, report.rules.off_grid],
    ['gaps', `${c.gaps} (${c.bars_missing} bars)`, report.rules.gaps],
    ['bad values', c.bad_values, report.rules.bad_values],
  ];
  if (report.kind === 'bars') {
    summary.push(['OHLC violations', c.ohlc_violations, report.rules.ohlc_violations]);
    summary.push(['bad prints', c.bad_prints, report.rules.bad_prints]);
    if (report.time_units) summary.push(['mixed time units', `${report.time_units.seconds} s + ${report.time_units.milliseconds} ms rows`, report.rules.time_units]);
    if (report.date_check) summary.push([`${report.date_check.column} vs ${report.date_check.time_column}`, `${report.date_check.mismatches} of ${report.date_check.rows} differ`, report.rules.date_check]);
    summary.push(['outliers', `${c.outliers} (|z| > ${report.outlier_stats?.threshold ?? '-'})`, report.rules.outliers]);
  }
  out.push(...table(['check', 'found', 'handling'], summary));
  if (report.time_offset) out.push('', `  time offset: ${report.time_offset.rows_matching}/${report.time_offset.rows} rows sit ${report.time_offset.offset} off the grid (jitter ≤ ${report.time_offset.jitter_max_ms} ms). Fix: ${report.time_offset.fix}`);
  if (report.preamble.length) out.push('', `  skipped above the header: ${report.preamble.join(' | ')}`);
  const ds = report.duplicate_summary;
  if (ds.times > 0) {
    const diff = Object.keys(ds.max_abs_diff).map((f) => `${f} ${Number(ds.max_abs_diff[f].toPrecision(10))} (${(ds.max_rel_diff[f] * 100).toPrecision(3)} %)`).join(', ');
    out.push('', `  duplicate times: ${ds.times} (${ds.ohlc_identical} agree on OHLC, ${ds.ohlc_differ} differ); ${ds.rows_dropped} rows dropped by rule ${ds.rule}, ${ds.kept_not_first} times kept a row other than the first`);
    if (ds.ohlc_differ > 0) out.push(`  largest OHLC differences (abs, relative): ${diff}`);
  }
  if (report.date_check?.first_mismatch) out.push('', `  ${report.date_check.column} disagrees with ${report.date_check.time_column} first at row ${report.date_check.first_mismatch.row}: ts ${report.date_check.first_mismatch.ts_iso}, ${report.date_check.column} ${report.date_check.first_mismatch.date_iso}`);
  if (report.gaps.length) out.push('', '  gaps:', ...table(['first missing', 'last missing', 'bars missing'], report.gaps.map((g) => [g.start_iso, g.end_iso, g.bars_missing])));
  if (report.duplicates.length) out.push('', '  duplicates:', ...table(['time', 'rows'], report.duplicates.map((d) => [d.iso, d.rows.join(', ')])));
  if (report.conflicts.length) out.push('', '  conflicts:', ...table(['time', 'rows (values)', 'kept'], report.conflicts.map((d) => [d.iso, d.rows.map((r) => JSON.stringify(r)).join(' vs '), d.kept_row])));
  if (report.out_of_order.length) out.push('', '  out of order:', ...table(['row', 'time', 'after'], report.out_of_order.map((d) => [d.row, d.iso, d.previous_iso])));
  if (report.off_grid.length) out.push('', '  off grid:', ...table(['row', 'time', 'off by ms'], report.off_grid.map((d) => [d.row, d.iso, d.off_by_ms])));
  if (report.bad_values.length) out.push('', '  bad values:', ...table(['row', 'time', 'field', 'value', 'problem'], report.bad_values.map((d) => [d.row, d.iso, d.field, d.value, d.problem])));
  if (report.bad_prints.length) out.push('', '  bad prints:', ...table(['row', 'time', 'fields', 'open', 'high', 'low', 'close', 'reference', 'z'], report.bad_prints.map((d) => [d.row, d.iso, d.fields.join(', '), d.open, d.high, d.low, d.close, d.reference, d.z.toFixed(0)])));
  if (report.ohlc_violations.length) out.push('', '  OHLC violations:', ...table(['row', 'time', 'open', 'high', 'low', 'close', 'rule'], report.ohlc_violations.map((d) => [d.row, d.iso, d.open, d.high, d.low, d.close, d.rule])));
  if (report.outliers.length) {
    const s = report.outlier_stats!;
    out.push('', `  outliers (log-return median ${s.median.toExponential(3)}, MAD ${s.mad.toExponential(3)}, σ̂ ${s.scale.toExponential(3)} by ${s.scale_method}):`);
    out.push(...table(['time', 'log return', 'z', 'close before → after', 'context closes'], report.outliers.map((o) => [o.iso, o.log_return.toFixed(5), o.z.toFixed(1), `${o.previous_close} → ${o.close}${o.after_gap_bars ? ` (after ${o.after_gap_bars}-bar gap)` : ''}`, o.context.map((x) => x.close).join(' ')])));
  }
  return `${out.join('\n')}\n`;
}
