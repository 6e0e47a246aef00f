import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { UserInputError } from '@skippy/core';
import { INTERVAL_MS, formatBarsCsv, isoUtc, type BarSeries, type TimeSeries } from '@skippy/core/data';
import { runQc, runTimeSeriesQc, formatQcReport, type QcOptions, type QcReport } from '@skippy/core/qc';
import { readBarsFile, readFundingFile, writeBarsParquet, writeFileAtomic } from '@skippy/io';
import type { Command, CliContext } from '../framework.ts';
import { getChoice, getNumber, getString } from '../args.ts';

type Kind = 'bars' | 'funding';

/** A funding-rate CSV names its rate column in the header ("Funding Rate", "fundingRate"); gzip is peeked at. */
function detectKind(path: string): Kind {
  try {
    let head: Buffer = readFileSync(path).subarray(0, 4096);
    if (head[0] === 0x1f && head[1] === 0x8b) head = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    return /funding[ _]?rate/i.test(head.subarray(0, 512).toString('utf8').split('\n')[0] ?? '') ? 'funding' : 'bars';
  } catch {
    return 'bars';
  }
}

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One dataset's QC in the data directory (or the one file / stored series checked). */
export interface DatasetQc {
  /** e.g. "bars synthetic BTC 1m", "table funding BTC". */
  dataset: string;
  kind: 'bars' | 'table';
  source: string | null;
  symbol: string | null;
  interval: string | null;
  rows: number;
  /** Sum of the findings that need a look (gaps, bad values, OHLC violations, bad prints, outliers, duplicates, disorder, offsets). */
  findings: number;
  report: QcReport;
}

/** findingCount(report) – the findings of a QC report worth a look, summed. */
export function findingCount(r: QcReport): number {
  const c = r.counts;
  return c.gaps + c.bad_values + c.ohlc_violations + c.bad_prints + c.outliers + c.duplicate_times + c.out_of_order + c.off_grid + (r.time_offset ? 1 : 0);
}

/** Table names of the data directory that are time series (ts, value): QC'd like funding. */
const SERIES_TABLES = new Set(['funding', 'open_interest', 'sentiment']);

type Skipped = { dataset: string; reason: string };

/**
 * QC of every dataset in the data directory, through the store's public API (listDatasets, readBars,
 * readTable): bars with runQc on their own interval, funding / open interest / sentiment with
 * runTimeSeriesQc; book tables are listed as not checked.
 */
async function qcDataDirectory(ctx: CliContext, qcOptions: QcOptions): Promise<{ checked: DatasetQc[]; skipped: Skipped[] }> {
  const { openDataStore } = await import('@skippy/io/store');
  const store = openDataStore(ctx.dataDir);
  const entries = await store.listDatasets();
  if (entries.length === 0) throw new UserInputError('--data-dir', `expected ingested data in ${ctx.dataDir} (run \`skippy-train ingest\` first) or a file with --input`, 'an empty data directory');
  const checked: DatasetQc[] = [], skipped: Skipped[] = [];
  const bar = ctx.progress('qc', entries.length);
  let done = 0;
  for (const e of entries) {
    if (e.kind === 'bars') {
      // the store keys bars datasets by source: read exactly this one
      const source = (e as { source?: string }).source ?? null;
      const options = (source ? { source } : {}) as Parameters<typeof store.readBars>[2];
      const bars = await store.readBars(e.symbol, e.interval, options);
      const { report } = runQc(bars, { ...qcOptions, intervalMs: e.intervalMs });
      checked.push({ dataset: `bars ${source ? `${source} ` : ''}${e.symbol} ${e.interval}`, kind: 'bars', source, symbol: e.symbol, interval: e.interval, rows: e.rows, findings: findingCount(report), report });
    } else if (SERIES_TABLES.has(e.name) && e.columns.includes('ts') && e.columns.includes('value')) {
      const table = await store.readTable(e.name, e.symbol);
      const ts = table.columns.ts, value = table.columns.value, availableAt = table.columns.availableAt;
      const name = `table ${e.name}${e.symbol ? ` ${e.symbol}` : ''}`;
      if (!(ts instanceof Float64Array) || !(value instanceof Float64Array)) skipped.push({ dataset: name, reason: 'ts/value are not numeric columns' });
      else {
        const series: TimeSeries = { name: e.name, symbol: e.symbol ?? '', ts, value, ...(availableAt instanceof Float64Array ? { availableAt } : {}) };
        // the grid of a stored table is its median spacing (funding 8 h, open interest 1 h, sentiment 1 d)
        const { report } = runTimeSeriesQc(series, { ...qcOptions, fill: 'none', intervalMs: medianStep(ts) });
        checked.push({ dataset: name, kind: 'table', source: e.sources.join(', ') || null, symbol: e.symbol, interval: null, rows: e.rows, findings: findingCount(report), report });
      }
    } else {
      skipped.push({ dataset: `table ${e.name}${e.symbol ? ` ${e.symbol}` : ''}`, reason: e.name.startsWith('book') ? 'order-book table: a run checks it (book as-of each bar close), bar QC does not' : 'not a time series (ts, value)' });
    }
    bar.update(++done);
  }
  bar.finish();
  return { checked, skipped };
}

