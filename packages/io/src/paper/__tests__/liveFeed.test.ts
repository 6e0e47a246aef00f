import { afterEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core';
import type { PaperBar } from '@skippy/core/paper';
import { connectLiveFeed, liveFeed, replayFeed, parseSpeed, startMockExchange } from '../index.ts';
import type { FeedEvent, MockExchange } from '../index.ts';

const T0 = Date.UTC(2024, 0, 1), MIN = 60_000;
/** Deterministic bars (no randomness needed: a feed only moves them). */
function bars(symbol: string, n: number, k: number): BarSeries {
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
  const close = Float64Array.from({ length: n }, (_, i) => 100 * k + Math.sin(i / 3) + i * 0.01);
  const open = Float64Array.from({ length: n }, (_, i) => (i ? close[i - 1] : close[0]));
  return { symbol, intervalMs: MIN, ts, open, high: close.map((c, i) => Math.max(c, open[i]) + 0.1), low: close.map((c, i) => Math.min(c, open[i]) - 0.1), close, volume: Float64Array.from({ length: n }, (_, i) => 10 + (i % 7)) };
}
const PUBLIC = new Set(['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/ping', '/api/v3/time']);

let mock: MockExchange | null = null;
afterEach(async () => { await mock?.close(); mock = null; });

describe('liveFeed(ex, markets, options) on the local mock exchange', () => {
  it('delivers every closed bar once and in order through disconnects, an exchange error, a dropped sequence and a 10-minute outage (back-filled); only public endpoints are called', async () => {
    const data = { BTC: bars('BTC', 80, 1), ETH: bars('ETH', 80, 2) };
    mock = await startMockExchange(data, { now: T0 + 20 * MIN + 5_000 });
    const m = mock;
    let clock = m.now;
    const now = () => clock;
    const sleep = async (ms: number) => { clock += ms; m.now = clock; };
    const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, symbols: ['BTC', 'ETH'], interval: '1m', rateLimit: false });
    const events: FeedEvent[] = [];
    const got: Record<string, PaperBar>[] = [];
    for await (const b of liveFeed(ex, markets, { symbols: ['BTC', 'ETH'], interval: '1m', intervalMs: MIN, since: T0 + 10 * MIN, now, sleep, onEvent: (e) => events.push(e) })) {
      got.push(b);
      const i = (b.BTC.ts - T0) / MIN;
      if (i === 12) m.fail(2, 'disconnect');
      if (i === 19) m.fail(1, 'server_error');
      if (i === 22) m.dropOnce([T0 + 23 * MIN]);
      if (i === 26) m.downUntil(clock + 10 * MIN);
      if (i === 50) break;
    }
    expect(got.map((b) => (b.BTC.ts - T0) / MIN)).toEqual(Array.from({ length: 41 }, (_, k) => 10 + k));
    for (const b of got) {
      const i = (b.BTC.ts - T0) / MIN;
      expect(b.ETH.ts).toBe(b.BTC.ts);
      expect([b.BTC.open, b.BTC.high, b.BTC.low, b.BTC.close, b.BTC.volume]).toEqual([data.BTC.open[i], data.BTC.high[i], data.BTC.low[i], data.BTC.close[i], data.BTC.volume[i]]);
      expect(b.ETH.close).toBe(data.ETH.close[i]);
    }
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'reconnect').length).toBeGreaterThanOrEqual(3); // 2 disconnects + the outage
    expect(events.some((e) => (e.kind === 'reconnect' || e.kind === 'error') && /ExchangeNotAvailable|503|Internal error/.test(e.message))).toBe(true);
    const backfill = events.find((e) => e.kind === 'backfill');
    expect(backfill && backfill.kind === 'backfill' ? backfill.bars : 0).toBeGreaterThanOrEqual(10);
    expect(kinds).not.toContain('gap'); // the dropped bar was asked for again, not skipped
    // the dropped sequence was re-requested from bar 23
    expect(m.requests.filter((r) => r.path === '/api/v3/klines' && r.query.includes(`startTime=${T0 + 23 * MIN}`)).length).toBeGreaterThanOrEqual(3);
    expect(m.requests.length).toBeGreaterThan(40);
    for (const r of m.requests) { expect(PUBLIC.has(r.path)).toBe(true); expect(r.authenticated).toBe(false); expect(r.method).toBe('GET'); }
  }, 30_000);

  it('a bar still missing after a second request is a gap: reported, and the feed moves on', async () => {
    const data = { BTC: bars('BTC', 40, 1) };
    const holes = new Set([T0 + 15 * MIN]);
    const cut = { ...data.BTC };
    const keep = Array.from(cut.ts).map((t, i) => (holes.has(t) ? -1 : i)).filter((i) => i >= 0);
    const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
    mock = await startMockExchange({ BTC: { ...cut, ts: pick(cut.ts), open: pick(cut.open), high: pick(cut.high), low: pick(cut.low), close: pick(cut.close), volume: pick(cut.volume) } }, { now: T0 + 20 * MIN + 5_000 });
    const m = mock;
    let clock = m.now;
    const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, symbols: ['BTC'], interval: '1m', rateLimit: false });
    const events: FeedEvent[] = [];
    const got: number[] = [];
    for await (const b of liveFeed(ex, markets, { symbols: ['BTC'], interval: '1m', intervalMs: MIN, since: T0 + 10 * MIN, now: () => clock, sleep: async (ms) => { clock += ms; m.now = clock; }, onEvent: (e) => events.push(e) })) {
      got.push((b.BTC.ts - T0) / MIN);
      if (got.length === 8) break;
    }
    expect(got).toEqual([10, 11, 12, 13, 14, 16, 17, 18]);
    expect(events.filter((e) => e.kind === 'gap')).toEqual([expect.objectContaining({ kind: 'gap', fromTs: T0 + 15 * MIN, bars: 1, symbols: ['BTC'] })]);
  }, 30_000);

  it('the exchange client has no credentials and its private / trading methods throw; nothing private reaches the exchange', async () => {
    mock = await startMockExchange({ BTC: bars('BTC', 30, 1) }, { now: T0 + 20 * MIN });
    const { ex } = await connectLiveFeed({ apiUrl: mock.url, symbols: ['BTC'], interval: '1m', rateLimit: false });
    const raw = ex as unknown as Record<string, unknown>;
    expect(raw.apiKey || undefined).toBeUndefined();
    expect(raw.secret || undefined).toBeUndefined();
    for (const k of ['createOrder', 'cancelOrder', 'fetchBalance', 'fetchMyTrades', 'withdraw', 'privatePostOrder', 'sapiGetAccountStatus']) {
      const f = raw[k] as (...a: unknown[]) => unknown;
      expect(typeof f).toBe('function');
      let err: unknown = null;
      try { await f('BTC/USDT', 'market', 'buy', 1); } catch (e) { err = e; }
      expect(String(err)).toMatch(new RegExp(`paper mode: ${k} is disabled`));
    }
    // the websocket (ccxt pro) client the live sessions use — books and trades included: the same, and its private streams too
    const pro = await connectLiveFeed({ apiUrl: mock.url, wsUrl: mock.wsUrl, websocket: true, symbols: ['BTC'], interval: '1m', rateLimit: false });
    const rawPro = pro.ex as unknown as Record<string, unknown>;
    expect(typeof rawPro.watchTrades).toBe('function');
    expect(rawPro.apiKey || undefined).toBeUndefined();
    for (const k of ['createOrder', 'createOrderWs', 'watchOrders', 'watchBalance', 'watchMyTrades', 'watchPositions', 'fetchBalance', 'privatePostOrder']) {
      let err: unknown = null;
      try { await (rawPro[k] as (...a: unknown[]) => unknown)('BTC/USDT', 'market', 'buy', 1); } catch (e) { err = e; }
      expect(String(err)).toMatch(new RegExp(`paper mode: ${k} is disabled`));
    }
    await pro.ex.close?.();
    for (const r of mock.requests) { expect(PUBLIC.has(r.path)).toBe(true); expect(r.authenticated).toBe(false); }
  });

  it('connectLiveFeed refuses an unreachable exchange, a symbol it does not list and an interval it does not offer, one line each', async () => {
    const e1 = await connectLiveFeed({ apiUrl: 'http://127.0.0.1:9', symbols: ['BTC'], interval: '1m', rateLimit: false }).catch((e: unknown) => e);
    expect(isUserInputError(e1)).toBe(true);
    expect((e1 as Error).message).toMatch(/^--exchange-url: a reachable binance API, got "http:\/\/127\.0\.0\.1:9"/);
    mock = await startMockExchange({ BTC: bars('BTC', 30, 1) }, { now: T0 + 20 * MIN });
    const e2 = await connectLiveFeed({ apiUrl: mock.url, symbols: ['BTC', 'SOL'], interval: '1m', rateLimit: false }).catch((e: unknown) => e);
    expect((e2 as Error).message).toMatch(/^feed symbols: markets of the run's symbols listed on binance, got "SOL\/USDT"/);
    const e3 = await connectLiveFeed({ apiUrl: mock.url, symbols: ['BTC'], interval: '7m', rateLimit: false }).catch((e: unknown) => e);
    expect((e3 as Error).message).toMatch(/^feed interval: /);
    for (const e of [e1, e2, e3]) expect((e as Error).message).not.toContain('\n');
  });
});

