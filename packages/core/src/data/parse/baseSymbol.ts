const QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'USD', 'PERP'];

/**
 * baseSymbol("BTC-USDT") → "BTC". Also "BTC/USDT", "BTC_USDT", "BTCUSDT", "BTC/USDT:USDT", "btc".
 * The base asset is what the workbench calls a symbol.
 */
export function baseSymbol(pair: string): string {
  const s = pair.trim().toUpperCase();
  const parts = s.split(/[-_/:\s]+/).filter(Boolean);
  let base = parts[0] ?? '';
  if (parts.length === 1) {
    for (const q of QUOTES) {
      if (base.length > q.length + 1 && base.endsWith(q)) {
        base = base.slice(0, -q.length);
        break;
      }
    }
  }
  return base;
}
