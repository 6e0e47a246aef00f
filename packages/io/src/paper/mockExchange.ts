/**
 * A local mock exchange for the live paper feed: Binance's public REST format on 127.0.0.1 (random
 * port), fed from stored bars, with its own clock and injectable faults. Serves /api/v3/ping, /time,
 * /exchangeInfo and /klines (open times in [startTime, endTime], limit ≤ 1000, the current unclosed bar
 * included, as Binance does); anything else answers 404 and is logged, so a test can assert that no
 * private endpoint was ever called. Faults: drop the connection, answer an exchange error, leave bars
 * out of a response (a dropped message sequence), go down for a while (the 10-minute gap).
 * Websocket (RFC 6455, written here: no dependency) at `wsUrl` (…/stream/ws/…): Binance's SUBSCRIBE to
 * `<symbol>@kline_<interval>` streams, then one closed-kline event per bar as the mock clock passes its
 * close; faults: `dropWs(ts)` leaves those bars' messages out, `disconnectWs()` drops every socket.
 * Order books (`books`: states per base asset): REST /api/v3/depth (the last state at the clock,
 * lastUpdateId = its 1-based index) and the streams `<symbol>@depth@100ms` (one depthUpdate diff per state,
 * U = u = its index, E = its ts) and `<symbol>@depth<levels>@100ms` (partial snapshots), sent as the clock passes each state.
 * Trades (`trades`: per base asset, `tradesFromBars` builds ones that agree with the bars): the streams `<symbol>@trade`
 * (Binance's trade event: t id, p, q, T) and `<symbol>@aggTrade` (a = the id, f = l = it), each trade sent as the clock
 * passes its time, before that tick's klines; fault `dropTrades(ids)` leaves those trade messages out. The same trades by
 * id over public REST (the back-fill of io liveTrades): `/api/v3/historicalTrades?symbol&fromId&limit` (Binance's fields
 * `{ id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch }`, decimals as strings) and `/api/v3/aggTrades?symbol&
 * fromId|startTime&endTime&limit` (`{ a, p, q, f, l, T, m, M }`, f = l = a); limit ≤ 1000 (default 500); only trades at
 * or before the mock clock; without fromId / startTime the most recent `limit`. Fault `failTrades(n, fault)`: the next
 * n requests to those two paths fail.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BarSeries, BookEvents } from '@skippy/core';

export interface MockRequest {
  method: string;
  path: string;
  query: string;
  /** An X-MBX-APIKEY header or a signature parameter was present (a private call). */
  authenticated: boolean;
}

export type MockFault = 'disconnect' | 'server_error' | 'rate_limited';

export interface MockExchange {
  url: string;
  /** Base of the websocket streams (ccxt's binance `urls.api.ws.spot`). */
  wsUrl: string;
  /** Websocket messages received from clients (subscriptions), in order. */
  wsMessages: string[];
  /** Kline messages sent, per stream. */
  wsSent: Record<string, number>;
  /** The bars opening at these times are never sent on the websocket (a dropped message sequence). */
  dropWs(ts: number[]): void;
  /** Drops every websocket connection (clients reconnect). */
  disconnectWs(): void;
  /** The trades with these ids are never sent on the websocket (a dropped trade message); REST still serves them. */
  dropTrades(ids: number[]): void;
  /** The next `n` requests to /api/v3/historicalTrades or /api/v3/aggTrades fail with `fault`. */
  failTrades(n: number, fault: MockFault): void;
  /** Every request, in order. */
  requests: MockRequest[];
  /** The exchange's clock (ms); bars open at or before it are served. */
  now: number;
  /** The next `n` requests fail with `fault`. */
  fail(n: number, fault: MockFault): void;
  /** The next klines response leaves out the bars opening at these times. */
  dropOnce(ts: number[]): void;
  /** Until `untilMs` (exchange clock), every request drops its connection (the exchange is unreachable). */
  downUntil(untilMs: number): void;
  close(): Promise<void>;
}

const INTERVALS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