describe('liveFeed(..., { websocket: true }) on the mock exchange\'s kline stream', () => {
  it('takes bars from the stream; a dropped message and a disconnect are back-filled over REST; every bar once and in order; only public endpoints', async () => {
    const data = { BTC: bars('BTC', 90, 1), ETH: bars('ETH', 90, 2) };
    mock = await startMockExchange(data, { now: T0 + 20 * MIN + 5_000 });
    const m = mock;
    const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, wsUrl: m.wsUrl, websocket: true, symbols: ['BTC', 'ETH'], interval: '1m', rateLimit: false });
    const opts = (ex as unknown as { options: { ws?: Record<string, unknown> } }).options;
    opts.ws = { ...opts.ws, backoff: { base: 10, factor: 2, max: 100 } }; // ccxt's own re-dial backoff, in test time
    const events: FeedEvent[] = [];
    const got: number[] = [];
    const timer = setInterval(() => { m.now = m.now + MIN; }, 40); // the exchange's clock: a minute every 40 ms
    try {
      for await (const b of liveFeed(ex, markets, {
        symbols: ['BTC', 'ETH'], interval: '1m', intervalMs: MIN, since: T0 + 20 * MIN, websocket: true, now: () => m.now, pollMs: 10, baseBackoffMs: 20,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))), onEvent: (e) => events.push(e),
      })) {
        const i = (b.BTC.ts - T0) / MIN;
        got.push(i);
        expect(b.BTC.close).toBe(data.BTC.close[i]);
        expect(b.ETH.close).toBe(data.ETH.close[i]);
        if (i === 24) m.dropWs([T0 + 26 * MIN]);
        if (i === 32) m.disconnectWs();
        if (i === 50) break;
      }
    } finally {
      clearInterval(timer);
    }
    expect(got).toEqual(Array.from({ length: 31 }, (_, k) => 20 + k));
    expect(m.wsMessages.some((x) => x.includes('SUBSCRIBE') && x.includes('btcusdt@kline_1m'))).toBe(true);
    // the stream carried most bars; REST filled in the dropped bar 26 and what the disconnect missed
    expect(m.wsSent['btcusdt@kline_1m']).toBeGreaterThanOrEqual(15);
    expect(m.requests.filter((r) => r.method === 'WS').length).toBe(2); // connected, then re-connected after the drop
    expect(m.wsMessages.filter((x) => x.includes('SUBSCRIBE')).length).toBe(4); // both streams subscribed again
    expect(events.filter((e) => e.kind === 'backfill').length).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.kind === 'reconnect' || e.kind === 'error')).toBe(true);
    expect(events.filter((e) => e.kind === 'gap')).toEqual([]);
    for (const r of m.requests) { expect(['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/ping', '/api/v3/time'].includes(r.path) || r.method === 'WS').toBe(true); expect(r.authenticated).toBe(false); }
  }, 30_000);
});

describe('replayFeed(bars, options)', () => {
  it('paces bars at interval / speed and yields them in order; parseSpeed bounds 1–1000 or max', async () => {
    const waits: number[] = [];
    const out: number[] = [];
    for await (const b of replayFeed({ BTC: bars('BTC', 6, 1) }, { from: 2, speed: 100, intervalMs: MIN, sleep: async (ms) => { waits.push(ms); } })) out.push((b.BTC.ts - T0) / MIN);
    expect(out).toEqual([2, 3, 4, 5]);
    expect(waits).toEqual([600, 600, 600]);
    expect(parseSpeed('max')).toBe(Infinity);
    expect(parseSpeed('1000')).toBe(1000);
    expect(() => parseSpeed('5000')).toThrow(/--speed: a replay speed from 1 to 1000/);
    expect(() => parseSpeed('fast')).toThrow(/--speed/);
  });
});
