import { basename } from 'node:path';
import { INTERVAL_MS } from '@skippy/core/data';
import { baseSymbol } from '@skippy/core/data';

/**
 * symbolFromFileName("…/BTC_USDT-1m.json.gz") → "BTC"; "BTC-USDT_binance_…csv" → "BTC";
 * "BTCUSDT-1m-2024-01.csv" → "BTC"; "Binance_BTCUSDT_1h.csv.gz" (CryptoDataDownload: exchange first) → "BTC";
 * otherwise the upper-cased first word of the name.
 */
export function symbolFromFileName(path: string): string {
  const stem = basename(path).replace(/(\.gz)?$/i, '').replace(/\.[A-Za-z0-9]+$/, '');
  const pair = /^([A-Za-z0-9]+)[-_/]?(USDT|USDC|BUSD|FDUSD|USD)(?=$|[-_.])/i.exec(stem);
  if (pair) return pair[1].toUpperCase();
  for (const word of stem.split(/[-_.\s]/)) {
    const joined = /^([A-Za-z0-9]{2,}?)(USDT|USDC|BUSD|FDUSD|USD)$/i.exec(word);
    if (joined) return joined[1].toUpperCase();
  }
  return baseSymbol(stem.split(/[-_.\s]/)[0] ?? stem);
}

/** intervalFromFileName("BTC_USDT-5m.json.gz") → 300000; null when the name carries no interval. */
export function intervalFromFileName(path: string): number | null {
  const m = /(?:^|[-_.])(1s|1m|3m|5m|15m|30m|1h|4h|1d)(?=$|[-_.])/.exec(basename(path));
  return m ? INTERVAL_MS[m[1]] ?? null : null;
}