/** Median spacing of sorted times (null for fewer than two rows). */
function medianStep(ts: Float64Array): number | null {
  if (ts.length < 2) return null;
  const d = Float64Array.from({ length: ts.length - 1 }, (_, i) => ts[i + 1] - ts[i]).sort();
  return d[d.length >> 1] > 0 ? d[d.length >> 1] : null;
}

/** findingsText(report) – "clean" or the non-zero findings, e.g. "30 outliers, 2 gaps". */
export function findingsText(r: QcReport): string {
  const c = r.counts;
  const parts: [number, string][] = [[c.gaps, 'gaps'], [c.duplicate_times, 'duplicate times'], [c.out_of_order, 'out of order'], [c.off_grid, 'off grid'], [c.bad_values, 'bad values'],
    [c.ohlc_violations, 'OHLC violations'], [c.bad_prints, 'bad prints'], [c.outliers, 'outliers'], [r.time_offset ? 1 : 0, `time offset ${r.time_offset?.offset ?? ''}`]];
  const found = parts.filter(([n]) => n > 0).map(([n, what]) => (what.startsWith('time offset') ? what : `${n} ${what}`));
  return found.length ? found.join(', ') : 'clean';
}

const fmtRange = (r: QcReport) => `${r.first_iso?.slice(0, 16).replace('T', ' ') ?? '-'} → ${r.last_iso?.slice(0, 16).replace('T', ' ') ?? '-'}`;

const STORED_NOTE = 'Stored data was sorted and de-duplicated at ingest (the ingest output states its duplicate rule); file-level findings '
  + '(duplicates, time offsets, mixed units) come from `skippy-train qc --input FILE`. Findings are reported, never applied here.';

/** qcSummaryText(checked, skipped, where, html) – one row per dataset, then what was not checked. */
export function qcSummaryText(checked: DatasetQc[], skipped: Skipped[], where: string, html: string | null): string {
  const w = Math.max(7, ...checked.map((d) => d.dataset.length));
  const head = `  ${'dataset'.padEnd(w)}  ${'rows'.padStart(7)}  ${'range (UTC)'.padEnd(35)}  ${'gaps (bars)'.padStart(11)}  ${'bad'.padStart(4)}  ${'OHLC'.padStart(4)}  ${'outliers'.padStart(8)}  result`;
  const rows = checked.map((d) => {
    const c = d.report.counts;
    return `  ${d.dataset.padEnd(w)}  ${String(d.rows).padStart(7)}  ${fmtRange(d.report).padEnd(35)}  ${`${c.gaps} (${c.bars_missing})`.padStart(11)}  ${String(c.bad_values).padStart(4)}  ${String(c.ohlc_violations).padStart(4)}  ${String(c.outliers).padStart(8)}  ${findingsText(d.report)}`;
  });
  const flagged = checked.filter((d) => d.findings > 0).length;
  return [
    `QC of ${checked.length} dataset(s) in ${where}: ${flagged === 0 ? 'all clean' : `${flagged} with findings`}`,
    head, ...rows,
    ...(skipped.length ? ['', 'not checked:', ...skipped.map((s) => `  ${s.dataset}: ${s.reason}`)] : []),
    '', STORED_NOTE,
    html ? `HTML report: ${html}` : '(add --report for the HTML report)',
  ].join('\n');
}

