import { gunzipSync, constants as zc } from 'node:zlib';
import { extname } from 'node:path';
import { UserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core/data';
import { INTERVAL_MS } from '@skippy/core/data';
import type { FeatureInput } from '@skippy/core/features';
import {
  barCloseTimes, computeFeatures, enabledFeatureNames, featureMatrixToCsv, featureSetConfig, featureSetCost, snapshotsAsOf, validateFeatureInput,
} from '@skippy/core/features';
import { readBarsFile, readCapture, readFileBytes, writeFileAtomic, writeTableParquet } from '@skippy/io';
import type { Command } from '../framework.ts';
import { getList, getNumber, getString } from '../args.ts';

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

export const featuresCommand: Command = {
  name: 'features',
  summary: 'compute a feature set (tier 1 price, tier 2 microstructure, tier 3 derivatives) to CSV or Parquet',
  usage: 'features --input PATH [--book PATH] [--bar 1s|1m|5m] --set price,microstructure --out features.csv|.parquet [--json] [--dry-run]',
  details: `--set lists tiers (price, microstructure, derivatives; "+" or "," between them) and/or feature names:
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
    bar: { type: 'string', arg: '1s|1m|5m', description: 'bar length for a capture (default 1s); interval for --dry-run' },
    set: { type: 'string', arg: 'LIST', description: 'feature set: tiers and/or feature names' },
    out: { type: 'string', arg: 'PATH', description: 'output file, .csv or .parquet' },
    'dry-run': { type: 'boolean', description: 'only print the cost of the set' },
    symbols: { type: 'string', arg: 'LIST', description: '--dry-run: symbols (default config data.symbols)' },
    days: { type: 'string', arg: 'N', description: '--dry-run: days of history (default config data.synthetic.days)' },
  },
  async run(ctx) {
    const { config } = ctx.config();
    const setSpec = getString(ctx, 'set');
    const fc = setSpec === undefined ? config.features : featureSetConfig(setSpec, config.features, '--set');
    const barFlag = getString(ctx, 'bar');
    if (barFlag !== undefined && !(BAR_FLAG as readonly string[]).includes(barFlag)) throw new UserInputError('--bar', `expected one of ${BAR_FLAG.join(' | ')}`, barFlag);
    const barMs = barFlag ? INTERVAL_MS[barFlag] : undefined;
    if (ctx.values['dry-run'] === true) {
      const symbols = getList(ctx, 'symbols') ?? config.data.symbols;
      const days = getNumber(ctx, 'days', { min: 0, exclusiveMin: true }) ?? config.data.synthetic.days;
      const intervalMs = barMs ?? INTERVAL_MS[config.data.bar_interval] ?? 60_000;
      const cost = featureSetCost(fc, { symbols: symbols.length, days, intervalMs });
      const json = { dry_run: true, symbols, days, interval_ms: intervalMs, ...cost };
      const text = [
        `features: ${cost.features.join(', ') || '(none)'}`,
        ...cost.sources.map((s) => `  ${s.source.padEnd(14)} calls ${String(s.calls).padStart(8)}  bytes ${String(s.bytes).padStart(14)}  (${s.note})`),
        `total: ${cost.total.calls} API calls, ${cost.total.bytes} bytes for ${symbols.length} symbol(s) × ${days} day(s)`,
      ].join('\n');
      return { json, text };
    }
    const inputPath = getString(ctx, 'input');
    if (!inputPath) throw new UserInputError('--input', 'is required: expected a bar file or an L2 capture (or use --dry-run)');
    const out = getString(ctx, 'out');
    const ext = out ? extname(out).toLowerCase() : '';
    if (out && ext !== '.csv' && ext !== '.parquet') throw new UserInputError('--out', 'expected a path ending in .csv or .parquet', out);
    if (enabledFeatureNames(fc).length === 0) throw new UserInputError('--set', 'expected at least one feature switched on', setSpec ?? '(config)');
    const { input, kind, capture } = await loadMarketInput(inputPath, getString(ctx, 'book'), barMs);
    validateFeatureInput(input.bars, fc, inputPath);
    const fm = computeFeatures(input, fc);
    if (out) {
      if (ext === '.csv') writeFileAtomic(out, featureMatrixToCsv(fm));
      else writeTableParquet(out, { ts: fm.ts, ...Object.fromEntries(fm.names.map((n, i) => [n, fm.columns[i]])) });
    }
    const rows = fm.ts.length;
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