function symbolInfo(base: string, quote: string) {
  return {
    symbol: `${base}${quote}`, status: 'TRADING', baseAsset: base, baseAssetPrecision: 8, quoteAsset: quote, quotePrecision: 8, quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'], icebergAllowed: true, ocoAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    permissions: ['SPOT'], permissionSets: [['SPOT']],
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
    ],
  };
}

/** One state of a symbol's L2 book on the mock (levels best first); states are served in time order. */
export interface MockBookState { ts: number; bids: [number, number][]; asks: [number, number][] }

/** mockBookStates(events, shiftMs) – a market's book updates (core BookEvents, e.g. the synthetic market's) as the mock's book states, times shifted by `shiftMs`. */
export function mockBookStates(ev: BookEvents, shiftMs = 0): MockBookState[] {
  const d = ev.depth, out: MockBookState[] = [];
  for (let r = 0; r < ev.ts.length; r++) {
    const lv = (px: Float64Array, q: Float64Array) => Array.from({ length: d }, (_, k): [number, number] => [px[r * d + k], q[r * d + k]]).filter(([p, x]) => Number.isFinite(p) && Number.isFinite(x));
    out.push({ ts: ev.ts[r] + shiftMs, bids: lv(ev.bidPx, ev.bidQty), asks: lv(ev.askPx, ev.askQty) });
  }
  return out;
}

/** One public trade on the mock (ids consecutive per symbol, time order). */
export interface MockTrade { id: number; ts: number; price: number; qty: number }

/**
 * tradesFromBars(bars, firstId) – four trades per bar with volume that agree with it exactly as Binance's klines
 * agree with its trades: at open + 10 %, 35 %, 60 %, 90 % of the interval the open, the high, the low and the
 * close; quantities volume / 4 three times and the rest (a bar without volume has no trades). Ids from `firstId`.
 */
export function tradesFromBars(b: BarSeries, firstId = 1): MockTrade[] {
  const iv = b.intervalMs ?? (b.ts.length > 1 ? b.ts[1] - b.ts[0] : 60_000);
  const out: MockTrade[] = [];
  let id = firstId;
  for (let i = 0; i < b.ts.length; i++) {
    const v = b.volume[i];
    if (!(v > 0)) continue;
    const q = v / 4;
    const px = [b.open[i], b.high[i], b.low[i], b.close[i]], at = [0.1, 0.35, 0.6, 0.9];
    for (let k = 0; k < 4; k++) out.push({ id: id++, ts: b.ts[i] + Math.round(at[k] * iv), price: px[k], qty: k < 3 ? q : v - 3 * q });
  }
  return out;
}

