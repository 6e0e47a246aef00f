/**
 * Live order books for a paper session: each symbol's L2 book from the exchange's websocket through ccxt
 * pro `watchOrderBook` (on Binance: the `<symbol>@depth@100ms` diff stream on top of a REST `/api/v3/depth`
 * snapshot; ccxt keeps the book and re-syncs it after a sequence break or a reconnect). Every update ccxt
 * applies is recorded as one book state (its exchange event time, the top levels), so nothing is lost when
 * several diffs arrive between two `watchOrderBook` answers; an exchange whose ccxt class has no
 * `handleOrderBookMessage` hook is recorded per answer instead (coalesced updates then count as one).
 * The book is known from the first update after a (re)subscription's REST snapshot (the snapshot itself
 * carries no exchange time). A reconnect is a chain break: an all-NaN event row before the first state
 * after it, as a capture's replay marks one.
 *
 * At each closed bar (open t, close t + interval) it builds what core/paper's `book.ts` expects:
 * the snapshot row — the last state with ts ≤ the close (core's `snapshotsAsOf`), row ts = the close,
 * all-NaN levels when none is known yet (or past a book's depth) — and the events: every state since the
 * previous bar's delivery with ts < the close. A bar's book is final once a later state of every symbol
 * arrived (the stream is ordered) or its close + settle has passed.
 */
import type { BookEvents, BookSnapshots } from '@skippy/core';
import type { PaperBook } from '@skippy/core/paper';
import { liveTiming } from './liveFeed.ts';
import type { FeedEvent, LiveTiming, PublicExchange } from './liveFeed.ts';

/** settleMs: how long past a bar's close the book may still be completed by late updates. */
export interface LiveBookOptions extends LiveTiming {
  /** The run's symbols and their markets (same order). */
  symbols: string[];
  markets: string[];
  /** Levels per side of the snapshot rows; of the event rows (null: events are not recorded). */
  snapshotDepth: number;
  eventDepth: number | null;
  intervalMs: number;
  /** How often waiting for a bar's book re-checks (real ms). @default 50 */
  pollMs?: number;
  onEvent?: (e: FeedEvent) => void;
}

interface State { ts: number; bidPx: number[]; bidQty: number[]; askPx: number[]; askQty: number[] }
type CcxtBook = { symbol?: string; timestamp?: number; bids: number[][]; asks: number[][] };

const levels = (side: number[][], d: number): [number[], number[]] => {
  const px: number[] = [], qty: number[] = [];
  for (let k = 0; k < d; k++) { const l = side[k]; px.push(l ? Number(l[0]) : NaN); qty.push(l ? Number(l[1]) : NaN); }
  return [px, qty];
};

export interface LiveBooks {
  /** The book of every symbol is final through `close` (see the file comment). Throws the watchers' fatal error. */
  ready(close: number): boolean;
  /** The bar opening at `openTs`: per symbol its snapshot row and the events since the last call (call in increasing openTs). */
  at(openTs: number): Record<string, PaperBook>;
  /** Warm-up rows for `n` bars that had no live book: all-NaN snapshot rows at the given closes, no events. */
  warmup(closes: Float64Array): { snapshots: Record<string, BookSnapshots>; events?: Record<string, BookEvents> };
  /** States recorded per symbol so far (for feed health and tests). */
  readonly received: Record<string, number>;
  /** Per symbol: states recorded, the last one's exchange time, lag (clock − it), chain breaks and reconnects. */
  health(): BookSymbolHealth[];
  stop(): void;
}

/** Order-book stream health of one symbol. */
export interface BookSymbolHealth {
  symbol: string;
  /** Book states (applied diffs) recorded. */
  states: number;
  /** Exchange time of the last state. */
  lastTs: number | null;
  /** Clock − the last state's time (ms). */
  lagMs: number | null;
  /** All-NaN event rows put in after a reconnect (the update chain broke). */
  chainBreaks: number;
  reconnects: number;
}

/** emptyBookRows(symbols, snapshotDepth, eventDepth, closes) – warm-up rows for bars without a live book: all-NaN snapshots at the closes, no events. */
export function emptyBookRows(symbols: string[], sd: number, ed: number | null, closes: Float64Array): { snapshots: Record<string, BookSnapshots>; events?: Record<string, BookEvents> } {
  const n = closes.length;
  const nan = (d: number) => new Float64Array(n * d).fill(NaN);
  const snapshots = Object.fromEntries(symbols.map((s) => [s, { symbol: s, depth: sd, ts: Float64Array.from(closes), bidPx: nan(sd), bidQty: nan(sd), askPx: nan(sd), askQty: nan(sd) }]));
  if (ed === null) return { snapshots };
  const empty = () => new Float64Array(0);
  return { snapshots, events: Object.fromEntries(symbols.map((s) => [s, { symbol: s, depth: ed, ts: empty(), bidPx: empty(), bidQty: empty(), askPx: empty(), askQty: empty() }])) };
}

