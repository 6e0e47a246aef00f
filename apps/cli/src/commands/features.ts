import { gunzipSync, constants as zc } from 'node:zlib';
import { extname } from 'node:path';
import { UserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core/data';
import { INTERVAL_MS } from '@skippy/core/data';
import type { FeatureInput, FeatureMatrix } from '@skippy/core/features';
import type { ExperimentConfig, FeaturesConfig } from '@skippy/core/config';
import {
  barCloseTimes, computeFeatures, enabledFeatureNames, featureMatrixToCsv, featureSetConfig, featureSetCost, snapshotsAsOf, validateFeatureInput,
} from '@skippy/core/features';
import { readBarsFile, readCapture, readFileBytes, writeFileAtomic, writeTableParquet } from '@skippy/io';
import type { CliContext, Command, CommandResult } from '../framework.ts';
import { getList, getNumber, getString } from '../args.ts';
import { humanBytes } from '../units.ts';

const BAR_FLAG = ['1s', '1m', '5m'] as const;

/** True when the file is a Binance websocket capture (`<local_ns> {json}` lines, plain or gzip). */
export function isCaptureFile(path: string): boolean {
  const bytes = readFileBytes(path).subarray(0, 1 << 16);
  let head: Uint8Array = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      head = gunzipSync(bytes, { finishFlush: zc.Z_SYNC_FLUSH });
    } catch {
      return false;
    }
  }
  const text = new TextDecoder().decode(head.subarray(0, 4096));
  return /^\d{12,} \{/.test(text);
}

/**
 * Bars (and, for a capture, the book and trades) from --input; `--book` adds a capture's book to bars
 * read from another file (book rows as-of each bar close). --bar sets the capture bar length.
 */
export async function loadMarketInput(input: string, book: string | undefined, barMs: number | undefined): Promise<{ input: FeatureInput; kind: 'capture' | 'bars'; capture?: string }> {
  if (isCaptureFile(input)) {
    const r = readCapture(input, { barMs: barMs ?? 1000 });
    return { input: { bars: r.bars, snapshots: r.snapshots, events: r.events, trades: r.trades }, kind: 'capture', capture: input };
  }
  const bars: BarSeries = await readBarsFile(input);
  if (!book) return { input: { bars }, kind: 'bars' };
  if (!isCaptureFile(book)) throw new UserInputError('--book', 'expected a Binance L2 capture file (<local_ns> <json> lines)', book);
  if (bars.intervalMs === null) throw new UserInputError('--input', 'expected bars with a regular interval to line the book up with', input);
  const r = readCapture(book, { barMs: bars.intervalMs });
  const close = barCloseTimes(bars);
  const st = r.snapshots.ts;
  if (st.length === 0 || close.length === 0 || st[st.length - 1] < close[0] || st[0] > close[close.length - 1]) {
    throw new UserInputError('--book', `expected a capture that overlaps the bars (${new Date(bars.ts[0]).toISOString()} → ${new Date(close[close.length - 1]).toISOString()})`, book);
  }
  return { input: { bars, snapshots: snapshotsAsOf(close, r.snapshots), events: r.events, trades: r.trades }, kind: 'bars', capture: book };
}

/** Per-feature NaN count, mean and sample std over the finite rows. */
export interface FeatureStats { name: string; nan: number; mean: number | null; std: number | null; min: number | null; max: number | null }

export function matrixStats(fm: FeatureMatrix): FeatureStats[] {
  return fm.names.map((name, j) => {
    const c = fm.columns[j];
    let n = 0, nan = 0, mean = 0, m2 = 0, min = Infinity, max = -Infinity;
    for (let i = 0; i < c.length; i++) {
      const x = c[i];
      if (!Number.isFinite(x)) { nan++; continue; }
      n++;
      const d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return { name, nan, mean: n ? mean : null, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : null, min: n ? min : null, max: n ? max : null };
  });
}

/** Leading rows with a NaN in any feature (the warm-up before every window is full). */
export function warmupRows(fm: FeatureMatrix): number {
  const T = fm.ts.length;
  for (let i = 0; i < T; i++) if (fm.columns.every((c) => Number.isFinite(c[i]))) return i;
  return T;
}

const g4 = (x: number | null) => (x === null ? 'n/a' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));

