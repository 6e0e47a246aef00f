import { afterEach, describe, expect, it } from 'vitest';
import type { BarSeries } from '@skippy/core';
import { checkBarTrades, connectLiveFeed, liveFeed, startMockExchange, tradesFromBars, watchLiveTrades, withLiveStreams } from '../index.ts';
import type { FeedEvent, MockExchange, TradeBarCheck } from '../index.ts';

const MIN = 60_000;
let mock: MockExchange | null = null;
afterEach(async () => { await mock?.close(); mock = null; });

describe('checkBarTrades(symbol, bar, trades, lastIdBefore, covered)', () => {
  const bar = { ts: 0, open: 100, high: 103, low: 99, close: 101, volume: 6 };
  const trades = [{ id: 11, ts: 1, price: 100, qty: 1 }, { id: 12, ts: 2, price: 103, qty: 2 }, { id: 13, ts: 3, price: 99, qty: 0.5 }, { id: 14, ts: 4, price: 101, qty: 2.5 }];
  it('agrees field by field: first / max / min / last price, Σ qty = volume, ids 10 → 14 = 4 trades', () => {
    expect(checkBarTrades('BTC', bar, trades, 10, true)).toEqual({ symbol: 'BTC', ts: 0, status: 'ok', trades: 4, expected: 4, volume: 6, reasons: [] });
  });
  it('a dropped trade (id 12: the high, 2 of the volume) is named three ways', () => {
    const c = checkBarTrades('BTC', bar, trades.filter((t) => t.id !== 12), 10, true);
    expect(c.status).toBe('mismatch');
    expect(c.reasons).toEqual(['1 trade id missing (3 seen of 4)', 'volume 6 vs 4 traded', 'high 103 vs max trade 101']);
  });
  it('the last trade of the bar dropped: the ids cannot tell (no later id yet), the close and the volume do', () => {
    const c = checkBarTrades('BTC', bar, trades.slice(0, 3), 10, true);
    expect(c.expected).toBe(3);
    expect(c.reasons).toEqual(['volume 6 vs 3.5 traded', 'close 101 vs last trade 99']);
  });
  it('a bar the stream did not cover is incomplete, never a mismatch; a bar without trades must have no volume', () => {
    expect(checkBarTrades('BTC', bar, [], null, false).status).toBe('incomplete');
    expect(checkBarTrades('BTC', { ...bar, volume: 0 }, [], 14, true).status).toBe('ok');
    expect(checkBarTrades('BTC', bar, [], 14, true).reasons).toEqual(['volume 6 vs 0 traded']);
  });
});

describe('tradesFromBars(bars)', () => {
  it('four trades per bar that rebuild its open, high, low, close and volume', () => {
    const b: BarSeries = { symbol: 'X', intervalMs: MIN, ts: Float64Array.of(0, MIN), open: Float64Array.of(10, 11), high: Float64Array.of(12, 11.5), low: Float64Array.of(9, 10.5), close: Float64Array.of(11, 11.2), volume: Float64Array.of(0.3, 0) };
    const t = tradesFromBars(b, 7);
    expect(t.map((x) => [x.id, x.ts, x.price])).toEqual([[7, 6000, 10], [8, 21000, 12], [9, 36000, 9], [10, 54000, 11]]);
    expect(checkBarTrades('X', { ts: 0, open: 10, high: 12, low: 9, close: 11, volume: 0.3 }, t, 6, true).status).toBe('ok');
  });
});

function walk(symbol: string, p0: number, n: number, t0: number): BarSeries {
  const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let p = p0;
  for (let i = 0; i < n; i++) {
    ts[i] = t0 + i * MIN; open[i] = p; p = Math.round(p * (1 + 0.002 * Math.sin(i * 0.7 + p0)) * 100) / 100; close[i] = p;
    high[i] = Math.round(Math.max(open[i], p) * 1.0004 * 100) / 100; low[i] = Math.round(Math.min(open[i], p) * 0.9996 * 100) / 100; volume[i] = 1.25 + (i % 7) * 0.37;
  }
  return { symbol, intervalMs: MIN, ts, open, high, low, close, volume };
}