/** watchLiveBooks(ex, options) – starts one watchOrderBook loop per market; see the file comment. */
export function watchLiveBooks(ex: PublicExchange, options: LiveBookOptions): LiveBooks {
  const { symbols, markets, snapshotDepth: sd, eventDepth: ed, intervalMs: iv } = options;
  const { now, sleep, settle, maxFail, backoff } = liveTiming(options);
  const emit = options.onEvent ?? (() => {});
  const watch = (ex as unknown as { watchOrderBook?: (m: string) => Promise<CcxtBook> }).watchOrderBook;
  if (typeof watch !== 'function' || !ex.has?.watchOrderBook) throw new Error(`${ex.id}: no websocket order book (ccxt pro watchOrderBook)`);
  const depth = Math.max(sd, ed ?? 0);
  const states = markets.map((): State[] => []);
  const current = markets.map((): State | null => null); // the last state at or before the last delivered close
  const broken = markets.map(() => false);
  const received: Record<string, number> = Object.fromEntries(symbols.map((s) => [s, 0]));
  const lastTs = markets.map((): number | null => null), breaks = markets.map(() => 0), reconnects = markets.map(() => 0);
  let stop = false, fatal: unknown = null;
  const record = (k: number, b: CcxtBook) => {
    const ts = b.timestamp;
    if (typeof ts !== 'number' || !Number.isFinite(ts)) return; // a fresh REST snapshot: no exchange time yet
    const list = states[k], last = list.length ? list[list.length - 1].ts : current[k]?.ts ?? -Infinity;
    if (ts < last) return;
    const [bidPx, bidQty] = levels(b.bids, depth), [askPx, askQty] = levels(b.asks, depth);
    if (broken[k]) {
      broken[k] = false;
      const nan = Array.from({ length: depth }, () => NaN);
      list.push({ ts, bidPx: nan, bidQty: nan, askPx: nan, askQty: nan });
      breaks[k]++;
    }
    list.push({ ts, bidPx, bidQty, askPx, askQty });
    received[symbols[k]]++;
    lastTs[k] = ts;
  };
  // every diff ccxt applies (binance & co.: handleOrderBookMessage(client, message, orderbook)); else per answer
  const exr = ex as unknown as Record<string, unknown>;
  const hook = typeof exr.handleOrderBookMessage === 'function';
  if (hook) {
    const inner = (exr.handleOrderBookMessage as (...a: unknown[]) => unknown).bind(ex);
    exr.handleOrderBookMessage = (client: unknown, message: unknown, orderbook: CcxtBook) => {
      const out = inner(client, message, orderbook);
      const k = markets.indexOf(orderbook.symbol ?? '');
      if (k >= 0 && !stop) record(k, orderbook);
      return out;
    };
  }
  const errName = (e: unknown) => (e instanceof Error ? e.constructor.name : 'Error');
  const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  for (const [k, m] of markets.entries()) {
    void (async () => {
      let failures = 0;
      while (!stop) {
        try {
          const b = await watch.call(ex, m);
          failures = 0;
          if (!hook && !stop) record(k, b);
        } catch (e) {
          if (stop || errName(e) === 'ExchangeClosedByUser') return;
          failures++;
          reconnects[k]++;
          broken[k] = true;
          // a client closed by the server keeps its error in ccxt: drop it so the next watch re-dials and re-subscribes
          const clients = (ex as { clients?: Record<string, { error?: unknown }> }).clients;
          if (clients) for (const [u, c] of Object.entries(clients)) if (c && c.error !== undefined) delete clients[u];
          emit({ kind: 'reconnect', at: now(), attempt: failures, message: `order book ${m}: ${errName(e)}: ${errMsg(e)}` });
          if (failures >= maxFail) { fatal = new Error(`${ex.id}: ${failures} order-book websocket failures in a row; last ${errName(e)}: ${errMsg(e)}`, { cause: e }); return; }
          await sleep(backoff(failures));
        }
      }
    })();
  }
  const nanRow = (d: number) => Array.from({ length: d }, () => NaN);
  return {
    received,
    ready(close: number): boolean {
      if (fatal) throw fatal;
      return close + settle <= now() || states.every((l) => l.length > 0 && l[l.length - 1].ts > close);
    },
    at(openTs: number): Record<string, PaperBook> {
      const close = openTs + iv;
      return Object.fromEntries(symbols.map((s, k) => {
        const list = states[k];
        let n = 0;
        while (n < list.length && list[n].ts < close) n++;
        const ev = list.slice(0, n);
        let j = n; // states at exactly the close belong to the snapshot (ts ≤ close) but to the next bar's events
        while (j < list.length && list[j].ts <= close) j++;
        const snapState = j > 0 ? list[j - 1] : current[k];
        if (snapState) current[k] = snapState;
        list.splice(0, n);
        const cut = (a: number[], d: number) => a.slice(0, d);
        const out: PaperBook = {
          snapshot: snapState
            ? { ts: close, bidPx: cut(snapState.bidPx, sd), bidQty: cut(snapState.bidQty, sd), askPx: cut(snapState.askPx, sd), askQty: cut(snapState.askQty, sd) }
            : { ts: close, bidPx: nanRow(sd), bidQty: nanRow(sd), askPx: nanRow(sd), askQty: nanRow(sd) },
        };
        if (ed !== null) {
          const flat = (f: 'bidPx' | 'bidQty' | 'askPx' | 'askQty') => Float64Array.from(ev.flatMap((x) => x[f].slice(0, ed)));
          out.events = { symbol: s, depth: ed, ts: Float64Array.from(ev, (x) => x.ts), bidPx: flat('bidPx'), bidQty: flat('bidQty'), askPx: flat('askPx'), askQty: flat('askQty') };
        }
        return [s, out];
      }));
    },
    warmup: (closes: Float64Array) => emptyBookRows(symbols, sd, ed, closes),
    health: () => {
      const t = now();
      return symbols.map((s, k) => ({ symbol: s, states: received[s], lastTs: lastTs[k], lagMs: lastTs[k] === null ? null : t - lastTs[k]!, chainBreaks: breaks[k], reconnects: reconnects[k] }));
    },
    stop() { stop = true; },
  };
}
