/**
 * The live paper feed: closed bars polled from an exchange's public REST API through ccxt. The exchange
 * client is built WITHOUT credentials (no apiKey, no secret; nothing reads an environment variable) and
 * every private or trading method on it is replaced by one that throws (`publicOnly`), and its request
 * function refuses anything signed — there is no path from here to a real order.
 *
 * Polling: after bar t's close (+ `settleMs`) each symbol's klines from t are fetched; a bar is
 * delivered when every symbol has it and it is closed. A network failure is a reconnect (retried with
 * backoff, `reconnect` events); an exchange error is retried the same way (`error` events); after a
 * downtime the next poll asks from the last delivered bar, so the missed bars arrive in order (a
 * `backfill` event with their count). A bar missing for a symbol while later bars exist is asked for
 * again once (a dropped sequence); still missing, it is a gap (`gap` event) and the feed moves on.
 * Websocket (`websocket: true`, when the exchange offers watchOHLCV through ccxt pro): klines arrive on
 * the stream; a bar is closed once a later bar of its symbol arrived or its close (+ settleMs) has passed;
 * a bar missing from the stream while later ones arrived (a dropped message sequence, or a disconnect —
 * ccxt reconnects on the next watch) is back-filled over REST, and only a bar REST does not have either
 * is a gap.
 */
import { UserInputError } from '@skippy/core';
import type { PaperBar } from '@skippy/core/paper';

/** What the feed reports besides bars (for the feed-health view). */
export type FeedEvent =
  | { kind: 'poll'; at: number; bars: number }
  | { kind: 'reconnect'; at: number; attempt: number; message: string }
  | { kind: 'error'; at: number; attempt: number; message: string }
  | { kind: 'backfill'; at: number; bars: number; fromTs: number }
  | { kind: 'gap'; at: number; fromTs: number; bars: number; symbols: string[] }
  /** A closed bar that disagrees with the public trades seen in its interval (io liveTrades). */
  | { kind: 'mismatch'; at: number; symbol: string; fromTs: number; message: string }
  /** Trade ids the trade stream skipped, fetched over public REST (ok) or given up (their bars stay incomplete) (io liveTrades). */
  | { kind: 'tradeBackfill'; at: number; symbol: string; fromId: number; toId: number; trades: number; requests: number; ok: boolean; message: string };

/** Clock, sleep and retry settings shared by the live bar feed and the live order books. */
export interface LiveTiming {
  /** Exchange clock. @default Date.now */
  now?: () => number;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Wait after a bar's close before asking for it / before its book is final. @default 2000 */
  settleMs?: number;
  /** Backoff after the n-th consecutive failure: min(maxBackoffMs, baseBackoffMs · 2^(n−1)). @default 1000, 30000 */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive failures after which the stream gives up (throws); with the default backoff ≈ 1 hour. @default 120 */
  maxFailures?: number;
}

/** liveTiming(options) – the settings of {@link LiveTiming} with their defaults, and the backoff after n failures. */
export function liveTiming(o: LiveTiming) {
  const base = o.baseBackoffMs ?? 1000, maxB = o.maxBackoffMs ?? 30_000;
  return {
    now: o.now ?? Date.now,
    sleep: o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    settle: o.settleMs ?? 2000,
    base, maxB,
    maxFail: o.maxFailures ?? 120,
    backoff: (failures: number) => Math.min(maxB, base * 2 ** (failures - 1)),
  };
}

export interface LiveFeedOptions extends LiveTiming {
  /** ccxt exchange id. @default binance */
  exchange?: string;
  /** Base URL replacing every REST root of the exchange (a local mock exchange in tests). */
  apiUrl?: string;
  /** The run's symbols (base assets) and their quote (BTC → BTC/USDT). */
  symbols: string[];
  quote?: string;
  /** ccxt timeframe, e.g. 1m. */
  interval: string;
  intervalMs: number;
  /** Open time of the first bar wanted. */
  since: number;
  onEvent?: (e: FeedEvent) => void;
  signal?: { readonly aborted: boolean };
  /** Use the exchange's kline websocket (ccxt pro watchOHLCV) when it has one; REST back-fills. @default false */
  websocket?: boolean;
  /** Websocket mode: how often the merger re-checks closes and back-fills (real ms). @default 1000 */
  pollMs?: number;
}

