/**
 * Live public trades for a paper session: each symbol's trade stream through ccxt pro `watchTrades` (on
 * Binance `<symbol>@trade`, or `<symbol>@aggTrade` with `name: 'aggTrade'`). Trades do NOT build bars — a
 * session's bars stay the exchange's closed klines, exactly as the backtest's bars — they check them and
 * measure the feed:
 *
 * - every trade message ccxt handles is recorded once (hooked at `handleTrade`, so trades arriving between two
 *   `watchTrades` answers are not merged; a repeated trade id is counted as a duplicate and ignored);
 * - each closed bar is compared with the trades seen in its interval [open, close): first / max / min / last
 *   trade price = open / high / low / close exactly, Σ quantity = volume (to 1e-9 relative: the float sum of
 *   decimal strings), and the trade ids: Binance trade ids (and aggregate ids) are consecutive per symbol, so
 *   the bar's last id − the last id before it = the trades it should hold;
 * - back-fill: ids the stream skipped — a trade id arriving after last + 1 (a dropped message: last+1 … id−1), or
 *   a reconnect (from the last id recorded before the break to the new subscription's first id − 1) — are one
 *   gap each, fetched by id over Binance's PUBLIC REST market data (`GET /api/v3/historicalTrades?symbol&fromId&limit`
 *   for the raw stream, `GET /api/v3/aggTrades?symbol&fromId&limit` for the aggregate one; no key, nothing signed),
 *   pages of ≤ 1000 until the gap is closed, at most `backfillMaxTrades` (10,000) per gap, and merged into the
 *   symbol's trades in id order (ids already recorded are never taken twice). Failures retry with the feed's
 *   backoff; after maxFailures in a row, or a gap over the bound, the gap is given up (a `tradeBackfill` event with
 *   ok false) and the bars it touches are `incomplete`. A filled gap restores coverage: after a reconnect the
 *   stream is complete again from the last id before the break;
 * - a bar is checked only when its trades are complete: a trade before its open was recorded (the first bars of a
 *   session are `incomplete`) and no gap touches it — a gap's trades lie between the times of the trades around it;
 *   a gap still open (the stream is down) or being back-filled holds the bar (`ready` false) until it is filled or
 *   the bar's close + settle passed (then the bar is `incomplete`); a given-up gap leaves it `incomplete`. Never a
 *   false mismatch: a mismatch is a kline that disagrees with the exchange's complete trades;
 * - health per symbol: trades received on the stream, duplicates, ids the stream skipped, trades back-filled, REST
 *   requests, gaps given up, the last trade's exchange time, trades in the last minute of the clock, lag.
 *
 * ccxt 4.5's binance class refuses its implicit `publicGetHistoricalTrades` without an apiKey (it predates Binance
 * making the endpoint keyless), and a paper exchange has none: that request is built as ccxt would (its public API
 * root, the same parameters, its rate limiter) and sent through the instance's `fetch`, which `publicOnly` guards
 * (it refuses anything signed or carrying a key). `aggTrades` goes through ccxt's `publicGetAggTrades`.
 *
 * A bar's trades are final once a trade of that symbol at or after its close arrived (the stream is ordered) and
 * no back-fill touching it is in flight, or its close + settle passed.
 */
import type { PaperBar } from '@skippy/core/paper';
import { liveTiming } from './liveFeed.ts';
import type { FeedEvent, LiveTiming, PublicExchange } from './liveFeed.ts';

export interface LiveTradeOptions extends LiveTiming {
  /** The run's symbols and their markets (same order). */
  symbols: string[];
  markets: string[];
  intervalMs: number;
  /** Binance: the raw trade stream or the aggregate one. @default trade */
  stream?: 'trade' | 'aggTrade';
  /** At most this many trade ids back-filled over REST per gap (pages of ≤ 1000); a larger gap is given up (0: no back-fill). @default 10000 */
  backfillMaxTrades?: number;
  onEvent?: (e: FeedEvent) => void;
}

