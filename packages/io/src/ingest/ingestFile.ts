/**
 * ingestFile(store, path, options) – reads a bar file with readBarsFile (JSON/.gz/CSV/kline CSV/Parquet,
 * auto-detected) and merges it into the store. The symbol comes from `symbol` or the file name; the
 * interval from `intervalMs`, the file name or the timestamps. Source label: "file:<basename>". Rows that share a
 * timestamp are resolved by `duplicates` before the merge (the result's `duplicates` summary says how).
 */
import { basename } from 'node:path';
import { UserInputError } from '@skippy/core';
import { baseSymbol } from '@skippy/core/data';
import type { DuplicateRule } from '@skippy/core/qc';
import { decodeText, isGzip, readBarsFile, readFileBytes, readFundingFile } from '../readers/index.ts';
import type { DataStore, WriteBarsResult } from '../store/openDataStore.ts';
import type { TableEntry } from '../store/manifest.ts';

export interface IngestFileOptions {
  symbol?: string;
  intervalMs?: number;
  /** Zone of naive CSV timestamps. @default "UTC" */
  timezone?: string;
  /**
   * Which row of a timestamp the file holds more than once is stored (see DuplicateRule): "precision" (most
   * decimals), "first" or "last" in file order. The result's `duplicates` says what the rule did. @default "precision"
   */
  duplicates?: DuplicateRule;
}

export async function ingestFile(store: DataStore, path: string, options: IngestFileOptions = {}): Promise<WriteBarsResult> {
  const bars = await readBarsFile(path, {
    ...(options.symbol !== undefined ? { symbol: options.symbol } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
  });
  if (!bars.symbol) throw new UserInputError('--symbols', `expected a symbol for ${basename(path)} (it cannot be inferred from the file name)`);
  if (bars.intervalMs === null) throw new UserInputError('--bars', `expected the bar interval of ${basename(path)} (it cannot be inferred)`);
  if (bars.ts.length === 0) throw new UserInputError(basename(path), 'expected at least one bar');
  const sorted = new Float64Array(bars.ts).sort();
  let offGrid = 0;
  for (const t of sorted) if (t % bars.intervalMs !== 0) offGrid++;
  if (offGrid > 0) throw new UserInputError(basename(path), `expected bar open times on the ${bars.intervalMs} ms grid; ${offGrid} are off it (run \`skippy-train qc\` on the file)`);
  return store.writeBars(bars, { source: `file:${basename(path)}`, ...(options.duplicates !== undefined ? { duplicates: options.duplicates } : {}) });
}

/**
 * ingestFundingFile(store, path, {symbol?, timezone?}) – a funding-rate CSV (`Symbol,Date,Funding Rate`,
 * naive times in `timezone`, e.g. "+03:00" for the shared files) merged into table funding/<SYM>
 * (ts, value, availableAt; dedupe by ts, incoming wins). The symbol is the base asset (BTC-USDT → BTC).
 */
export async function ingestFundingFile(store: DataStore, path: string, options: { symbol?: string; timezone?: string } = {}): Promise<TableEntry & { added: number; replaced: number }> {
  const series = await readFundingFile(path, {
    ...(options.symbol !== undefined ? { symbol: options.symbol } : {}),
    ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
  });
  const symbol = baseSymbol(options.symbol ?? series.symbol ?? '');
  if (!symbol) throw new UserInputError('--symbols', `expected a symbol for ${basename(path)} (it cannot be inferred)`);
  if (series.ts.length === 0) throw new UserInputError(basename(path), 'expected at least one funding rate');
  return store.writeSeries('funding', symbol, series, { source: `file:${basename(path)}` });
}

/** isFundingFile(path) – true when the file (plain or gzip) is a CSV whose header names a funding rate. */
export function isFundingFile(path: string): boolean {
  const bytes = readFileBytes(path);
  const head = isGzip(bytes) ? decodeText(bytes, path).slice(0, 512) : Buffer.from(bytes.subarray(0, 512)).toString('utf8');
  return /funding[ _]?rate/i.test(head.split('\n')[0] ?? '');
}