/** qcReportHtml(checked, skipped, where) – a self-contained HTML QC report: inline CSS, no script, no external request; every string escaped. */
export function qcReportHtml(checked: DatasetQc[], skipped: Skipped[], where: string): string {
  const table = (head: string[], rows: (string | number)[][]) => `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const LIST = 50;
  const more = (n: number, shown: number) => (n > shown ? `<p class="more">${esc(`${n - shown} more not listed`)}</p>` : '');
  const listed = <T>(title: string, all: T[], total: number, head: string[], row: (x: T) => (string | number)[]) => (all.length ? `<h3>${esc(title)}</h3>${table(head, all.slice(0, LIST).map(row))}${more(total, Math.min(LIST, all.length))}` : '');
  const overview = table(['Dataset', 'Rows', 'First (UTC)', 'Last (UTC)', 'Gaps', 'Bars missing', 'Bad values', 'OHLC violations', 'Outliers', 'Result'], checked.map((d) => {
    const c = d.report.counts;
    return [d.dataset, d.rows, d.report.first_iso ?? '–', d.report.last_iso ?? '–', c.gaps, c.bars_missing, c.bad_values, c.ohlc_violations, c.outliers, findingsText(d.report)];
  }));
  const sections = checked.map((d) => {
    const r = d.report, c = r.counts;
    const checks: (string | number)[][] = [
      ['gaps', `${c.gaps} (${c.bars_missing} bars)`, r.rules.gaps ?? ''], ['duplicate times', c.duplicate_times, r.rules.duplicates ?? ''], ['out of order', c.out_of_order, r.rules.out_of_order ?? ''],
      ['off grid', c.off_grid, r.rules.off_grid ?? ''], ['bad values', c.bad_values, r.rules.bad_values ?? ''], ['time offset', r.time_offset ? r.time_offset.offset : 'none', r.rules.time_offset ?? ''],
      ...(r.kind === 'bars' ? [['OHLC violations', c.ohlc_violations, r.rules.ohlc_violations ?? ''], ['bad prints', c.bad_prints, r.rules.bad_prints ?? ''], ['outliers', c.outliers, r.rules.outliers ?? '']] : []),
    ];
    return `<section><h2>${esc(d.dataset)} <span class="${d.findings ? 'warn' : 'ok'}">${esc(findingsText(r))}</span></h2>`
      + `<p>${esc(`${r.rows_in} rows; ${r.first_iso ?? '–'} → ${r.last_iso ?? '–'}; grid ${r.grid_ms === null ? 'irregular' : `${r.grid_ms} ms`}${d.source ? `; source ${d.source}` : ''}`)}</p>`
      + table(['Check', 'Found', 'Handling'], checks)
      + listed('Gaps', r.gaps, c.gaps, ['From (UTC)', 'To (UTC)', 'Bars missing'], (g) => [g.start_iso, g.end_iso, g.bars_missing])
      + listed('Bad values', r.bad_values, c.bad_values, ['Time (UTC)', 'Field', 'Value', 'Problem'], (b) => [b.iso, b.field, String(b.value), b.problem])
      + listed('OHLC violations', r.ohlc_violations, c.ohlc_violations, ['Time (UTC)', 'Open', 'High', 'Low', 'Close'], (o) => [o.iso, o.open, o.high, o.low, o.close])
      + listed('Outliers', r.outliers, c.outliers, ['Time (UTC)', 'Log return', 'z', 'Close before', 'Close'], (o) => [o.iso, o.log_return.toFixed(5), o.z.toFixed(1), o.previous_close, o.close])
      + '</section>';
  }).join('');
  const skip = skipped.length ? `<section><h2>Not checked</h2>${table(['Dataset', 'Why'], skipped.map((s) => [s.dataset, s.reason]))}</section>` : '';
  const css = 'body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;max-width:1100px;margin:24px auto;padding:0 16px}'
    + 'h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #e4e7eb;padding-bottom:4px}h3{font-size:14px;margin:14px 0 4px}'
    + 'table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #e4e7eb;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f5f7fa}'
    + '.ok{color:#15803d;font-size:13px}.warn{color:#a16207;font-size:13px}.more,.note{color:#616e7c;font-size:12px}';
  const flagged = checked.filter((d) => d.findings > 0).length;
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(`Data QC – ${where}`)}</title><style>${css}</style></head><body>`
    + `<h1>Data QC</h1><p>${esc(`${checked.length} dataset(s) in ${where}: ${flagged === 0 ? 'all clean' : `${flagged} with findings`}.`)}</p>`
    + `<p class="note">${esc(STORED_NOTE)}</p>${overview}${sections}${skip}</body></html>\n`;
}