/** One closed bar of one symbol against the trades seen in its interval. */
export interface TradeBarCheck {
  symbol: string;
  /** The bar's open time. */
  ts: number;
  /** ok: every field agrees; mismatch: see `reasons`; incomplete: the stream did not cover the whole bar. */
  status: 'ok' | 'mismatch' | 'incomplete';
  trades: number;
  /** Trades the ids say the bar holds (null when no id before the bar is known). */
  expected: number | null;
  volume: number;
  reasons: string[];
}

/** Trade-stream health of one symbol. */
export interface TradeSymbolHealth {
  symbol: string;
  received: number;
  duplicates: number;
  /** Trade ids skipped by the stream (dropped messages, reconnects), counted when a later id arrives. */
  missingIds: number;
  /** Trades fetched back over REST into the gaps the stream left. */
  backfilled: number;
  /** REST back-fill requests (pages, failed ones included). */
  backfillRequests: number;
  /** Gaps given up (over the bound, or REST failing maxFailures times in a row): their bars stay incomplete. */
  backfillFailed: number;
  /** Exchange time of the last trade. */
  lastTradeTs: number | null;
  /** Trades with an exchange time in the last 60 s of the clock. */
  perMinute: number;
  /** Clock − the last trade's time (ms). */
  lagMs: number | null;
}

export interface TradeCheckTotals {
  checked: number;
  ok: number;
  mismatches: number;
  incomplete: number;
  /** The latest mismatching bars (at most 20, newest last). */
  recent: TradeBarCheck[];
  /** The trade stream gave up (its failures in a row reached maxFailures): bars are no longer checked. */
  error: string | null;
}

export interface LiveTrades {
  /** The trades of every symbol are final through `close` (see the file comment); true once the stream gave up (bars never wait for it). */
  ready(close: number): boolean;
  /** The bars opening at one time against their trades (call in increasing time; consumes the trades before their close). */
  check(bars: Record<string, PaperBar>): TradeBarCheck[];
  health(): TradeSymbolHealth[];
  totals(): TradeCheckTotals;
  stop(): void;
}

/** One public trade (exchange id, exchange time, price, quantity). */
export interface LiveTrade { id: number; ts: number; price: number; qty: number }
type Trade = LiveTrade;

/** checkBarTrades(bar, trades, lastIdBefore, covered) – one bar against its trades (time-ordered, all in [open, close)). */
export function checkBarTrades(symbol: string, bar: PaperBar, trades: readonly Trade[], lastIdBefore: number | null, covered: boolean): TradeBarCheck {
  let volume = 0;
  for (const t of trades) volume += t.qty;
  const n = trades.length;
  const lastId = n ? trades[n - 1].id : lastIdBefore;
  const expected = lastIdBefore !== null && lastId !== null ? lastId - lastIdBefore : null;
  const out: TradeBarCheck = { symbol, ts: bar.ts, status: 'ok', trades: n, expected, volume, reasons: [] };
  if (!covered) { out.status = 'incomplete'; return out; }
  const r = out.reasons;
  if (expected !== null && expected !== n) r.push(`${expected - n} trade id${expected - n === 1 ? '' : 's'} missing (${n} seen of ${expected})`);
  if (Math.abs(volume - bar.volume) > 1e-9 * Math.max(1, Math.abs(bar.volume))) r.push(`volume ${bar.volume} vs ${volume} traded`);
  if (n > 0) {
    let hi = -Infinity, lo = Infinity;
    for (const t of trades) { if (t.price > hi) hi = t.price; if (t.price < lo) lo = t.price; }
    if (trades[0].price !== bar.open) r.push(`open ${bar.open} vs first trade ${trades[0].price}`);
    if (hi !== bar.high) r.push(`high ${bar.high} vs max trade ${hi}`);
    if (lo !== bar.low) r.push(`low ${bar.low} vs min trade ${lo}`);
    if (trades[n - 1].price !== bar.close) r.push(`close ${bar.close} vs last trade ${trades[n - 1].price}`);
  }
  if (r.length) out.status = 'mismatch';
  return out;
}