function statsLines(fm: FeatureMatrix, st: FeatureStats[]): string[] {
  const w = Math.max(8, ...fm.names.map((n) => n.length));
  return [
    `  warm-up: the first ${warmupRows(fm)} rows have a NaN in some feature (windows filling up); NaN rows per feature below`,
    `  ${'feature'.padEnd(w)}  ${'NaN rows'.padStart(8)}  ${'mean'.padStart(11)}  ${'std'.padStart(11)}  ${'min'.padStart(11)}  ${'max'.padStart(11)}`,
    ...st.map((x) => `  ${x.name.padEnd(w)}  ${String(x.nan).padStart(8)}  ${g4(x.mean).padStart(11)}  ${g4(x.std).padStart(11)}  ${g4(x.min).padStart(11)}  ${g4(x.max).padStart(11)}`),
  ];
}

const csvCell = (x: number) => (Number.isFinite(x) ? String(x) : '');

/**
 * Features of the ingested data (no --input): each symbol's bars at the interval (--symbols / --bar, else
 * data.symbols / data.bar_interval) with every auxiliary series the store holds (book as-of each bar close,
 * book events, funding, open interest, sentiment), read as a store run reads them (io loadRunInputs).
 */
async function storeFeatures(ctx: CliContext, config: ExperimentConfig, fc: FeaturesConfig, setSpec: string | null, out: string | null): Promise<CommandResult> {
  const symbols = (getList(ctx, 'symbols') ?? config.data.symbols).map((s) => s.toUpperCase());
  if (symbols.length === 0) throw new UserInputError('--symbols', 'expected at least one symbol such as BTC');
  const interval = getString(ctx, 'bar') ?? config.data.bar_interval;
  const intervalMs = INTERVAL_MS[interval];
  if (!intervalMs) throw new UserInputError('--bar', `expected one of ${Object.keys(INTERVAL_MS).join(', ')}`, interval);
  const { openDataStore } = await import('@skippy/io/store');
  const { loadRunInputs } = await import('@skippy/io/artifacts');
  const entries = (await openDataStore(ctx.dataDir).listDatasets()).flatMap((e) => (e.kind === 'bars' && e.interval === interval && symbols.includes(e.symbol) ? [e] : []));
  for (const s of symbols) {
    if (!entries.some((e) => e.symbol === s)) throw new UserInputError('--input', `is required when the data directory has no ${s} ${interval} bars (${ctx.dataDir}; run \`skippy-train ingest --symbols ${symbols.join(',')} --bars ${interval}\` first)`);
  }
  const cfg: ExperimentConfig = { ...config, features: fc, data: { ...config.data, source: 'store', symbols, bar_interval: interval as ExperimentConfig['data']['bar_interval'] } };
  const bar = ctx.progress('features', symbols.length + 1);
  const inputs = await loadRunInputs(cfg, ctx.dataDir);
  if (!inputs) throw new Error('loadRunInputs returned no inputs for a store config');
  bar.update(1);
  const used = entries.map((e) => ({ symbol: e.symbol, interval: e.interval, source: (e as { source?: string }).source ?? e.sources.join(', '), rows: e.rows, first: e.firstTs, last: e.lastTs, file: e.file }));
  const mats: FeatureMatrix[] = [];
  for (let k = 0; k < symbols.length; k++) {
    const s = symbols[k];
    const where = `${ctx.dataDir}: ${s} ${interval}`;
    const input: FeatureInput = { bars: inputs.bars[s], snapshots: inputs.snapshots?.[s], events: inputs.events?.[s], funding: inputs.funding?.[s], openInterest: inputs.openInterest?.[s], sentiment: inputs.sentiment };
    validateFeatureInput(input.bars, fc, where);
    mats.push(computeFeatures(input, fc, { maxGapMs: config.data.max_gap_bars * intervalMs }));
    bar.update(k + 2);
  }
  bar.finish();
  if (out) {
    const names = mats[0].names;
    if (extname(out).toLowerCase() === '.csv') {
      const lines = [['symbol', 'ts', ...names].join(',')];
      mats.forEach((fm, k) => { for (let i = 0; i < fm.ts.length; i++) lines.push([symbols[k], fm.ts[i], ...fm.columns.map((c) => csvCell(c[i]))].join(',')); });
      writeFileAtomic(out, `${lines.join('\n')}\n`);
    } else {
      const cat = (get: (fm: FeatureMatrix) => Float64Array) => { const parts = mats.map(get); const r = new Float64Array(parts.reduce((a, p) => a + p.length, 0)); let o = 0; for (const p of parts) { r.set(p, o); o += p.length; } return r; };
      writeTableParquet(out, { symbol: mats.flatMap((fm, k) => Array.from({ length: fm.ts.length }, () => symbols[k])), ts: cat((fm) => fm.ts), ...Object.fromEntries(names.map((n, j) => [n, cat((fm) => fm.columns[j])])) });
    }
  }
  const per = mats.map((fm, k) => ({ symbol: symbols[k], rows: fm.ts.length, warmup_rows: warmupRows(fm), stats: matrixStats(fm) }));
  const loaded = inputs.loaded.filter((l) => l.series !== 'bars' && !l.switchedOff).map((l) => `${l.series}${l.symbol === '*' ? '' : ` ${l.symbol}`} ${l.present ? `${l.rows} rows` : 'absent'}`);
  const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
  const text = [
    `features ${setSpec ?? '(config tiers)'} on the ingested data in ${ctx.dataDir} (no --input):`,
    ...used.map((u) => `  dataset: bars ${u.source} ${u.symbol} ${u.interval}, ${u.rows} rows, ${iso(u.first)} → ${iso(u.last)} UTC`),
    `  with: ${loaded.join(', ') || 'bars only'}`,
    ...per.flatMap((p, k) => [`${p.symbol}: ${p.rows} rows × ${mats[k].names.length} features`, ...statsLines(mats[k], p.stats)]),
    out ? `written to ${out} (columns symbol, ts, ${mats[0].names.join(', ')})` : '(no --out: nothing written; --out features.csv|.parquet writes the matrix)',
  ].join('\n');
  return { json: { data_dir: ctx.dataDir, set: setSpec, interval, datasets: used, loaded: inputs.loaded, features: mats[0].names, symbols: per, out }, text };
}