/** --out FILE.html, else <SKIPPY_HOME or .skippy>/reports/qc-report.html (one stable name, overwritten). */
function htmlPath(ctx: CliContext): string {
  const out = getString(ctx, 'out');
  if (out && /\.html?$/i.test(out)) return resolve(out);
  return resolve(process.env.SKIPPY_HOME ?? '.skippy', 'reports', 'qc-report.html');
}

function fundingCsv(series: TimeSeries): string {
  const sym = series.symbol ?? '';
  const lines = ['Symbol,Date,Funding Rate'];
  for (let i = 0; i < series.ts.length; i++) lines.push(`${sym},${isoUtc(series.ts[i])},${series.value[i]}`);
  return `${lines.join('\n')}\n`;
}

/** --timezone, else the config's data.timezone (default UTC). */
function timezoneOf(ctx: CliContext): string {
  return getString(ctx, 'timezone') ?? ctx.config().config.data.timezone;
}

async function loadBars(ctx: CliContext, input: string | undefined, interval: number | undefined): Promise<{ bars: BarSeries; source: string }> {
  const symbol = getString(ctx, 'symbol');
  const bar = getString(ctx, 'bar');
  if (input) {
    const bars = await readBarsFile(input, { timezone: timezoneOf(ctx), ...(symbol ? { symbol } : {}), ...(interval ? { intervalMs: interval } : {}) });
    return { bars, source: input };
  }
  if (!symbol || !bar) throw new UserInputError('--input', 'is required: expected a file (or --symbol and --bar for stored data)');
  const { openDataStore } = await import('@skippy/io/store');
  const bars = await openDataStore(ctx.dataDir).readBars(symbol, bar);
  return { bars, source: `${ctx.dataDir}: ${symbol} ${bar}` };
}

/** Stored funding: the `funding` table of a symbol in the data directory (columns ts, value, availableAt). */
async function loadStoredFunding(ctx: CliContext, symbol: string): Promise<TimeSeries> {
  const { openDataStore } = await import('@skippy/io/store');
  const table = await openDataStore(ctx.dataDir).readTable('funding', symbol);
  const col = (k: string) => {
    const c = table.columns[k];
    if (!(c instanceof Float64Array)) throw new UserInputError(`funding/${symbol}`, `expected a numeric column ${k} in the stored table`);
    return c;
  };
  const availableAt = table.columns.availableAt instanceof Float64Array ? table.columns.availableAt : undefined;
  return { name: 'funding_rate', symbol, ts: col('ts'), value: col('value'), ...(availableAt ? { availableAt } : {}) };
}

