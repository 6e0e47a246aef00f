/**
 * Datasets are kept apart by source: bars of one symbol and interval from different sources never merge.
 * The source key of a write comes from its source label:
 *   "synthetic:seed=42" → "synthetic"; "ccxt:binance" → "ccxt:binance"; "file:Binance_BTCUSDT_1h.csv.gz" →
 *   "file:Binance_BTCUSDT_1h" (compression and format extensions dropped); any other label is its own key.
 * Keys are idempotent (datasetSource(key) = key), so callers may pass either a label or a key.
 * On disk a key is one partition level, `source=<key>`, escaped the Hive way (every byte outside
 * [A-Za-z0-9._-] as %XX): `bars/source=file%3ABinance_BTCUSDT_1h/symbol=BTC/interval=1h/bars.parquet`.
 */
import { UserInputError } from '@skippy/core';

/** Key of bars stored in the old layout (no source level) whose recorded sources map to more than one key. */
export const MIXED_SOURCE = 'legacy-mixed';

const EXTENSIONS = /(\.(json|jsonl|csv|tsv|txt|parquet|feather))?(\.(gz|gzip|zst|bz2|xz))?$/i;

/** datasetSource(label) – the source key of a source label (see the module comment). */
export function datasetSource(label: string): string {
  const s = label.trim();
  if (s === '') throw new UserInputError('source', 'expected a source such as synthetic, ccxt:binance or file:<name>', label);
  const colon = s.indexOf(':');
  const kind = (colon === -1 ? s : s.slice(0, colon)).toLowerCase();
  const rest = colon === -1 ? '' : s.slice(colon + 1);
  if (kind === 'synthetic') return 'synthetic';
  if (kind === 'ccxt') return `ccxt:${(rest.split(':')[0] ?? '').toLowerCase()}`;
  if (kind === 'file') {
    const base = rest.split(/[\\/]/).pop() ?? rest;
    return `file:${base.replace(EXTENSIONS, '') || base}`;
  }
  return s;
}

/** escapeSource("file:BTC 1h") → "file%3ABTC%201h" (Hive partition escaping of UTF-8 bytes). */
export function escapeSource(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9._-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** unescapeSource("file%3ABTC") → "file:BTC". */
export function unescapeSource(dir: string): string {
  return decodeURIComponent(dir);
}

/** Key of bars stored in the old layout that recorded no source. */
export const UNKNOWN_SOURCE = 'legacy';

/** The key of an old-layout partition from the sources recorded in it: their one key, else MIXED_SOURCE (none: UNKNOWN_SOURCE). */
export function legacySource(sources: readonly string[]): string {
  const keys = [...new Set(sources.filter((s) => s.trim() !== '').map(datasetSource))];
  return keys.length === 1 ? keys[0] : keys.length === 0 ? UNKNOWN_SOURCE : MIXED_SOURCE;
}
