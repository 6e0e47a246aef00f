import { parseOhlcvJson } from './parseOhlcvJson.ts';
import { parseBarsCsv, type ParseBarsCsvOptions } from './parseBarsCsv.ts';
import type { ParsedBarSeries } from './parseNotes.ts';

export type BarsTextFormat = 'json' | 'csv';

/** detectBarsTextFormat(text) → "json" when the first non-blank character is '[', else "csv". */
export function detectBarsTextFormat(text: string): BarsTextFormat {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
    return c === 91 ? 'json' : 'csv';
  }
  return 'csv';
}

/**
 * parseBarsText(text, options) detects the layout by content — an OHLCV JSON array, a CSV with a
 * header, or a headerless Binance kline CSV — and parses it (see parseOhlcvJson / parseBarsCsv).
 */
export function parseBarsText(text: string, options: ParseBarsCsvOptions = {}): ParsedBarSeries {
  return detectBarsTextFormat(text) === 'json' ? parseOhlcvJson(text, options) : parseBarsCsv(text, options);
}