/** The part of a ccxt exchange the feed uses. */
export interface PublicExchange {
  id: string;
  timeframes?: Record<string, unknown>;
  markets?: Record<string, unknown>;
  loadMarkets(): Promise<Record<string, unknown>>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<number[][]>;
  watchOHLCV?(symbol: string, timeframe: string): Promise<number[][]>;
  has?: Record<string, unknown>;
  close?(): Promise<void>;
}

/** Private / trading methods of a ccxt exchange (the unified ones; the implicit API ones are matched by prefix). */
const PRIVATE_METHODS = ['createOrder', 'createOrders', 'editOrder', 'cancelOrder', 'cancelOrders', 'cancelAllOrders', 'fetchBalance', 'fetchOrder', 'fetchOrders', 'fetchOpenOrders',
  'fetchClosedOrders', 'fetchMyTrades', 'fetchPositions', 'fetchPosition', 'withdraw', 'transfer', 'fetchDepositAddress', 'fetchDeposits', 'fetchWithdrawals', 'fetchLedger',
  'setLeverage', 'setMarginMode', 'createMarketOrder', 'createLimitOrder', 'createMarketBuyOrder', 'createMarketSellOrder', 'createLimitBuyOrder', 'createLimitSellOrder',
  'createStopOrder', 'createOrderWs', 'watchBalance', 'watchOrders', 'watchMyTrades', 'watchPositions'];
const PRIVATE_PREFIX = /^(private|sapi|fapiPrivate|dapiPrivate|eapiPrivate|papi|v1Private|v2Private|v3Private|spotPrivate|swapPrivate)/;

/**
 * publicOnly(exchange) – every private / trading method of the instance throws, and its request function
 * refuses a signed request or one carrying an API key. Returns the names disabled.
 */
export function publicOnly(ex: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (let o: object | null = ex; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) if (PRIVATE_METHODS.includes(k) || PRIVATE_PREFIX.test(k)) names.add(k);
  }
  for (const k of names) {
    Object.defineProperty(ex, k, { value: () => { throw new Error(`paper mode: ${k} is disabled (no private or trading endpoint is ever called)`); }, writable: false, configurable: false });
  }
  const fetch = ex.fetch as ((url: string, method?: string, headers?: Record<string, string>, body?: unknown) => Promise<unknown>) | undefined;
  if (typeof fetch === 'function') {
    const inner = fetch.bind(ex);
    ex.fetch = (url: string, method?: string, headers?: Record<string, string>, body?: unknown) => {
      const h = Object.keys(headers ?? {}).map((x) => x.toLowerCase());
      if (/[?&]signature=/.test(url) || h.some((x) => x.includes('apikey') || x === 'authorization')) return Promise.reject(new Error(`paper mode: refused a signed request to ${url.split('?')[0]}`));
      return inner(url, method, headers, body);
    };
  }
  return [...names].sort();
}

/** createPublicExchange(id, apiUrl) – a ccxt exchange with no credentials, spot markets only, publicOnly. */
export async function createPublicExchange(id: string, apiUrl?: string, options: { rateLimit?: boolean; websocket?: boolean; wsUrl?: string } = {}): Promise<PublicExchange> {
  const ccxt = (await import('ccxt')) as unknown as { default?: Record<string, unknown> } & Record<string, unknown>;
  const root = (ccxt.default ?? ccxt) as Record<string, unknown>;
  const pro = root.pro as Record<string, unknown> | undefined;
  // ccxt pro classes extend the REST ones (same public REST methods, plus watch*)
  const ns = options.websocket && pro && Object.hasOwn(pro, id) ? pro : root;
  const Ctor = Object.hasOwn(ns, id) ? (ns[id] as (new (config: Record<string, unknown>) => Record<string, unknown>) | undefined) : undefined;
  if (typeof Ctor !== 'function' || !/^[a-z0-9]+$/.test(id)) throw new UserInputError('--exchange', 'a ccxt exchange id (e.g. binance)', id);
  // no apiKey / secret / password / uid: the client cannot sign anything
  const ex = new Ctor({ enableRateLimit: options.rateLimit ?? true, timeout: 10_000, options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false, adjustForTimeDifference: false } });
  if (apiUrl) {
    const base = apiUrl.replace(/\/+$/, '');
    const api = (ex.urls as { api: Record<string, unknown> }).api;
    for (const [k, v] of Object.entries(api)) if (typeof v === 'string') api[k] = base + new URL(v).pathname;
  }
  if (options.wsUrl) {
    const api = (ex.urls as { api: Record<string, unknown> }).api;
    const ws = api.ws;
    if (ws && typeof ws === 'object') for (const [k, v] of Object.entries(ws as Record<string, unknown>)) if (typeof v === 'string') (ws as Record<string, unknown>)[k] = options.wsUrl;
    // ccxt refuses a plain ws:// URL (a local mock exchange) until its http agent is loaded
    const load = (ex as { loadHttpProxyAgent?: () => Promise<unknown> }).loadHttpProxyAgent;
    if (options.wsUrl.startsWith('ws://') && typeof load === 'function') await load.call(ex);
  }
  publicOnly(ex);
  return ex as unknown as PublicExchange;
}