/** startMockExchange(bars, options) – bars per base asset (all at `interval`), quoted in `quote`. */
export async function startMockExchange(bars: Record<string, BarSeries>, options: { now: number; quote?: string; interval?: string; books?: Record<string, MockBookState[]>; trades?: Record<string, MockTrade[]> }): Promise<MockExchange> {
  const books = options.books ?? {};
  const trades = options.trades ?? {};
  const quote = options.quote ?? 'USDT', interval = options.interval ?? '1m', iv = INTERVALS[interval];
  if (!iv) throw new Error(`startMockExchange: interval must be one of ${Object.keys(INTERVALS).join(', ')}; was ${interval}`);
  /** BTCUSDT → BTC; '' for another quote (REST symbols are upper case, as Binance wants; stream names are upper-cased first). */
  const baseOf = (market: string) => (market.endsWith(quote) ? market.slice(0, -quote.length) : '');
  const faults: MockFault[] = [], tradeFaults: MockFault[] = [];
  let drop = new Set<number>();
  let down = -Infinity;
  const state = { now: options.now };
  const requests: MockRequest[] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: u.pathname, query: u.search, authenticated: req.headers['x-mbx-apikey'] !== undefined || u.searchParams.has('signature') });
    const json = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (state.now < down) { req.socket.destroy(); return; }
    const fault = (u.pathname === '/api/v3/historicalTrades' || u.pathname === '/api/v3/aggTrades' ? tradeFaults.shift() : undefined) ?? faults.shift();
    if (fault === 'disconnect') { req.socket.destroy(); return; }
    if (fault === 'server_error') return json(503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    if (fault === 'rate_limited') return json(429, { code: -1003, msg: 'Too many requests.' });
    if (u.pathname === '/api/v3/ping') return json(200, {});
    if (u.pathname === '/api/v3/time') return json(200, { serverTime: state.now });
    if (u.pathname === '/api/v3/exchangeInfo') {
      return json(200, { timezone: 'UTC', serverTime: state.now, rateLimits: [], exchangeFilters: [], symbols: Object.keys(bars).map((b) => symbolInfo(b, quote)) });
    }
    if (u.pathname === '/api/v3/depth') {
      const sym = u.searchParams.get('symbol') ?? '';
      const base = baseOf(sym);
      const bk = Object.hasOwn(books, base) ? books[base] : undefined;
      if (!bk) return json(400, { code: -1121, msg: 'Invalid symbol.' });
      const limit = Math.min(5000, Number(u.searchParams.get('limit') ?? 100));
      const i = bk.findLastIndex((x) => x.ts <= state.now);
      const b = i >= 0 ? bk[i] : { bids: [], asks: [] };
      return json(200, { lastUpdateId: i + 1, bids: b.bids.slice(0, limit).map(([p, q]) => [String(p), String(q)]), asks: b.asks.slice(0, limit).map(([p, q]) => [String(p), String(q)]) });
    }
    if (u.pathname === '/api/v3/historicalTrades' || u.pathname === '/api/v3/aggTrades') {
      const agg = u.pathname === '/api/v3/aggTrades';
      const sym = u.searchParams.get('symbol') ?? '';
      const base = baseOf(sym);
      const tr = Object.hasOwn(trades, base) ? trades[base] : undefined;
      if (!tr) return json(400, { code: -1121, msg: 'Invalid symbol.' });
      const num = (k: string) => { const v = u.searchParams.get(k); return v === null ? null : Number(v); };
      const limit = num('limit') ?? 500, fromId = num('fromId'), start = agg ? num('startTime') : null, end = agg ? num('endTime') : null;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return json(400, { code: -1100, msg: "Illegal characters found in parameter 'limit'; legal range is '1' to '1000'." });
      for (const v of [fromId, start, end]) if (v !== null && !Number.isInteger(v)) return json(400, { code: -1100, msg: 'Illegal characters found in a parameter.' });
      const last = tr.findLastIndex((x) => x.ts <= state.now && (end === null || x.ts <= end));
      let i = fromId !== null ? tr.findIndex((x) => x.id >= fromId) : start !== null ? tr.findIndex((x) => x.ts >= start) : Math.max(0, last - limit + 1);
      if (i < 0) i = tr.length;
      const out: unknown[] = [];
      for (; i <= last && out.length < limit; i++) {
        const x = tr[i], m = (x.id & 1) === 1;
        out.push(agg ? { a: x.id, p: String(x.price), q: String(x.qty), f: x.id, l: x.id, T: x.ts, m, M: true }
          : { id: x.id, price: String(x.price), qty: String(x.qty), quoteQty: String(x.price * x.qty), time: x.ts, isBuyerMaker: m, isBestMatch: true });
      }
      return json(200, out);
    }
    if (u.pathname === '/api/v3/klines') {
      const sym = u.searchParams.get('symbol') ?? '';
      const base = baseOf(sym);
      const b = Object.hasOwn(bars, base) ? bars[base] : undefined;
      if (!b) return json(400, { code: -1121, msg: 'Invalid symbol.' });
      if (u.searchParams.get('interval') !== interval) return json(400, { code: -1120, msg: 'Invalid interval.' });
      const limit = Math.min(1000, Number(u.searchParams.get('limit') ?? 500));
      const start = Number(u.searchParams.get('startTime') ?? -Infinity), end = Number(u.searchParams.get('endTime') ?? Infinity);
      const out: unknown[] = [];
      // without startTime Binance answers the most recent `limit` bars
      const last = b.ts.findLastIndex((t) => t <= state.now);
      let i = Number.isFinite(start) ? b.ts.findIndex((t) => t >= start) : Math.max(0, last - limit + 1);
      if (i < 0) i = b.ts.length;
      for (; i <= last && out.length < limit; i++) {
        const t = b.ts[i];
        if (t > end) break;
        if (drop.has(t)) continue;
        out.push([t, String(b.open[i]), String(b.high[i]), String(b.low[i]), String(b.close[i]), String(b.volume[i]), t + iv - 1, '0', 1, '0', '0', '0']);
      }
      drop = new Set();
      return json(200, out);
    }
    return json(404, { code: -1, msg: `no route ${u.pathname}` });
  });
  // ---- websocket (RFC 6455: handshake, masked client text frames, unmasked server text frames)
  const wsMessages: string[] = [], wsSent: Record<string, number> = {};
  const sockets = new Set<{ socket: Socket; streams: Set<string>; sent: Map<string, number> }>();
  let wsDrop = new Set<number>(), tradeDrop = new Set<number>();
  const frame = (text: string): Buffer => {
    const body = Buffer.from(text, 'utf8'), n = body.length;
    const head = n < 126 ? Buffer.from([0x81, n]) : n < 65_536 ? Buffer.from([0x81, 126, n >> 8, n & 255]) : Buffer.concat([Buffer.from([0x81, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
    return Buffer.concat([head, body]);
  };
  const pushKlines = () => {
    for (const c of sockets) {
      for (const stream of c.streams) {
        // <symbol>@trade / <symbol>@aggTrade: one event per trade as the clock passes it (before this tick's klines)
        const m = /^([a-z0-9]+)@(trade|aggTrade)$/.exec(stream);
        if (!m) continue;
        const base = baseOf(m[1].toUpperCase());
        const tr = Object.hasOwn(trades, base) ? trades[base] : undefined;
        if (!tr) continue;
        let i = c.sent.get(stream) ?? tr.findIndex((x) => x.ts > state.now);
        if (i < 0) i = tr.length;
        for (; i < tr.length && tr[i].ts <= state.now; i++) {
          const x = tr[i];
          if (tradeDrop.has(x.id)) continue;
          const common = { E: x.ts, s: `${base}${quote}`, p: String(x.price), q: String(x.qty), T: x.ts, m: (x.id & 1) === 1, M: true };
          c.socket.write(frame(JSON.stringify(m[2] === 'trade' ? { e: 'trade', ...common, t: x.id } : { e: 'aggTrade', ...common, a: x.id, f: x.id, l: x.id })));
          wsSent[stream] = (wsSent[stream] ?? 0) + 1;
        }
        c.sent.set(stream, i);
      }
      for (const stream of c.streams) {
        const m = /^([a-z0-9]+)@kline_(\w+)$/.exec(stream);
        if (!m || m[2] !== interval) continue;
        const base = baseOf(m[1].toUpperCase());
        const b = Object.hasOwn(bars, base) ? bars[base] : undefined;
        if (!b) continue;
        let i = c.sent.get(stream) ?? b.ts.findIndex((t) => t + iv > state.now); // from the bar in progress at subscription
        if (i < 0) i = b.ts.length;
        while (i < b.ts.length && b.ts[i] + iv <= state.now) {
          const t = b.ts[i];
          if (!wsDrop.has(t)) {
            const k = { t, T: t + iv - 1, s: `${base}${quote}`, i: interval, f: 0, L: 0, o: String(b.open[i]), c: String(b.close[i]), h: String(b.high[i]), l: String(b.low[i]), v: String(b.volume[i]), n: 1, x: true, q: '0', V: '0', Q: '0', B: '0' };
            c.socket.write(frame(JSON.stringify({ e: 'kline', E: t + iv, s: `${base}${quote}`, k })));
            wsSent[stream] = (wsSent[stream] ?? 0) + 1;
          }
          i++;
        }
        c.sent.set(stream, i);
      }
      for (const stream of c.streams) {
        // <symbol>@depth@100ms: diff events (U..u update ids; qty 0 removes a level); <symbol>@depth<levels>@100ms: partial snapshots
        const m = /^([a-z0-9]+)@depth(\d*)@100ms$/.exec(stream);
        if (!m) continue;
        const base = baseOf(m[1].toUpperCase());
        const bk = Object.hasOwn(books, base) ? books[base] : undefined;
        if (!bk) continue;
        let i = c.sent.get(stream) ?? bk.findIndex((x) => x.ts > state.now);
        if (i < 0) i = bk.length;
        for (; i < bk.length && bk[i].ts <= state.now; i++) {
          const b = bk[i], prev = i > 0 ? bk[i - 1] : { bids: [], asks: [] };
          const str = (l: [number, number][]) => l.map(([p, q]) => [String(p), String(q)]);
          if (m[2]) {
            const n = Number(m[2]);
            c.socket.write(frame(JSON.stringify({ lastUpdateId: i + 1, bids: str(b.bids.slice(0, n)), asks: str(b.asks.slice(0, n)) })));
          } else {
            const diff = (now: [number, number][], was: [number, number][]) => [...now.filter(([p, q]) => !was.some(([p2, q2]) => p2 === p && q2 === q)), ...was.filter(([p]) => !now.some(([p2]) => p2 === p)).map(([p]): [number, number] => [p, 0])];
            c.socket.write(frame(JSON.stringify({ e: 'depthUpdate', E: b.ts, s: `${base}${quote}`, U: i + 1, u: i + 1, b: str(diff(b.bids, prev.bids)), a: str(diff(b.asks, prev.asks)) })));
          }
          wsSent[stream] = (wsSent[stream] ?? 0) + 1;
        }
        c.sent.set(stream, i);
      }
    }
  };
  server.on('upgrade', (req, socket: Socket) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: 'WS', path: u.pathname, query: u.search, authenticated: req.headers['x-mbx-apikey'] !== undefined || u.searchParams.has('signature') });
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || state.now < down) { socket.destroy(); return; }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const conn = { socket, streams: new Set<string>(), sent: new Map<string, number>() };
    sockets.add(conn);
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        const op = buf[0] & 15, masked = (buf[1] & 128) !== 0;
        let len = buf[1] & 127, off = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; } else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        const maskAt = off; if (masked) off += 4;
        if (buf.length < off + len) return;
        const payload = Buffer.from(buf.subarray(off, off + len));
        if (masked) for (let k = 0; k < len; k++) payload[k] ^= buf[maskAt + (k & 3)];
        buf = buf.subarray(off + len);
        if (op === 8) { socket.end(Buffer.from([0x88, 0])); return; }
        if (op === 9) { socket.write(Buffer.concat([Buffer.from([0x8a, payload.length]), payload])); continue; }
        if (op !== 1) continue;
        const text = payload.toString('utf8');
        wsMessages.push(text);
        let msg: { method?: string; params?: unknown[]; id?: unknown } = {};
        try { msg = JSON.parse(text) as typeof msg; } catch { /* not JSON: ignored */ }
        if (msg.method === 'SUBSCRIBE' && Array.isArray(msg.params)) for (const p of msg.params) if (typeof p === 'string') conn.streams.add(p);
        if (msg.method === 'UNSUBSCRIBE' && Array.isArray(msg.params)) for (const p of msg.params) if (typeof p === 'string') conn.streams.delete(p);
        socket.write(frame(JSON.stringify({ result: null, id: msg.id ?? null })));
        pushKlines();
      }
    });
    socket.on('close', () => sockets.delete(conn));
    socket.on('error', () => sockets.delete(conn));
  });

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/stream/ws`, requests, wsMessages, wsSent,
    get now() { return state.now; }, set now(v: number) { state.now = v; pushKlines(); },
    dropWs(ts) { wsDrop = new Set(ts); },
    dropTrades(ids) { tradeDrop = new Set(ids); },
    failTrades(n, fault) { for (let k = 0; k < n; k++) tradeFaults.push(fault); },
    disconnectWs() { for (const c of sockets) c.socket.destroy(); sockets.clear(); },
    fail(n, fault) { for (let k = 0; k < n; k++) faults.push(fault); },
    dropOnce(ts) { drop = new Set(ts); },
    downUntil(untilMs) { down = untilMs; },
    close: () => new Promise<void>((r) => { for (const c of sockets) c.socket.destroy(); server.closeAllConnections(); server.close(() => r()); }),
  };
}