/** A run of trade ids the stream skipped: ids [from, to] (to = Infinity while the stream is down), their trades' times within [tsBefore, tsAfter]. */
interface Gap { from: number; to: number; tsBefore: number; tsAfter: number; state: 'open' | 'queued' | 'fetching' | 'failed' }

/** Trades per back-fill page (Binance's maximum for both endpoints). */
const PAGE = 1000;

/** parseTradePage(rows, stream) – a page of Binance's public REST trades as trades: historicalTrades `{ id, price, qty, time }`, aggTrades `{ a, p, q, T }` (strings or numbers). */
export function parseTradePage(rows: unknown, stream: 'trade' | 'aggTrade'): Trade[] {
  if (!Array.isArray(rows)) throw new Error(`unexpected ${stream === 'trade' ? 'historicalTrades' : 'aggTrades'} answer (not a list)`);
  const out: Trade[] = [];
  for (const r of rows as Record<string, unknown>[]) {
    const t = stream === 'trade' ? { id: Number(r.id), ts: Number(r.time), price: Number(r.price), qty: Number(r.qty) } : { id: Number(r.a), ts: Number(r.T), price: Number(r.p), qty: Number(r.q) };
    if (!Number.isFinite(t.id) || !Number.isFinite(t.ts) || !Number.isFinite(t.price) || !Number.isFinite(t.qty)) throw new Error(`unexpected trade in a back-fill page: ${JSON.stringify(r).slice(0, 120)}`);
    out.push(t);
  }
  return out;
}

/** mergeTrades(list, add) – `add` (increasing ids, none in `list`) inserted into `list` (increasing ids) in place. */
export function mergeTrades(list: Trade[], add: readonly Trade[]): void {
  if (add.length === 0) return;
  let lo = 0, hi = list.length;
  const first = add[0].id;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid].id < first) lo = mid + 1; else hi = mid; }
  if (lo < list.length && list[lo].id <= add[add.length - 1].id) {
    // interleaved (never on a gap: its ids lie between two recorded ones): a full merge
    const merged = [...list.slice(lo), ...add].sort((a, b) => a.id - b.id).filter((t, i, a) => i === 0 || t.id !== a[i - 1].id);
    list.splice(lo, list.length - lo, ...merged);
    return;
  }
  list.splice(lo, 0, ...add);
}