describe('watchLiveTrades on the mock exchange (ccxt watchTrades on <symbol>@trade)', () => {
  it('every trade counted once; each closed bar agrees with its trades; a dropped trade message is flagged on its bar; a websocket drop makes bars incomplete, not wrong; only public endpoints', async () => {
    const T0 = Date.UTC(2024, 4, 1), n = 60;
    const bars = { BTC: walk('BTC', 60_000, n, T0), ETH: walk('ETH', 3_000, n, T0) };
    const trades = { BTC: tradesFromBars(bars.BTC, 5_000), ETH: tradesFromBars(bars.ETH, 9_000) };
    const start = T0 + 10 * MIN;
    mock = await startMockExchange(bars, { now: start + 5_000, trades });
    const m = mock;
    // bar 8 of the session (open start + 8 min): BTC's trade at its high never reaches the client
    const dropped = trades.BTC.find((t) => t.ts === start + 8 * MIN + 21_000)!;
    m.dropTrades([dropped.id]);
    const symbols = ['BTC', 'ETH'];
    const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, wsUrl: m.wsUrl, websocket: true, symbols, interval: '1m', rateLimit: false });
    const opts = (ex as unknown as { options: { ws?: Record<string, unknown> } }).options;
    opts.ws = { ...opts.ws, backoff: { base: 10, factor: 2, max: 100 } };
    const events: FeedEvent[] = [];
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));
    const timing = { now: () => m.now, sleep, baseBackoffMs: 20, settleMs: 120_000, onEvent: (e: FeedEvent) => events.push(e) };
    const lt = watchLiveTrades(ex, { ...timing, symbols, markets, intervalMs: MIN });
    const N = 24;
    const checks: TradeBarCheck[][] = [];
    const timer = setInterval(() => { m.now = m.now + 10_000; }, 15);
    try {
      const feed = liveFeed(ex, markets, { ...timing, symbols, interval: '1m', intervalMs: MIN, since: start, websocket: true, pollMs: 10 });
      for await (const step of withLiveStreams(feed, { trades: lt }, { intervalMs: MIN, pollMs: 5 })) {
        expect(step.bars.BTC.ts).toBe(start + checks.length * MIN);
        checks.push(step.checks!);
        if (checks.length === 14) m.disconnectWs();
        if (checks.length >= N) break;
      }
    } finally {
      clearInterval(timer);
      lt.stop();
    }
    const flat = checks.flat();
    const status = (s: string) => checks.map((c) => c.find((x) => x.symbol === s)!.status);
    // bar 0: the subscription began inside it (incomplete); the dropped trade's bar is the only mismatch
    expect(status('BTC')[0]).toBe('incomplete');
    const bad = flat.filter((c) => c.status === 'mismatch');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ symbol: 'BTC', ts: start + 8 * MIN, trades: 3, expected: 4 });
    expect(bad[0].reasons[0]).toBe('1 trade id missing (3 seen of 4)');
    expect(bad[0].reasons).toContain(`high ${bars.BTC.high[18]} vs max trade ${Math.max(bars.BTC.open[18], bars.BTC.low[18], bars.BTC.close[18])}`);
    expect(events.some((e) => e.kind === 'reconnect' && e.message.startsWith('trades '))).toBe(true);
    // around the drop a few bars are incomplete (never "mismatch"); the rest agree with their 4 trades exactly
    const incomplete = flat.filter((c) => c.status === 'incomplete');
    expect(incomplete.length).toBeLessThanOrEqual(2 * 5);
    for (const c of flat.filter((x) => x.status === 'ok')) { expect(c.trades).toBe(4); expect(c.expected === null || c.expected === 4).toBe(true); }
    expect(flat.filter((c) => c.status === 'ok').length).toBeGreaterThanOrEqual(2 * N - 1 - 10);
    expect(status('ETH').slice(1, 14).every((x) => x === 'ok')).toBe(true);
    expect(status('BTC').slice(1, 14).filter((x) => x !== 'ok')).toEqual(['mismatch']);
    const tot = lt.totals();
    expect(tot).toMatchObject({ checked: 2 * N, mismatches: 1, error: null });
    expect(tot.ok + tot.incomplete + tot.mismatches).toBe(2 * N);
    // every trade the mock sent on the stream was recorded once: received = sent, no duplicates; the dropped id is counted missing
    const h = lt.health();
    for (const s of symbols) {
      const hs = h.find((x) => x.symbol === s)!;
      expect(hs.duplicates).toBe(0);
      expect(hs.received).toBe(m.wsSent[`${s.toLowerCase()}usdt@trade`]);
      expect(hs.perMinute).toBeGreaterThan(0);
    }
    expect(h.find((x) => x.symbol === 'BTC')!.missingIds).toBeGreaterThanOrEqual(1);
    expect(m.wsMessages.some((x) => x.includes('SUBSCRIBE') && x.includes('btcusdt@trade'))).toBe(true);
    for (const r of m.requests) { expect(['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/ping', '/api/v3/time'].includes(r.path) || r.method === 'WS').toBe(true); expect(r.authenticated).toBe(false); }
    await ex.close?.();
  }, 60_000);
});

describe('watchLiveTrades(ex, { stream: "aggTrade" }) (ccxt watchTrades on <symbol>@aggTrade)', () => {
  it('the aggregate stream: aggregate ids consecutive, every covered bar agrees with its trades', async () => {
    const T0 = Date.UTC(2024, 4, 2), n = 30;
    const bars = { BTC: walk('BTC', 61_000, n, T0) };
    const start = T0 + 5 * MIN;
    mock = await startMockExchange(bars, { now: start + 5_000, trades: { BTC: tradesFromBars(bars.BTC, 77) } });
    const m = mock;
    const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, wsUrl: m.wsUrl, websocket: true, symbols: ['BTC'], interval: '1m', rateLimit: false });
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));
    const timing = { now: () => m.now, sleep, baseBackoffMs: 20, settleMs: 120_000 };
    const lt = watchLiveTrades(ex, { ...timing, symbols: ['BTC'], markets, intervalMs: MIN, stream: 'aggTrade' });
    const got: TradeBarCheck[] = [];
    const timer = setInterval(() => { m.now = m.now + 10_000; }, 15);
    try {
      const feed = liveFeed(ex, markets, { ...timing, symbols: ['BTC'], interval: '1m', intervalMs: MIN, since: start, websocket: true, pollMs: 10 });
      for await (const step of withLiveStreams(feed, { trades: lt }, { intervalMs: MIN, pollMs: 5 })) if (got.push(...step.checks!) >= 8) break;
    } finally {
      clearInterval(timer);
      lt.stop();
      await ex.close?.();
    }
    expect(got.map((c) => c.status)).toEqual(['incomplete', ...Array.from({ length: 7 }, () => 'ok')]);
    expect(got.slice(2).every((c) => c.expected === 4 && c.trades === 4)).toBe(true);
    expect(m.wsMessages.some((x) => x.includes('btcusdt@aggTrade'))).toBe(true);
    expect(m.wsMessages.some((x) => x.includes('btcusdt@trade"'))).toBe(false);
  }, 30_000);
});
