import { basename } from 'node:path';
import type { ParsedBarSeries } from '@skippy/core/data';
import { baseSymbol, parseBarsText } from '@skippy/core/data';
import { UserInputError } from '@skippy/core';
import { readBarsParquet } from '../parquet.ts';
import { decodeText, isParquet, readFileBytes } from './decodeText.ts';
import { intervalFromFileName, symbolFromFileName } from './fileNames.ts';

export interface ReadBarsFileOptions {
  /** Zone of naive timestamps in a CSV ("UTC" or "+03:00"). @default "UTC" */
  timezone?: string;
  /** Symbol of the series. @default the base of a `symbol` column's first value (BTC/USDT → BTC), else from the file name (BTC_USDT-1m.json.gz → BTC) */
  symbol?: string;
  /** Bar interval in ms. @default from the file name (-1m, -5m…), else inferred from the timestamps */
  intervalMs?: number | null;
}

/**
 * parseBarsBytes(bytes, name, options) – the synchronous part of readBarsFile for JSON/CSV/kline
 * bytes (plain or gzip): detects the layout by content and parses it. CSV results may carry
 * `parseNotes` (mixed time units, the date cross-check, …) that runQc reports and ingest's duplicate rule uses.
 */
export function parseBarsBytes(bytes: Uint8Array, name: string, options: ReadBarsFileOptions = {}): ParsedBarSeries {
  const text = decodeText(bytes, name);
  const interval = options.intervalMs !== undefined ? options.intervalMs : intervalFromFileName(name) ?? undefined;
  const bars = parseBarsText(text, {
    source: basename(name),
    symbol: options.symbol ?? symbolFromFileName(name),
    ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
    ...(interval !== undefined ? { intervalMs: interval } : {}),
  });
  const fromColumn = options.symbol === undefined && bars.parseNotes?.symbolText ? baseSymbol(bars.parseNotes.symbolText) : '';
  if (fromColumn) bars.symbol = fromColumn;
  return bars;
}

/**
 * readBarsFile(path, options) → BarSeries. Detects by content and extension: Parquet (".parquet" or
 * the PAR1 magic, read by readBarsParquet), gzip (magic bytes 1f 8b, any extension), then an OHLCV
 * JSON array, a CSV with a header, or a headerless Binance kline CSV.
 * Bad input (missing file, unreadable gzip, malformed line) throws a one-line UserInputError.
 */
export async function readBarsFile(path: string, options: ReadBarsFileOptions = {}): Promise<ParsedBarSeries> {
  const bytes = readFileBytes(path);
  if (bytes.length === 0) throw new UserInputError(basename(path), 'expected bar data; the file is empty');
  if (/\.parquet$/i.test(path) || isParquet(bytes)) {
    const bars = await readBarsParquet(path);
    return options.symbol !== undefined ? { ...bars, symbol: options.symbol } : bars;
  }
  return parseBarsBytes(bytes, path, options);
}