const errName = (e: unknown) => (e instanceof Error ? e.constructor.name : 'Error');
const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
const NETWORK = new Set(['NetworkError', 'RequestTimeout', 'ExchangeNotAvailable', 'DDoSProtection', 'RateLimitExceeded', 'OnMaintenance', 'InvalidNonce', 'TypeError', 'FetchError']);

/**
 * connectLiveFeed(options) – the exchange, checked: reachable (an unreachable one is a UserInputError
 * naming the URL), listing every symbol and the interval. Returns the exchange and the market names.
 */
export async function connectLiveFeed(options: Pick<LiveFeedOptions, 'exchange' | 'apiUrl' | 'symbols' | 'quote' | 'interval' | 'websocket'> & { rateLimit?: boolean; wsUrl?: string }): Promise<{ ex: PublicExchange; markets: string[] }> {
  const id = options.exchange ?? 'binance';
  const ex = await createPublicExchange(id, options.apiUrl, { rateLimit: options.rateLimit ?? true, websocket: options.websocket ?? false, ...(options.wsUrl ? { wsUrl: options.wsUrl } : {}) });
  try {
    await ex.loadMarkets();
  } catch (e) {
    throw new UserInputError(options.apiUrl ? '--exchange-url' : '--exchange', `a reachable ${id} API`, options.apiUrl ?? id, `${errName(e)}: ${errMsg(e)}`);
  }
  const markets = options.symbols.map((s) => `${s}/${options.quote ?? 'USDT'}`);
  for (const m of markets) if (!ex.markets || !Object.hasOwn(ex.markets, m)) throw new UserInputError('feed symbols', `markets of the run's symbols listed on ${id}`, m);
  if (ex.timeframes && !Object.hasOwn(ex.timeframes, options.interval)) throw new UserInputError('feed interval', `the run's interval offered by ${id} (${Object.keys(ex.timeframes).join(', ')})`, options.interval);
  return { ex, markets };
}

