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
 *   the bar's last id − the last id before it = the trades it should hold; fewer seen = dropped trade messages.
 *   A bar is checked only when the stream covered all of it — the current subscription's first trade is before
 *   the bar's open (the stream is ordered, so every later trade came or was dropped) — otherwise it is
 *   `incomplete` (the first bars, and those around a reconnect), never a false alarm;
 * - health per symbol: trades received, duplicates, ids missing, the last trade's exchange time, trades in the
 *   last minute of the exchange clock, lag (clock − last trade time).
 *
 * A bar's trades are final once a trade of that symbol at or after its close arrived (the stream is ordered) or
 * its close + settle passed.
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
  /** Trade ids skipped by the stream (dropped messages), counted when a later id arrives. */
  missingIds: number;
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

interface Trade { id: number; ts: number; price: number; qty: number }

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

/** watchLiveTrades(ex, options) – one watchTrades loop per market; see the file comment. */
export function watchLiveTrades(ex: PublicExchange, options: LiveTradeOptions): LiveTrades {
  const { symbols, markets, intervalMs: iv } = options;
  const { now, sleep, settle, maxFail, backoff } = liveTiming(options);
  const emit = options.onEvent ?? (() => {});
  const exr = ex as unknown as Record<string, unknown>;
  const watch = exr.watchTrades as ((m: string, since?: number, limit?: number, params?: Record<string, unknown>) => Promise<unknown>) | undefined;
  if (typeof watch !== 'function' || !ex.has?.watchTrades) throw new Error(`${ex.id}: no websocket trades (ccxt pro watchTrades)`);
  if (typeof exr.handleTrade !== 'function') throw new Error(`${ex.id}: ccxt has no handleTrade hook to record every trade`);
  // exchange market id (BTCUSDT) → index
  const byId = new Map<string, number>();
  for (const [k, m] of markets.entries()) {
    const mk = ex.markets && Object.hasOwn(ex.markets, m) ? (ex.markets[m] as { id?: unknown }) : undefined;
    if (typeof mk?.id === 'string') byId.set(mk.id, k);
  }
  const pending = markets.map((): Trade[] => []); // trades not yet given to a bar, time order
  const lastId = markets.map((): number | null => null); // the highest id recorded
  const lastChecked = markets.map((): Trade | null => null); // the last trade before the next bar to check
  const coverFrom = markets.map(() => Infinity); // time of the first trade of the current subscription (Infinity: none yet / broken)
  const recentTs = markets.map((): number[] => []);
  const health: TradeSymbolHealth[] = symbols.map((s) => ({ symbol: s, received: 0, duplicates: 0, missingIds: 0, lastTradeTs: null, perMinute: 0, lagMs: null }));
  const totals: TradeCheckTotals = { checked: 0, ok: 0, mismatches: 0, incomplete: 0, recent: [], error: null };
  let stop = false;
  const record = (k: number, id: number, ts: number, price: number, qty: number) => {
    const h = health[k], last = lastId[k];
    if (last !== null && id <= last) { h.duplicates++; return; }
    if (last !== null && id > last + 1) h.missingIds += id - last - 1;
    lastId[k] = id;
    if (coverFrom[k] === Infinity) coverFrom[k] = ts; // the first trade of this subscription: the stream is complete after it
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
  const errName = (e: unknown) => (e instanceof Error ? e.constructor.name : 'Error');
  const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  const params = { name: options.stream ?? 'trade' };
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
          coverFrom[k] = Infinity; // trades are lost until the stream is back
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
      if (totals.error !== null) return true;
      return close + settle <= now() || health.every((h) => h.lastTradeTs !== null && h.lastTradeTs >= close);
    },
    check(bars: Record<string, PaperBar>): TradeBarCheck[] {
      return symbols.map((s, k) => {
        const bar = bars[s], open = bar.ts, close = open + iv, list = pending[k];
        let a = 0;
        while (a < list.length && list[a].ts < open) a++; // trades of bars never checked (a gap): only their ids count
        let b = a;
        while (b < list.length && list[b].ts < close) b++;
        // the id base: the last trade before the bar, if it came on the current subscription (ids lost in a
        // reconnect belong to bars before it, which are incomplete)
        const prev = a > 0 ? list[a - 1] : lastChecked[k];
        const before = prev && prev.ts >= coverFrom[k] ? prev.id : null;
        // covered: a trade before the open came on the current subscription, so every later one did too (or was dropped)
        const c = checkBarTrades(s, bar, list.slice(a, b), before, totals.error === null && coverFrom[k] < open);
        if (b > 0) lastChecked[k] = list[b - 1];
        list.splice(0, b);
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
