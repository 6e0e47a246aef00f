import { readFileSync } from 'node:fs';
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
  usage: 'qc --input PATH [--timezone +03:00] [--kind bars|funding] [--fix-offset] [--fill none|ffill] [--outlier-z 10] [--out cleaned.parquet|.csv] [--json]\n       skippy-train qc --symbol BTC --bar 1m [--report] [--json]   (stored data)',
  details: `Reads OHLCV JSON (plain or .gz), CSV with a header, Binance kline CSV, Parquet, or a funding-rate CSV.
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
    out: { type: 'string', arg: 'PATH', description: 'write the cleaned series (.parquet or .csv)' },
    report: { type: 'boolean', description: 'print the human report (the default without --json)' },
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
    const out = getString(ctx, 'out');
    if (out && !/\.(parquet|csv)$/i.test(out)) throw new UserInputError('--out', 'expected a path ending in .parquet or .csv', out);
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
    const text = `${formatQcReport(report)}${written ? `\ncleaned series written to ${written}\n` : ''}`;
    return { json: { input: source, ...report, kind: report.kind, input_kind: kind, written }, text };
  },
};