/** liveFeed(ex, markets, options) – closed bars per symbol from `since`, as the file comment describes. */
export async function* liveFeed(ex: PublicExchange, markets: string[], options: LiveFeedOptions): AsyncGenerator<Record<string, PaperBar>> {
  if (options.websocket && ex.has?.watchOHLCV && typeof ex.watchOHLCV === 'function') { yield* wsFeed(ex, markets, options); return; }
  const { symbols, intervalMs, interval } = options;
  const { now, sleep, settle, base, maxB, maxFail, backoff } = liveTiming(options);
  const emit = options.onEvent ?? (() => {});
  let next = options.since, failures = 0;
  const fetchAll = async (from: number): Promise<Map<number, PaperBar>[] | null> => {
    try {
      const out: Map<number, PaperBar>[] = [];
      for (const m of markets) {
        const rows = await ex.fetchOHLCV(m, interval, from, 1000);
        const map = new Map<number, PaperBar>();
        const t = now();
        for (const r of rows) if (r[0] >= from && r[0] + intervalMs <= t) map.set(r[0], { ts: r[0], open: Number(r[1]), high: Number(r[2]), low: Number(r[3]), close: Number(r[4]), volume: Number(r[5]) });
        out.push(map);
      }
      failures = 0;
      return out;
    } catch (e) {
      if (errName(e) === 'BadSymbol') throw new UserInputError('feed symbols', `markets listed on ${ex.id}`, markets.join(', '));
      failures++;
      const network = NETWORK.has(errName(e));
      emit({ kind: network ? 'reconnect' : 'error', at: now(), attempt: failures, message: `${errName(e)}: ${errMsg(e)}` });
      if (failures >= maxFail) throw new Error(`${ex.id}: ${failures} failed requests in a row; last ${errName(e)}: ${errMsg(e)}`, { cause: e });
      await sleep(backoff(failures));
      return null;
    }
  };
  let retried = -1;
  while (!options.signal?.aborted) {
    const wait = next + intervalMs + settle - now();
    if (wait > 0) { await sleep(wait); continue; }
    const maps = await fetchAll(next);
    if (!maps) continue;
    const latest = Math.max(...maps.map((m) => (m.size ? Math.max(...m.keys()) : -Infinity)));
    emit({ kind: 'poll', at: now(), bars: maps.reduce((a, m) => a + m.size, 0) });
    if (!(latest >= next)) { await sleep(Math.min(maxB, Math.max(base, intervalMs / 10))); continue; } // nothing closed yet
    const fromTs = next;
    let delivered = 0;
    for (let t = next; t <= latest; t += intervalMs) {
      const missing = symbols.filter((_, k) => !maps[k].has(t));
      if (missing.length) {
        if (retried !== t) { retried = t; break; } // a dropped sequence: ask again from t once
        // still missing with later bars present: a gap; move on to the next bar every symbol has
        let u = t + intervalMs;
        while (u <= latest && symbols.some((_, k) => !maps[k].has(u))) u += intervalMs;
        emit({ kind: 'gap', at: now(), fromTs: t, bars: (u - t) / intervalMs, symbols: missing });
        next = u;
        t = u - intervalMs;
        continue;
      }
      yield Object.fromEntries(symbols.map((s, k) => [s, maps[k].get(t)!]));
      delivered++;
      next = t + intervalMs;
      if (options.signal?.aborted) return;
    }
    if (delivered > 1) emit({ kind: 'backfill', at: now(), bars: delivered, fromTs });
  }
}

/** recentBars(ex, markets, options) – the last `count` closed bars per symbol before `until` (the warm-up of a live session), on common times. */
export async function recentBars(ex: PublicExchange, markets: string[], symbols: string[], interval: string, intervalMs: number, count: number, until: number): Promise<Record<string, PaperBar[]>> {
  const from = until - count * intervalMs;
  const per = await Promise.all(markets.map(async (m) => {
    const out = new Map<number, PaperBar>();
    let since = from;
    while (since < until) {
      const rows = await ex.fetchOHLCV(m, interval, since, 1000);
      if (rows.length === 0) break;
      for (const r of rows) if (r[0] < until && r[0] >= from) out.set(r[0], { ts: r[0], open: Number(r[1]), high: Number(r[2]), low: Number(r[3]), close: Number(r[4]), volume: Number(r[5]) });
      const last = rows[rows.length - 1][0];
      if (last + intervalMs <= since) break;
      since = last + intervalMs;
    }
    return out;
  }));
  const common = [...per[0].keys()].filter((t) => per.every((m) => m.has(t))).sort((a, b) => a - b);
  return Object.fromEntries(symbols.map((s, k) => [s, common.map((t) => per[k].get(t)!)]));
}

const toBar = (r: number[]): PaperBar => ({ ts: r[0], open: Number(r[1]), high: Number(r[2]), low: Number(r[3]), close: Number(r[4]), volume: Number(r[5]) });

