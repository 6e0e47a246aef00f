import { afterEach, describe, expect, it } from 'vitest';
import type { BarSeries } from '@skippy/core';
import { checkBarTrades, connectLiveFeed, liveFeed, startMockExchange, tradesFromBars, watchLiveTrades, withLiveStreams } from '../index.ts';
import type { FeedEvent, MockExchange, MockTrade, TradeBarCheck, TradeSymbolHealth } from '../index.ts';
import { mergeTrades } from '../liveTrades.ts';

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

describe('mergeTrades(list, add)', () => {
  const t = (id: number) => ({ id, ts: id * 10, price: 1, qty: 1 });
  it('inserts a gap\'s trades between the recorded ones, in id order, in place', () => {
    const list = [1, 2, 6, 7].map(t);
    mergeTrades(list, [3, 4, 5].map(t));
    expect(list.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    mergeTrades(list, [8, 9].map(t));
    expect(list.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('never takes an id twice (an overlapping page)', () => {
    const list = [1, 4, 5].map(t);
    mergeTrades(list, [2, 3, 4].map(t));
    expect(list.map((x) => x.id)).toEqual([1, 2, 3, 4, 5]);
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


/** Public endpoints a paper feed may call (nothing private, nothing signed). */
const PUBLIC = ['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/ping', '/api/v3/time', '/api/v3/historicalTrades', '/api/v3/aggTrades'];

interface Run { checks: TradeBarCheck[][]; events: FeedEvent[]; health: TradeSymbolHealth[]; m: MockExchange; trades: Record<string, MockTrade[]>; start: number }

/**
 * A live session on the mock: `symbols` at 1 m, the mock clock 10 s per 15 ms, websocket klines and trades; `before(m, trades, start)`
 * sets faults, `at[n]` runs after the n-th bar's check. Returns the bars' checks (in order), the feed events, the trade health.
 */
async function runLive(symbols: string[], n: number, o: { stream?: 'trade' | 'aggTrade'; before?: (m: MockExchange, trades: Record<string, MockTrade[]>, start: number) => void; at?: Record<number, (m: MockExchange) => void>; maxFailures?: number; backfillMaxTrades?: number }): Promise<Run> {
  const T0 = Date.UTC(2024, 4, 1), start = T0 + 10 * MIN;
  const bars = Object.fromEntries(symbols.map((s, k) => [s, walk(s, [60_000, 3_000][k] ?? 100, n + 20, T0)]));
  const trades = Object.fromEntries(symbols.map((s, k) => [s, tradesFromBars(bars[s], 5_000 + k * 100_000)]));
  mock = await startMockExchange(bars, { now: start + 5_000, trades });
  const m = mock;
  o.before?.(m, trades, start);
  const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, wsUrl: m.wsUrl, websocket: true, symbols, interval: '1m', rateLimit: false });
  const wsOpts = (ex as unknown as { options: { ws?: Record<string, unknown> } }).options;
  wsOpts.ws = { ...wsOpts.ws, backoff: { base: 10, factor: 2, max: 100 } };
  const events: FeedEvent[] = [];
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));
  // settle 10 min of the mock clock: a bar waits for a later trade of every symbol and for the back-fills that touch it
  const timing = { now: () => m.now, sleep, baseBackoffMs: 20, settleMs: 10 * MIN, onEvent: (e: FeedEvent) => events.push(e), ...(o.maxFailures ? { maxFailures: o.maxFailures } : {}) };
  const lt = watchLiveTrades(ex, { ...timing, symbols, markets, intervalMs: MIN, ...(o.stream ? { stream: o.stream } : {}), ...(o.backfillMaxTrades !== undefined ? { backfillMaxTrades: o.backfillMaxTrades } : {}) });
  const checks: TradeBarCheck[][] = [];
  // the clock starts once every trade stream is subscribed (bar 0 is then the only one the stream began inside, however slow the machine)
  const subscribed = () => symbols.every((s) => m.wsMessages.some((x) => x.includes('SUBSCRIBE') && x.includes(`"${s.toLowerCase()}usdt@${o.stream ?? 'trade'}"`)));
  for (let i = 0; i < 1000 && !subscribed(); i++) await new Promise((r) => setTimeout(r, 5));
  const timer = setInterval(() => { m.now = m.now + 10_000; }, 15);
  try {
    const feed = liveFeed(ex, markets, { ...timing, symbols, interval: '1m', intervalMs: MIN, since: start, websocket: true, pollMs: 10 });
    for await (const step of withLiveStreams(feed, { trades: lt }, { intervalMs: MIN, pollMs: 5 })) {
      expect(step.bars[symbols[0]].ts).toBe(start + checks.length * MIN);
      checks.push(step.checks!);
      o.at?.[checks.length]?.(m);
      if (checks.length >= n) break;
    }
  } finally {
    clearInterval(timer);
    lt.stop();
    await ex.close?.();
  }
  const tot = lt.totals();
  expect(tot.checked).toBe(symbols.length * n);
  expect(tot.ok + tot.incomplete + tot.mismatches).toBe(tot.checked);
  // only public market data, never a key or a signature
  for (const r of m.requests) { expect(r.method === 'WS' || PUBLIC.includes(r.path), r.path).toBe(true); expect(r.authenticated).toBe(false); expect(r.query).not.toMatch(/signature|timestamp=/); }
  return { checks, events, health: lt.health(), m, trades, start };
}

const statuses = (r: Run, s: string) => r.checks.map((c) => c.find((x) => x.symbol === s)!.status);
const okBars = (n: number) => ['incomplete', ...Array.from({ length: n - 1 }, () => 'ok')];
const backfills = (r: Run) => r.events.filter((e): e is Extract<FeedEvent, { kind: 'tradeBackfill' }> => e.kind === 'tradeBackfill');
describe('watchLiveTrades on the mock exchange (ccxt watchTrades on <symbol>@trade, back-fill over /api/v3/historicalTrades)', () => {
  it('dropped trade messages are fetched back by id and their bars check ok (not "n trade ids missing"); every id once; only public requests', async () => {
    const N = 10;
    let drops: number[] = [];
    const r = await runLive(['BTC', 'ETH'], N, {
      before: (m, trades, start) => {
        const at = (s: string, ts: number) => trades[s].find((t) => t.ts === ts)!.id;
        // bar 4: BTC's high; bar 6: ETH's high and low (two ids, one gap); bar 7: BTC's close (its last trade: caught by bar 8's first id)
        drops = [at('BTC', start + 4 * MIN + 21_000), at('ETH', start + 6 * MIN + 21_000), at('ETH', start + 6 * MIN + 36_000), at('BTC', start + 7 * MIN + 54_000)];
        m.dropTrades(drops);
      },
    });
    expect(statuses(r, 'BTC')).toEqual(okBars(N));
    expect(statuses(r, 'ETH')).toEqual(okBars(N));
    for (const c of r.checks.flat().filter((x) => x.status === 'ok')) expect([c.trades, c.expected, c.reasons]).toEqual([4, 4, []]);
    const [btc, eth] = r.health;
    expect([btc.backfilled, btc.backfillRequests, btc.missingIds, btc.backfillFailed, btc.duplicates]).toEqual([2, 2, 2, 0, 0]);
    expect([eth.backfilled, eth.backfillRequests, eth.missingIds, eth.backfillFailed, eth.duplicates]).toEqual([2, 1, 2, 0, 0]);
    // the stream sent every trade but the dropped ones; each dropped id asked for once, by id, ≤ the gap's size
    for (const [k, h] of r.health.entries()) expect(h.received).toBe(r.m.wsSent[`${['btc', 'eth'][k]}usdt@trade`]);
    const asked = r.m.requests.filter((q) => q.path === '/api/v3/historicalTrades').map((q) => Object.fromEntries(new URLSearchParams(q.query)));
    expect(asked).toEqual([
      { symbol: 'BTCUSDT', fromId: String(drops[0]), limit: '1' }, { symbol: 'ETHUSDT', fromId: String(drops[1]), limit: '2' }, { symbol: 'BTCUSDT', fromId: String(drops[3]), limit: '1' },
    ]);
    expect(backfills(r).map((e) => [e.symbol, e.fromId, e.toId, e.trades, e.requests, e.ok])).toEqual([['BTC', drops[0], drops[0], 1, 1, true], ['ETH', drops[1], drops[2], 2, 1, true], ['BTC', drops[3], drops[3], 1, 1, true]]);
    expect(r.m.requests.some((q) => q.path === '/api/v3/aggTrades')).toBe(false);
  }, 30_000);

  it('a websocket outage mid-bar: the trades missed meanwhile are back-filled after the reconnect, and the bars around the break check ok instead of incomplete', async () => {
    const N = 10;
    const r = await runLive(['BTC', 'ETH'], N, {
      // after the 4th bar: every socket drops and the exchange refuses connections for 90 s of its clock (≥ 5 trades per symbol missed)
      at: { 4: (m) => { m.downUntil(m.now + 90_000); m.disconnectWs(); } },
    });
    expect(statuses(r, 'BTC')).toEqual(okBars(N));
    expect(statuses(r, 'ETH')).toEqual(okBars(N));
    for (const c of r.checks.flat().filter((x) => x.status === 'ok')) expect([c.trades, c.expected]).toEqual([4, 4]);
    expect(r.events.some((e) => e.kind === 'reconnect' && e.message.startsWith('trades '))).toBe(true);
    const bf = backfills(r);
    for (const [k, h] of r.health.entries()) {
      const s = ['BTC', 'ETH'][k];
      // one gap per symbol: from the last id before the break to the new subscription's first id − 1, all fetched back
      const mine = bf.filter((e) => e.symbol === s);
      expect(mine).toHaveLength(1);
      expect(mine[0].ok).toBe(true);
      expect(mine[0].trades).toBe(mine[0].toId - mine[0].fromId + 1);
      expect(mine[0].trades).toBeGreaterThanOrEqual(5);
      expect([h.backfilled, h.missingIds, h.duplicates, h.backfillFailed, h.backfillRequests]).toEqual([mine[0].trades, mine[0].trades, 0, 0, 1]);
      // stream + REST = every id from the first trade recorded (in bar 0) to the last, once
      const tr = r.trades[s], last = tr.findIndex((t) => t.ts === h.lastTradeTs), first = tr[last - (h.received + h.backfilled) + 1];
      expect(first.ts).toBeGreaterThan(r.start);
      expect(first.ts).toBeLessThan(r.start + MIN);
      expect(h.received).toBe(r.m.wsSent[`${s.toLowerCase()}usdt@trade`]);
    }
  }, 30_000);

  it('the REST back-fill failing maxFailures times, or a gap over the bound: its bar is incomplete (never a mismatch), an event says so, the other bars check ok', async () => {
    const N = 8;
    let drops: number[] = [];
    const r = await runLive(['BTC', 'ETH'], N, {
      maxFailures: 3, backfillMaxTrades: 1,
      before: (m, trades, start) => {
        const at = (s: string, ts: number) => trades[s].find((t) => t.ts === ts)!.id;
        // BTC bar 3: one id, but every back-fill request answers 503; ETH bar 5: two ids, over the bound of 1
        drops = [at('BTC', start + 3 * MIN + 21_000), at('ETH', start + 5 * MIN + 21_000), at('ETH', start + 5 * MIN + 36_000)];
        m.dropTrades(drops);
        m.failTrades(3, 'server_error');
      },
    });
    expect(statuses(r, 'BTC')).toEqual(['incomplete', 'ok', 'ok', 'incomplete', 'ok', 'ok', 'ok', 'ok']);
    expect(statuses(r, 'ETH')).toEqual(['incomplete', 'ok', 'ok', 'ok', 'ok', 'incomplete', 'ok', 'ok']);
    const [btc, eth] = r.health;
    expect([btc.backfilled, btc.backfillRequests, btc.backfillFailed, btc.missingIds]).toEqual([0, 3, 1, 1]);
    expect([eth.backfilled, eth.backfillRequests, eth.backfillFailed, eth.missingIds]).toEqual([0, 0, 1, 2]);
    expect(r.m.requests.filter((q) => q.path === '/api/v3/historicalTrades')).toHaveLength(3);
    expect(r.events.filter((e) => e.kind === 'error' && e.message.startsWith('trade back-fill BTC/USDT: OperationFailed: binance {"code":-1001'))).toHaveLength(3);
    expect(backfills(r).map((e) => [e.symbol, e.fromId, e.toId, e.requests, e.ok])).toEqual([['BTC', drops[0], drops[0], 3, false], ['ETH', drops[1], drops[2], 0, false]]);
    expect(backfills(r).find((e) => e.symbol === 'ETH')!.message).toBe('2 trade ids missing, more than the back-fill bound (1): their bars stay incomplete');
    // the incomplete bars still tell what they saw; the bars after them take their id base from the stream and agree
    expect(r.checks[3].find((c) => c.symbol === 'BTC')).toMatchObject({ status: 'incomplete', trades: 3, expected: 4 });
    for (const c of r.checks.flat().filter((x) => x.status === 'ok')) expect([c.trades, c.expected]).toEqual([4, 4]);
  }, 30_000);
});

describe('watchLiveTrades(ex, { stream: "aggTrade" }) (ccxt watchTrades on <symbol>@aggTrade, back-fill over /api/v3/aggTrades)', () => {
  it('a dropped aggregate and a websocket outage: both gaps fetched back by aggregate id, every bar after the first checks ok', async () => {
    const N = 9;
    let dropped = 0;
    const r = await runLive(['BTC'], N, {
      stream: 'aggTrade',
      before: (m, trades, start) => { dropped = trades.BTC.find((t) => t.ts === start + 2 * MIN + 36_000)!.id; m.dropTrades([dropped]); },
      at: { 5: (m) => { m.downUntil(m.now + 90_000); m.disconnectWs(); } },
    });
    expect(statuses(r, 'BTC')).toEqual(okBars(N));
    for (const c of r.checks.flat().filter((x) => x.status === 'ok')) expect([c.trades, c.expected]).toEqual([4, 4]);
    const bf = backfills(r);
    expect(bf.map((e) => e.ok)).toEqual([true, true]);
    expect([bf[0].fromId, bf[0].toId, bf[0].trades]).toEqual([dropped, dropped, 1]);
    expect(bf[1].trades).toBeGreaterThanOrEqual(5);
    const h = r.health[0];
    expect([h.backfilled, h.missingIds, h.duplicates, h.backfillRequests]).toEqual([1 + bf[1].trades, 1 + bf[1].trades, 0, 2]);
    const asked = r.m.requests.filter((q) => q.path === '/api/v3/aggTrades').map((q) => Object.fromEntries(new URLSearchParams(q.query)));
    expect(asked[0]).toEqual({ symbol: 'BTCUSDT', fromId: String(dropped), limit: '1' });
    expect(asked[1]).toEqual({ symbol: 'BTCUSDT', fromId: String(bf[1].fromId), limit: String(bf[1].trades) });
    expect(r.m.requests.some((q) => q.path === '/api/v3/historicalTrades')).toBe(false);
    expect(r.m.wsMessages.some((x) => x.includes('btcusdt@aggTrade'))).toBe(true);
    expect(r.m.wsMessages.some((x) => x.includes('btcusdt@trade"'))).toBe(false);
  }, 30_000);
});

describe('watchLiveTrades back-fill paging and bounds (a scripted exchange: trades injected at handleTrade, REST answered in process)', () => {
  const price = (id: number) => 100 + (id % 7);
  const tsOf = (id: number) => (id === 1 ? 59_000 : id <= 2502 ? 60_000 + (id - 2) * 20 : 125_000);
  /** A ccxt-shaped exchange: watchTrades never answers (trades come through handleTrade), fetch serves historicalTrades pages of ids ≤ `lastRest` once `gate` opens. */
  function scripted(lastRest: number) {
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => { open = r; });
    const urls: string[] = [];
    const ex = {
      id: 'scripted', has: { watchTrades: true }, markets: { 'BTC/USDT': { id: 'BTCUSDT' } }, urls: { api: { public: 'http://127.0.0.1:9/api/v3' } }, enableRateLimit: false,
      loadMarkets: () => Promise.resolve({}), fetchOHLCV: () => Promise.resolve([]),
      watchTrades: () => new Promise(() => {}),
      handleTrade: () => undefined,
      fetch: async (url: string) => {
        urls.push(url);
        await gate;
        const q = new URL(url).searchParams, from = Number(q.get('fromId')), limit = Number(q.get('limit'));
        const rows = [];
        for (let id = from; id < from + limit && id <= lastRest; id++) rows.push({ id, price: String(price(id)), qty: '0.5', quoteQty: '0', time: tsOf(id), isBuyerMaker: false, isBestMatch: true });
        return rows;
      },
    };
    const send = (id: number) => (ex.handleTrade as (c: unknown, m: Record<string, unknown>) => unknown)(null, { e: 'trade', s: 'BTCUSDT', t: id, T: tsOf(id), p: String(price(id)), q: '0.5' });
    return { ex: ex as unknown as Parameters<typeof watchLiveTrades>[0], urls, send, open: () => open() };
  }
  const until = async (f: () => boolean) => { for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 2)); };
  // bar 1 = [60 000, 120 000): ids 2 … 2502 (2,500 of them lost on the stream), its kline built from those trades
  const bar1 = () => {
    let hi = -Infinity, lo = Infinity;
    for (let id = 2; id <= 2502; id++) { hi = Math.max(hi, price(id)); lo = Math.min(lo, price(id)); }
    return { ts: 60_000, open: price(2), high: hi, low: lo, close: price(2502), volume: 2501 * 0.5 };
  };

  it('a 2,500-id gap: three pages (1000, 1000, 500) from its first id; the bar waits while they are in flight, then checks ok with all 2,501 trades', async () => {
    const s = scripted(10_000), events: FeedEvent[] = [];
    const lt = watchLiveTrades(s.ex, { symbols: ['BTC'], markets: ['BTC/USDT'], intervalMs: MIN, now: () => 130_000, settleMs: 10 * MIN, onEvent: (e) => events.push(e) });
    s.send(1); s.send(2502); s.send(2503);
    expect(lt.ready(2 * MIN)).toBe(false); // the gap holds bar 1 although a later trade arrived
    s.open();
    await until(() => lt.health()[0].backfilled === 2500 && lt.ready(2 * MIN));
    expect(lt.ready(2 * MIN)).toBe(true);
    expect(s.urls.map((u) => new URL(u).search)).toEqual(['?symbol=BTCUSDT&fromId=2&limit=1000', '?symbol=BTCUSDT&fromId=1002&limit=1000', '?symbol=BTCUSDT&fromId=2002&limit=500']);
    expect(lt.health()[0]).toMatchObject({ received: 3, missingIds: 2500, backfilled: 2500, backfillRequests: 3, backfillFailed: 0 });
    expect(lt.check({ BTC: { ts: 0, open: price(1), high: price(1), low: price(1), close: price(1), volume: 0.5 } })[0].status).toBe('incomplete');
    expect(lt.check({ BTC: bar1() })[0]).toEqual({ symbol: 'BTC', ts: 60_000, status: 'ok', trades: 2501, expected: 2501, volume: 1250.5, reasons: [] });
    expect(events.filter((e) => e.kind === 'tradeBackfill')).toEqual([{ kind: 'tradeBackfill', at: 130_000, symbol: 'BTC', fromId: 2, toId: 2501, trades: 2500, requests: 3, ok: true, message: '2500 trades back-filled over REST' }]);
    lt.stop();
  });

  it('REST missing the gap\'s tail (ids past 1500): the pages stop there, maxFailures empty answers give the gap up, the bar is incomplete', async () => {
    const s = scripted(1500), events: FeedEvent[] = [];
    const lt = watchLiveTrades(s.ex, { symbols: ['BTC'], markets: ['BTC/USDT'], intervalMs: MIN, now: () => 130_000, settleMs: 10 * MIN, maxFailures: 2, sleep: () => Promise.resolve(), onEvent: (e) => events.push(e) });
    s.send(1); s.send(2502); s.send(2503);
    s.open();
    await until(() => lt.health()[0].backfillFailed === 1);
    expect(lt.health()[0]).toMatchObject({ backfilled: 1499, backfillRequests: 4, backfillFailed: 1 });
    expect(s.urls.map((u) => new URL(u).searchParams.get('fromId'))).toEqual(['2', '1002', '1501', '1501']);
    expect(lt.ready(2 * MIN)).toBe(true); // a given-up gap holds nothing
    lt.check({ BTC: { ts: 0, open: price(1), high: price(1), low: price(1), close: price(1), volume: 0.5 } });
    expect(lt.check({ BTC: bar1() })[0]).toMatchObject({ status: 'incomplete', trades: 1500 }); // ids 2 … 1500 back-filled, 2502 from the stream
    expect(events.filter((e) => e.kind === 'tradeBackfill')).toEqual([expect.objectContaining({ fromId: 1501, toId: 2501, trades: 0, requests: 4, ok: false, message: 'REST has no trade from id 1501' })]);
    lt.stop();
  });

  it('a gap over backfillMaxTrades is given up at once (no request); the bars after it check normally', async () => {
    const s = scripted(10_000), events: FeedEvent[] = [];
    const lt = watchLiveTrades(s.ex, { symbols: ['BTC'], markets: ['BTC/USDT'], intervalMs: MIN, now: () => 130_000, settleMs: 10 * MIN, backfillMaxTrades: 2499, onEvent: (e) => events.push(e) });
    s.send(1); s.send(2502); s.send(2503);
    await until(() => lt.health()[0].backfillFailed === 1);
    expect(s.urls).toEqual([]);
    expect(lt.ready(2 * MIN)).toBe(true);
    expect(events.filter((e) => e.kind === 'tradeBackfill').map((e) => e.kind === 'tradeBackfill' && e.message)).toEqual(['2500 trade ids missing, more than the back-fill bound (2499): their bars stay incomplete']);
    lt.check({ BTC: { ts: 0, open: price(1), high: price(1), low: price(1), close: price(1), volume: 0.5 } });
    expect(lt.check({ BTC: bar1() })[0]).toMatchObject({ status: 'incomplete', trades: 1 });
    // bar 2 [120 000, 180 000): id 2503 after 2502 — complete
    expect(lt.check({ BTC: { ts: 120_000, open: price(2503), high: price(2503), low: price(2503), close: price(2503), volume: 0.5 } })[0]).toMatchObject({ status: 'ok', trades: 1, expected: 1 });
    lt.stop();
  });
});