/** watchLiveTrades(ex, options) – one watchTrades loop per market, REST back-fill of the ids it skips; see the file comment. */
export function watchLiveTrades(ex: PublicExchange, options: LiveTradeOptions): LiveTrades {
  const { symbols, markets, intervalMs: iv } = options;
  const { now, sleep, settle, maxFail, backoff } = liveTiming(options);
  const stream = options.stream ?? 'trade';
  const maxTrades = options.backfillMaxTrades ?? 10_000;
  const maxPages = Math.ceil(maxTrades / PAGE);
  const emit = options.onEvent ?? (() => {});
  const exr = ex as unknown as Record<string, unknown>;
  const watch = exr.watchTrades as ((m: string, since?: number, limit?: number, params?: Record<string, unknown>) => Promise<unknown>) | undefined;
  if (typeof watch !== 'function' || !ex.has?.watchTrades) throw new Error(`${ex.id}: no websocket trades (ccxt pro watchTrades)`);
  if (typeof exr.handleTrade !== 'function') throw new Error(`${ex.id}: ccxt has no handleTrade hook to record every trade`);
  // exchange market id (BTCUSDT) → index
  const byId = new Map<string, number>();
  const marketIds = markets.map((): string | null => null);
  for (const [k, m] of markets.entries()) {
    const mk = ex.markets && Object.hasOwn(ex.markets, m) ? (ex.markets[m] as { id?: unknown }) : undefined;
    if (typeof mk?.id === 'string') { byId.set(mk.id, k); marketIds[k] = mk.id; }
  }
  const pending = markets.map((): Trade[] => []); // trades not yet given to a bar, id (= time) order
  const lastId = markets.map((): number | null => null); // the highest id recorded
  const lastTs = markets.map(() => -Infinity); // its time
  const firstTs = markets.map((): number | null => null); // the first trade recorded: bars opening after it can be complete
  const lastChecked = markets.map((): Trade | null => null); // the last trade before the next bar to check
  const checkedTo = markets.map(() => -Infinity); // close of the last bar checked: back-filled trades before it only move the id base
  const gaps = markets.map((): Gap[] => []);
  const filling = markets.map(() => false);
  const recentTs = markets.map((): number[] => []);
  const health: TradeSymbolHealth[] = symbols.map((s) => ({ symbol: s, received: 0, duplicates: 0, missingIds: 0, backfilled: 0, backfillRequests: 0, backfillFailed: 0, lastTradeTs: null, perMinute: 0, lagMs: null }));
  const totals: TradeCheckTotals = { checked: 0, ok: 0, mismatches: 0, incomplete: 0, recent: [], error: null };
  let stop = false;
  const errName = (e: unknown) => (e instanceof Error ? e.constructor.name : 'Error');
  const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  /** A gap's trades can fall in [open, close). */
  const touches = (g: Gap, open: number, close: number) => g.tsBefore < close && g.tsAfter >= open;

  /** One page of public trades from `fromId` (ccxt's rate limiter; never signed). */
  const fetchPage = async (k: number, fromId: number, limit: number): Promise<Trade[]> => {
    const params = { symbol: marketIds[k] ?? '', fromId, limit };
    if (stream === 'aggTrade') return parseTradePage(await (exr.publicGetAggTrades as (p: Record<string, unknown>) => Promise<unknown>).call(ex, params), stream);
    const x = ex as unknown as { enableRateLimit?: boolean; throttle?: (cost: number) => Promise<unknown>; urls: { api: Record<string, unknown> }; fetch: (url: string, method: string, headers: Record<string, string>) => Promise<unknown> };
    const root = x.urls.api.public;
    if (typeof root !== 'string') throw new Error(`${ex.id}: no public REST API root for historicalTrades`);
    if (x.enableRateLimit && typeof x.throttle === 'function') await x.throttle.call(ex, 2); // ccxt binance's cost of historicalTrades
    const q = new URLSearchParams({ symbol: params.symbol, fromId: String(fromId), limit: String(limit) });
    return parseTradePage(await x.fetch.call(ex, `${root}/historicalTrades?${q.toString()}`, 'GET', {}), stream);
  };

  /** Back-filled trades (increasing ids inside a gap) into the symbol's trades; those of bars already checked only move the id base. */
  const merge = (k: number, add: Trade[]) => {
    const keep: Trade[] = [];
    for (const t of add) {
      if (t.ts >= checkedTo[k]) keep.push(t);
      else if (lastChecked[k] === null || t.id > lastChecked[k]!.id) lastChecked[k] = t;
    }
    mergeTrades(pending[k], keep);
    health[k].backfilled += add.length;
  };

  const giveUp = (k: number, g: Gap, requests: number, message: string) => {
    g.state = 'failed';
    health[k].backfillFailed++;
    emit({ kind: 'tradeBackfill', at: now(), symbol: symbols[k], fromId: g.from, toId: g.to, trades: 0, requests, ok: false, message });
  };

  /** Fills one gap page by page (see the file comment). */
  const fill = async (k: number, g: Gap) => {
    const size = g.to - g.from + 1, from0 = g.from;
    if (size > maxTrades) { giveUp(k, g, 0, `${size} trade ids missing, more than the back-fill bound (${maxTrades}): their bars stay incomplete`); return; }
    g.state = 'fetching';
    let failures = 0, requests = 0, pages = 0, got = 0;
    while (g.from <= g.to && !stop) {
      if (pages >= maxPages) { giveUp(k, g, requests, `back-fill bound reached (${pages} pages) before id ${g.to}: their bars stay incomplete`); return; }
      let page: Trade[];
      try {
        requests++;
        health[k].backfillRequests++;
        page = await fetchPage(k, g.from, Math.min(PAGE, g.to - g.from + 1));
      } catch (e) {
        if (stop) return;
        failures++;
        emit({ kind: /Network|Timeout|NotAvailable|DDoS|RateLimit|Maintenance|FetchError|TypeError/.test(errName(e)) ? 'reconnect' : 'error', at: now(), attempt: failures, message: `trade back-fill ${markets[k]}: ${errName(e)}: ${errMsg(e)}` });
        if (failures >= maxFail) { giveUp(k, g, requests, `${failures} failed back-fill requests in a row; last ${errName(e)}: ${errMsg(e)}`); return; }
        await sleep(backoff(failures));
        continue;
      }
      if (stop) return;
      // the ids from g.from on, consecutive (REST answers in id order; anything else is not taken)
      const add: Trade[] = [];
      for (const t of page) if (t.id === g.from + add.length && t.id <= g.to) add.push(t);
      if (add.length === 0) {
        failures++;
        emit({ kind: 'error', at: now(), attempt: failures, message: `trade back-fill ${markets[k]}: no trade from id ${g.from}` });
        if (failures >= maxFail) { giveUp(k, g, requests, `REST has no trade from id ${g.from}`); return; }
        await sleep(backoff(failures));
        continue;
      }
      failures = 0;
      pages++;
      merge(k, add);
      got += add.length;
      g.from = add[add.length - 1].id + 1;
      g.tsBefore = add[add.length - 1].ts;
    }
    if (stop) return;
    gaps[k].splice(gaps[k].indexOf(g), 1);
    emit({ kind: 'tradeBackfill', at: now(), symbol: symbols[k], fromId: from0, toId: g.to, trades: got, requests, ok: true, message: `${got} trade${got === 1 ? '' : 's'} back-filled over REST` });
  };

  /** Works through a symbol's queued gaps, one at a time. */
  const drain = async (k: number) => {
    if (filling[k]) return;
    filling[k] = true;
    try {
      for (let g = gaps[k].find((x) => x.state === 'queued'); g && !stop; g = gaps[k].find((x) => x.state === 'queued')) await fill(k, g);
    } finally {
      filling[k] = false;
    }
  };

  const record = (k: number, id: number, ts: number, price: number, qty: number) => {
    const h = health[k], last = lastId[k];
    if (last !== null && id <= last) { h.duplicates++; return; }
    if (last === null) firstTs[k] = ts;
    else {
      const open = gaps[k].find((g) => g.state === 'open');
      if (id > last + 1) h.missingIds += id - last - 1;
      if (open && id > open.from) Object.assign(open, { to: id - 1, tsAfter: ts, state: 'queued' }); // the stream is back: the ids of the outage
      else if (open) gaps[k].splice(gaps[k].indexOf(open), 1); // back with the next id: nothing was missed
      else if (id > last + 1) gaps[k].push({ from: last + 1, to: id - 1, tsBefore: lastTs[k], tsAfter: ts, state: 'queued' }); // dropped messages
      if (id > last + 1) void drain(k);
    }
    lastId[k] = id;
    lastTs[k] = ts;
    pending[k].push({ id, ts, price, qty });
    h.received++;
    if (h.lastTradeTs === null || ts > h.lastTradeTs) h.lastTradeTs = ts;
    recentTs[k].push(ts);
  };
  const inner = (exr.handleTrade as (...a: unknown[]) => unknown).bind(ex);
  exr.handleTrade = (client: unknown, message: Record<string, unknown>) => {
    const out = inner(client, message);
    const k = byId.get(String(message.s ?? ''));
    const id = Number(message.t ?? message.a), ts = Number(message.T), price = Number(message.p), qty = Number(message.q);
    if (k !== undefined && !stop && Number.isFinite(id) && Number.isFinite(ts) && Number.isFinite(price) && Number.isFinite(qty)) record(k, id, ts, price, qty);
    return out;
  };
  const params = { name: stream };
  for (const [k, m] of markets.entries()) {
    void (async () => {
      let failures = 0;
      while (!stop) {
        try {
          await watch.call(ex, m, undefined, undefined, { ...params });
          failures = 0;
        } catch (e) {
          if (stop || errName(e) === 'ExchangeClosedByUser') return;
          failures++;
          // trades are lost until the stream is back: one open gap from the last id recorded (filled once the new subscription's first id is known)
          const last = lastId[k];
          if (last !== null && !gaps[k].some((g) => g.state === 'open')) gaps[k].push({ from: last + 1, to: Infinity, tsBefore: lastTs[k], tsAfter: Infinity, state: 'open' });
          const clients = (ex as { clients?: Record<string, { error?: unknown }> }).clients;
          if (clients) for (const [u, c] of Object.entries(clients)) if (c && c.error !== undefined) delete clients[u];
          emit({ kind: 'reconnect', at: now(), attempt: failures, message: `trades ${m}: ${errName(e)}: ${errMsg(e)}` });
          if (failures >= maxFail) { totals.error = `${ex.id}: ${failures} trade websocket failures in a row; last ${errName(e)}: ${errMsg(e)}`; return; }
          await sleep(backoff(failures));
        }
      }
    })();
  }
  return {
    ready(close: number): boolean {
      if (totals.error !== null || close + settle <= now()) return true;
      const open = close - iv;
      return health.every((h, k) => h.lastTradeTs !== null && h.lastTradeTs >= close && !gaps[k].some((g) => g.state !== 'failed' && touches(g, open, close)));
    },
    check(bars: Record<string, PaperBar>): TradeBarCheck[] {
      return symbols.map((s, k) => {
        const bar = bars[s], open = bar.ts, close = open + iv, list = pending[k];
        let a = 0;
        while (a < list.length && list[a].ts < open) a++; // trades of bars never checked (a gap): only their ids count
        let b = a;
        while (b < list.length && list[b].ts < close) b++;
        const prev = a > 0 ? list[a - 1] : lastChecked[k];
        // complete: a trade before the open was recorded and no gap (open, being filled or given up) touches the bar
        const first = firstTs[k];
        const covered = totals.error === null && first !== null && first < open && !gaps[k].some((g) => touches(g, open, close));
        const c = checkBarTrades(s, bar, list.slice(a, b), prev ? prev.id : null, covered);
        if (b > 0) lastChecked[k] = list[b - 1];
        list.splice(0, b);
        checkedTo[k] = close;
        // a given-up gap whose trades all lie before this close touches no later bar
        for (let i = gaps[k].length - 1; i >= 0; i--) if (gaps[k][i].state === 'failed' && gaps[k][i].tsAfter < close) gaps[k].splice(i, 1);
        totals.checked++;
        if (c.status === 'ok') totals.ok++;
        else if (c.status === 'incomplete') totals.incomplete++;
        else { totals.mismatches++; totals.recent.push(c); if (totals.recent.length > 20) totals.recent.shift(); }
        return c;
      });
    },
    health(): TradeSymbolHealth[] {
      const t = now();
      return health.map((h, k) => {
        const r = recentTs[k];
        let i = 0;
        while (i < r.length && r[i] <= t - 60_000) i++;
        if (i) r.splice(0, i);
        return { ...h, perMinute: r.length, lagMs: h.lastTradeTs === null ? null : t - h.lastTradeTs };
      });
    },
    totals: () => ({ ...totals, recent: totals.recent.slice() }),
    stop() { stop = true; },
  };
}