/** The websocket mode of liveFeed (see the file comment). */
async function* wsFeed(ex: PublicExchange, markets: string[], options: LiveFeedOptions): AsyncGenerator<Record<string, PaperBar>> {
  const { symbols, intervalMs: iv, interval } = options;
  const { now, sleep, settle, maxFail, backoff } = liveTiming(options);
  const pollMs = options.pollMs ?? 1000;
  const emit = options.onEvent ?? (() => {});
  const bars = markets.map(() => new Map<number, PaperBar>());
  const latest = markets.map(() => -Infinity);
  let next = options.since, stop = false, fatal: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  const watchers = markets.map(async (m, k) => {
    let failures = 0;
    while (!stop && !options.signal?.aborted) {
      try {
        const rows = await ex.watchOHLCV!(m, interval);
        failures = 0;
        for (const r of rows) {
          if (r[0] < next) continue;
          bars[k].set(r[0], toBar(r));
          if (r[0] > latest[k]) latest[k] = r[0];
        }
        emit({ kind: 'poll', at: now(), bars: rows.length });
        notify();
      } catch (e) {
        if (stop) return;
        if (errName(e) === 'BadSymbol') { fatal = new UserInputError('feed symbols', `markets listed on ${ex.id}`, m); notify(); return; }
        failures++;
        // ccxt keeps a client closed by the server (code 1006) with its error set: drop it so the next watch reconnects and re-subscribes
        const clients = (ex as { clients?: Record<string, { error?: unknown }> }).clients;
        if (clients) for (const [u, c] of Object.entries(clients)) if (c && c.error !== undefined) delete clients[u];
        emit({ kind: NETWORK.has(errName(e)) ? 'reconnect' : 'error', at: now(), attempt: failures, message: `websocket ${m}: ${errName(e)}: ${errMsg(e)}` });
        if (failures >= maxFail) { fatal = new Error(`${ex.id}: ${failures} websocket failures in a row; last ${errName(e)}: ${errMsg(e)}`, { cause: e }); notify(); return; }
        await sleep(backoff(failures));
      }
    }
  });
  /** Bar t of symbol k is final: a later bar of k arrived, or its close (+ settle) has passed. */
  const closed = (k: number, t: number) => latest[k] > t || t + iv + settle <= now();
  try {
    while (!options.signal?.aborted) {
      if (fatal) throw fatal;
      // deliver every bar all symbols have closed; back-fill over REST what the stream missed
      for (;;) {
        if (markets.every((_, k) => bars[k].has(next) && closed(k, next))) {
          const out = Object.fromEntries(symbols.map((s, k) => { const b = bars[k].get(next)!; bars[k].delete(next); return [s, b]; }));
          next += iv;
          yield out;
          if (options.signal?.aborted) return;
          continue;
        }
        const missing = markets.map((_, k) => k).filter((k) => !bars[k].has(next) && (latest[k] > next || next + iv + settle <= now()));
        if (missing.length === 0) break;
        const fromTs = next;
        let added = 0;
        try {
          for (const k of missing) {
            const rows = await ex.fetchOHLCV(markets[k], interval, next, 1000);
            for (const r of rows) if (r[0] >= next && r[0] + iv <= now() && !bars[k].has(r[0])) { bars[k].set(r[0], toBar(r)); added++; if (r[0] > latest[k]) latest[k] = r[0]; }
          }
        } catch (e) {
          emit({ kind: NETWORK.has(errName(e)) ? 'reconnect' : 'error', at: now(), attempt: 1, message: `back-fill: ${errName(e)}: ${errMsg(e)}` });
          break;
        }
        if (added > 0) { emit({ kind: 'backfill', at: now(), bars: added, fromTs }); continue; }
        // the stream delivered the bar while REST was asked: not a gap
        if (markets.every((_, k) => bars[k].has(next))) continue;
        // REST has nothing newer either: wait unless a later bar of every symbol exists (then it is a gap)
        if (!markets.every((_, k) => latest[k] > next)) break;
        let u = next + iv;
        while (markets.some((_, k) => !bars[k].has(u)) && markets.every((_, k) => latest[k] > u)) u += iv;
        emit({ kind: 'gap', at: now(), fromTs: next, bars: (u - next) / iv, symbols: missing.map((k) => symbols[k]) });
        for (const b of bars) for (const t of [...b.keys()]) if (t < u) b.delete(t);
        next = u;
      }
      await Promise.race([new Promise<void>((r) => { wake = r; }), sleep(pollMs)]);
    }
  } finally {
    stop = true;
    notify();
    await ex.close?.().catch(() => {});
    void Promise.allSettled(watchers);
  }
}