export const featuresCommand: Command = {
  name: 'features',
  summary: 'compute a feature set (tier 1 price, tier 2 microstructure, tier 3 derivatives) to CSV or Parquet',
  usage: 'features [--set price,microstructure] [--symbols BTC,ETH] [--bar 1m] [--out features.csv|.parquet] [--json]   (the ingested data)\n       skippy-train features --input PATH [--book PATH] [--bar 1s|1m|5m] --set price,microstructure [--out features.csv|.parquet] [--json] [--dry-run]',
  details: `Without --input: the ingested data directory (--data-dir, $SKIPPY_DATA_DIR, default .skippy/data), symbols from
--symbols (default data.symbols) at --bar (default data.bar_interval, any stored interval), with the book, book events,
funding, open interest and sentiment the store holds, read as a run with data.source = store reads them; the summary
names the dataset used. Without --out a summary of the matrix is printed: rows, warm-up rows (leading rows with a
NaN), and per feature NaN rows, mean, std, min, max. --out writes symbol, ts and the features.
--set lists tiers (price, microstructure, derivatives; "+" or "," between them) and/or feature names:
ret_1 ret_5 ret_20 atr_20 zscore_5 zscore_20 mom_10 spread_pct depth_imbalance ofi mlofi_1..mlofi_5
spread_cs ofi_tick funding_rate_delta oi_delta sentiment. Default: the tiers switched on in the config.
Output columns: ts (bar OPEN time, epoch ms; each value is known at the bar's close) then the features in
that order. NaN (warm-up) is an empty CSV cell. Definitions: ret_k = ln(c_t/c_{t−k}); atr_w Wilder (first
value at t = w = mean TR_1..TR_w); zscore_w with the sample std (n−1), 0 when std = 0; mom_k = c_t/c_{t−k} − 1.
Tier 2 needs the L2 book: a Binance capture as --input (bars cut by exchange time E, --bar, default 1s) or
--book CAPTURE next to a bar file. With bars only, tier 2 fails: spread_cs (Corwin–Schultz) and ofi_tick
(tick-rule signed volume) are bar-based PROXIES you can request by name, never silent substitutes.
--dry-run prints what the set costs to obtain (API calls, captured bytes) for --symbols/--days/--bar
(defaults from config data.*) without reading any data.`,
  options: {
    input: { type: 'string', arg: 'PATH', description: 'bars (JSON/CSV/kline CSV/Parquet, plain or .gz) or a Binance L2 capture' },
    book: { type: 'string', arg: 'PATH', description: 'Binance L2 capture supplying the book for bars from --input' },
    bar: { type: 'string', arg: '1s|1m|5m', description: 'bar length for a capture (default 1s); interval of the ingested data or for --dry-run (default data.bar_interval)' },
    set: { type: 'string', arg: 'LIST', description: 'feature set: tiers and/or feature names' },
    out: { type: 'string', arg: 'PATH', description: 'output file, .csv or .parquet' },
    'dry-run': { type: 'boolean', description: 'only print the cost of the set' },
    symbols: { type: 'string', arg: 'LIST', description: 'ingested data / --dry-run: symbols (default config data.symbols)' },
    days: { type: 'string', arg: 'N', description: '--dry-run: days of history (default config data.synthetic.days)' },
  },
  async run(ctx) {
    const { config } = ctx.config();
    const setSpec = getString(ctx, 'set');
    const fc = setSpec === undefined ? config.features : featureSetConfig(setSpec, config.features, '--set');
    const barFlag = getString(ctx, 'bar');
    if (barFlag !== undefined && getString(ctx, 'input') !== undefined && !(BAR_FLAG as readonly string[]).includes(barFlag)) throw new UserInputError('--bar', `expected one of ${BAR_FLAG.join(' | ')}`, barFlag);
    const barMs = barFlag ? INTERVAL_MS[barFlag] : undefined;
    if (barFlag !== undefined && barMs === undefined) throw new UserInputError('--bar', `expected one of ${Object.keys(INTERVAL_MS).join(', ')}`, barFlag);
    if (ctx.values['dry-run'] === true) {
      const symbols = getList(ctx, 'symbols') ?? config.data.symbols;
      const days = getNumber(ctx, 'days', { min: 0, exclusiveMin: true }) ?? config.data.synthetic.days;
      const intervalMs = barMs ?? INTERVAL_MS[config.data.bar_interval] ?? 60_000;
      const cost = featureSetCost(fc, { symbols: symbols.length, days, intervalMs });
      const json = { dry_run: true, symbols, days, interval_ms: intervalMs, ...cost };
      const text = [
        `features: ${cost.features.join(', ') || '(none)'}`,
        ...cost.sources.map((s) => `  ${s.source.padEnd(14)} calls ${String(s.calls).padStart(8)}  bytes ${humanBytes(s.bytes).padStart(9)}  (${s.note})`),
        `total: ${cost.total.calls.toLocaleString('en-US')} API calls, ${humanBytes(cost.total.bytes)} for ${symbols.length} symbol(s) × ${days} day(s)`,
      ].join('\n');
      return { json, text };
    }
    const inputPath = getString(ctx, 'input');
    const out = getString(ctx, 'out');
    const ext = out ? extname(out).toLowerCase() : '';
    if (out && ext !== '.csv' && ext !== '.parquet') throw new UserInputError('--out', 'expected a path ending in .csv or .parquet', out);
    if (enabledFeatureNames(fc).length === 0) throw new UserInputError('--set', 'expected at least one feature switched on', setSpec ?? '(config)');
    if (!inputPath) return storeFeatures(ctx, config, fc, setSpec ?? null, out ?? null);
    const { input, kind, capture } = await loadMarketInput(inputPath, getString(ctx, 'book'), barMs);
    validateFeatureInput(input.bars, fc, inputPath);
    const fm = computeFeatures(input, fc);
    if (out) {
      if (ext === '.csv') writeFileAtomic(out, featureMatrixToCsv(fm));
      else writeTableParquet(out, { ts: fm.ts, ...Object.fromEntries(fm.names.map((n, i) => [n, fm.columns[i]])) });
    }
    const rows = fm.ts.length;
    if (!out) {
      const st = matrixStats(fm);
      const json = { input: inputPath, kind, capture: capture ?? null, symbol: input.bars.symbol, interval_ms: input.bars.intervalMs, rows, features: fm.names, nan_counts: Object.fromEntries(st.map((x) => [x.name, x.nan])), warmup_rows: warmupRows(fm), stats: st, out: null };
      return { json, text: [`${rows} bars of ${input.bars.symbol} (${kind}${capture ? `, book from ${capture}` : ''}) → ${fm.names.length} features (no --out: nothing written)`, ...statsLines(fm, st)].join('\n') };
    }
    const nan = Object.fromEntries(fm.names.map((n, i) => {
      let k = 0;
      const c = fm.columns[i];
      for (let j = 0; j < c.length; j++) if (c[j] !== c[j]) k++;
      return [n, k];
    }));
    const json = { input: inputPath, kind, capture: capture ?? null, symbol: input.bars.symbol, interval_ms: input.bars.intervalMs, rows, features: fm.names, nan_counts: nan, out: out ?? null };
    const text = [
      `${rows} bars of ${input.bars.symbol} (${kind}${capture ? `, book from ${capture}` : ''}) → ${fm.names.length} features${out ? ` written to ${out}` : ' (no --out: nothing written)'}`,
      ...fm.names.map((n) => `  ${n.padEnd(20)} NaN rows ${nan[n]}`),
    ].join('\n');
    return { json, text };
  },
};