export const qcCommand: Command = {
  name: 'qc',
  summary: 'data QC: gaps, duplicates, offsets, bad values, outliers (report + cleaned series)',
  usage: 'qc [--report] [--out report.html] [--json]   (every dataset of the data directory)\n       skippy-train qc --input PATH [--timezone +03:00] [--kind bars|funding] [--fix-offset] [--fill none|ffill] [--outlier-z 10] [--out cleaned.parquet|.csv] [--report] [--json]\n       skippy-train qc --symbol BTC --bar 1m [--report] [--json]   (one stored dataset)',
  details: `Without --input or --symbol: QC of every dataset in the data directory (--data-dir, $SKIPPY_DATA_DIR, default
.skippy/data): bars on their own interval, funding / open interest / sentiment tables as time series; a summary
table is printed. --report also writes a self-contained HTML report (inline CSS, no script, no external request)
to --out FILE.html or <SKIPPY_HOME or .skippy>/reports/qc-report.html (one stable name, overwritten).
JSON (data directory): {"data_dir","datasets":[{"dataset","kind","source","symbol","interval","rows","findings","report"}],"skipped","html"}.
Reads OHLCV JSON (plain or .gz), CSV with a header, Binance kline CSV, Parquet, or a funding-rate CSV.
Naive timestamps are read in --timezone (default: data.timezone of the config, UTC). Findings are reported, never applied silently:
exact duplicates are dropped, conflicting duplicates keep the later row, bad prices/volumes are dropped,
outliers (robust z of log returns) and OHLC violations are flagged only, a constant time offset is
subtracted only with --fix-offset, gaps are filled only with --fill ffill.
JSON: the report with plain keys: gaps, duplicates, conflicts, out_of_order, off_grid, bad_values,
ohlc_violations, outliers, time_offset, counts, rules (+ input, written).`,
  options: {
    input: { type: 'string', arg: 'PATH', description: 'file to check (.json/.json.gz/.csv/.csv.gz/.parquet)' },
    kind: { type: 'string', arg: 'KIND', description: 'bars | funding (default: funding when the CSV header names a funding rate)' },
    timezone: { type: 'string', arg: 'TZ', description: 'zone of naive timestamps: UTC or an offset such as +03:00 (default config data.timezone = UTC)' },
    symbol: { type: 'string', arg: 'SYM', description: 'symbol (default from the file name); with --bar and no --input: stored data' },
    bar: { type: 'string', arg: 'INTERVAL', description: 'bar interval (1m, 5m, ...): the expected grid; with --symbol: stored data' },
    'fix-offset': { type: 'boolean', description: 'subtract a detected constant time offset in the cleaned series' },
    fill: { type: 'string', arg: 'POLICY', description: 'gap fill in the cleaned series: none | ffill', default: 'none' },
    'outlier-z': { type: 'string', arg: 'Z', description: 'robust z-score threshold for outlier log returns', default: '10' },
    'max-listed': { type: 'string', arg: 'N', description: 'at most N entries per finding list (counts stay complete)', default: '200' },
    out: { type: 'string', arg: 'PATH', description: 'write the cleaned series (.parquet or .csv), or with --report the HTML report (.html)' },
    report: { type: 'boolean', description: 'also write the self-contained HTML report (default .skippy/reports/qc-report.html)' },
  },
  async run(ctx) {
    const input = getString(ctx, 'input');
    const bar = getString(ctx, 'bar');
    const stored = !input && getString(ctx, 'symbol') !== undefined;
    let interval: number | undefined;
    if (bar !== undefined) {
      interval = INTERVAL_MS[bar];
      if (!interval) throw new UserInputError('--bar', `expected one of ${Object.keys(INTERVAL_MS).join(', ')}`, bar);
    }
    const kind: Kind = getChoice(ctx, 'kind', ['bars', 'funding'] as const) ?? (input ? detectKind(input) : 'bars');
    const qcOptions: QcOptions = {
      fixOffset: ctx.values['fix-offset'] === true,
      fill: getChoice(ctx, 'fill', ['none', 'ffill'] as const, 'none')!,
      outlierZ: getNumber(ctx, 'outlier-z', { min: 0, exclusiveMin: true })!,
      maxListed: getNumber(ctx, 'max-listed', { min: 0, integer: true })!,
      ...(interval ? { intervalMs: interval } : {}),
    };
    const wantHtml = ctx.values.report === true;
    const outFlag = getString(ctx, 'out');
    if (outFlag && /\.html?$/i.test(outFlag) && !wantHtml) throw new UserInputError('--out', 'an .html path needs --report', outFlag);
    const out = outFlag && !/\.html?$/i.test(outFlag) ? outFlag : undefined;
    if (!input && getString(ctx, 'symbol') === undefined) {
      // every dataset of the data directory
      if (out) throw new UserInputError('--out', 'expected a .html path with --report when checking the whole data directory (cleaned series: --input or --symbol)', out);
      if (kind === 'funding') throw new UserInputError('--kind', 'expected --input or --symbol with --kind funding (the data directory check covers every table)', 'funding');
      const { checked, skipped } = await qcDataDirectory(ctx, qcOptions);
      const html = wantHtml ? htmlPath(ctx) : null;
      if (html) writeFileAtomic(html, qcReportHtml(checked, skipped, ctx.dataDir));
      return {
        json: { data_dir: ctx.dataDir, datasets: checked, skipped, html },
        text: qcSummaryText(checked, skipped, ctx.dataDir, html),
      };
    }
    if (out && !/\.(parquet|csv)$/i.test(out)) throw new UserInputError('--out', 'expected a path ending in .parquet or .csv (or .html with --report)', out);
    let report: QcReport;
    let source: string;
    let written: string | null = null;
    if (kind === 'funding') {
      if (qcOptions.fill === 'ffill') throw new UserInputError('--fill', 'expected none for --kind funding (forward fill applies to bars)', 'ffill');
      const tz = timezoneOf(ctx);
      const symbol = getString(ctx, 'symbol');
      let series: TimeSeries;
      if (input) {
        series = await readFundingFile(input, { ...(tz ? { timezone: tz } : {}), ...(symbol ? { symbol } : {}) });
        source = input;
      } else if (stored) {
        series = await loadStoredFunding(ctx, symbol!);
        source = `${ctx.dataDir}: funding ${symbol}`;
      } else throw new UserInputError('--input', 'is required for --kind funding: expected a funding-rate CSV (or --symbol for stored funding)');
      const r = runTimeSeriesQc(series, qcOptions);
      report = r.report;
      if (out) {
        if (!/\.csv$/i.test(out)) throw new UserInputError('--out', 'expected a .csv path for --kind funding', out);
        writeFileAtomic(out, fundingCsv(r.cleaned));
        written = out;
      }
    } else {
      if (stored && !bar) throw new UserInputError('--bar', 'is required with --symbol on stored data: expected an interval such as 1m');
      const loaded = await loadBars(ctx, input, interval);
      source = loaded.source;
      const r = runQc(loaded.bars, qcOptions);
      report = r.report;
      if (out) {
        if (/\.parquet$/i.test(out)) writeBarsParquet(out, r.cleaned);
        else writeFileAtomic(out, formatBarsCsv(r.cleaned));
        written = out;
      }
    }
    let html: string | null = null;
    if (wantHtml) {
      html = htmlPath(ctx);
      const one: DatasetQc = { dataset: source, kind: kind === 'funding' ? 'table' : 'bars', source, symbol: report.symbol || null, interval: bar ?? null, rows: report.rows_in, findings: findingCount(report), report };
      writeFileAtomic(html, qcReportHtml([one], [], source));
    }
    const text = `${formatQcReport(report)}${written ? `\ncleaned series written to ${written}\n` : ''}${html ? `\nHTML report: ${html}\n` : ''}`;
    return { json: { input: source, ...report, kind: report.kind, input_kind: kind, written, html }, text };
  },
};
