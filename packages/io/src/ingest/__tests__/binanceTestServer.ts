/**
 * A Binance-format REST server on 127.0.0.1 (random port) for the ccxt ingestion tests, serving
 * real bars: /api/v3/ping, /api/v3/time, /api/v3/exchangeInfo (BTCUSDT, ETHUSDT) and /api/v3/klines
 * with Binance's semantics (startTime/endTime inclusive on the open time, limit default 500, max 1000).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BarSeries } from '@skippy/core';

export interface TestServer {
  url: string;
  /** Requests per path, e.g. {"/api/v3/klines": 3}. */
  hits: Record<string, number>;
  /** The klines query strings received, in order. */
  klineQueries: URLSearchParams[];
  close(): Promise<void>;
}

function symbolInfo(base: string) {
  return {
    symbol: `${base}USDT`, status: 'TRADING', baseAsset: base, baseAssetPrecision: 8, quoteAsset: 'USDT', quotePrecision: 8, quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'], icebergAllowed: true, ocoAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    permissions: ['SPOT'], permissionSets: [['SPOT']],
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
    ],
  };
}

export async function startBinanceTestServer(bars: Record<string, BarSeries>): Promise<TestServer> {
  const hits: Record<string, number> = {};
  const klineQueries: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits[u.pathname] = (hits[u.pathname] ?? 0) + 1;
    const json = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (u.pathname === '/api/v3/ping') return json(200, {});
    if (u.pathname === '/api/v3/time') return json(200, { serverTime: 1_700_000_000_000 });
    if (u.pathname === '/api/v3/exchangeInfo') {
      return json(200, { timezone: 'UTC', serverTime: 1_700_000_000_000, rateLimits: [], exchangeFilters: [], symbols: Object.keys(bars).map(symbolInfo) });
    }
    if (u.pathname === '/api/v3/klines') {
      klineQueries.push(u.searchParams);
      const sym = u.searchParams.get('symbol') ?? '';
      const b = bars[sym.replace(/USDT$/, '')];
      if (!b || !sym.endsWith('USDT')) return json(400, { code: -1121, msg: 'Invalid symbol.' });
      if (u.searchParams.get('interval') !== '1m') return json(400, { code: -1120, msg: 'Invalid interval.' });
      const limit = Math.min(1000, Number(u.searchParams.get('limit') ?? 500));
      const start = Number(u.searchParams.get('startTime') ?? -Infinity), end = Number(u.searchParams.get('endTime') ?? Infinity);
      const out: unknown[] = [];
      for (let i = 0; i < b.ts.length && out.length < limit; i++) {
        const t = b.ts[i];
        if (t < start || t > end) continue;
        out.push([t, String(b.open[i]), String(b.high[i]), String(b.low[i]), String(b.close[i]), String(b.volume[i]), t + 59_999, '0', 1, '0', '0', '0']);
      }
      return json(200, out);
    }
    return json(404, { code: -1, msg: `no route ${u.pathname}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, hits, klineQueries,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
