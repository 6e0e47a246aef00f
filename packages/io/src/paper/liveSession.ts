/**
 * A live paper session's feed, as both hosts (CLI `paper start --feed live`, the server's PaperManager) drive it —
 * one code path: the exchange's closed bars (io liveFeed: REST polling, or the kline websocket with REST back-fill),
 * each bar's L2 book when the run's features read it (watchLiveBooks: ccxt watchOrderBook) and the public trades
 * checking every bar (watchLiveTrades: ccxt watchTrades). Bars are the exchange's closed klines, as the backtest's.
 *
 * - `liveBookDepths(frozen)` – the book depths a run reads (null: no book feature);
 * - `liveBookCheck(frozen, ex, websocket)` – a book-feature run on a feed without websocket order books is refused
 *   in one line (UserInputError), before anything is loaded;
 * - `liveWarmup(ex, markets, frozen, until)` – the session's warm-up: the exchange's most recent closed bars before
 *   `until` (as many as the run used before its last window, 200–5,000) and, for a book-feature run, the book rows
 *   of those bars: all-NaN snapshots and no updates (no live book existed then). A session resumed after a restart
 *   gets the same for the bars back-filled over REST: their books were not watched, so their rows are all-NaN.
 * - `openLiveSessionFeed(ex, markets, frozen, options)` – the stream of `{ bars, book?, checks? }` and its health.
 */
import { UserInputError } from '@skippy/core';
import type { BarSeries, BookEvents, BookSnapshots } from '@skippy/core';
import { bookNeeds } from '@skippy/core/paper';
import type { FrozenRunArtifact, PaperBar, PaperBook } from '@skippy/core/paper';
import { liveFeed, liveTiming, recentBars } from './liveFeed.ts';
import type { FeedEvent, LiveTiming, PublicExchange } from './liveFeed.ts';
import { emptyBookRows, watchLiveBooks } from './liveBook.ts';
import type { BookSymbolHealth, LiveBooks } from './liveBook.ts';
import { watchLiveTrades } from './liveTrades.ts';
import type { LiveTrades, TradeBarCheck, TradeCheckTotals, TradeSymbolHealth } from './liveTrades.ts';

/** Book depths of a run's features: snapshots max(5, depth_levels), events max(5, mlofi.levels) (null: no ofi / mlofi). */
export function liveBookDepths(frozen: FrozenRunArtifact): { snapshotDepth: number; eventDepth: number | null } | null {
  const need = bookNeeds(frozen);
  if (!need.snapshots && !need.events) return null;
  const ms = frozen.config.features.microstructure;
  return { snapshotDepth: Math.max(5, ms.depth_levels), eventDepth: need.events ? Math.max(5, ms.mlofi.levels) : null };
}

/** liveBookCheck(frozen, ex, websocket) – throws when the run reads the book and the feed cannot deliver it. */
export function liveBookCheck(frozen: FrozenRunArtifact, ex: PublicExchange, websocket: boolean): void {
  if (!liveBookDepths(frozen) || (websocket && ex.has?.watchOrderBook)) return;
  throw new UserInputError('run features', `a live feed with order books (--ws on an exchange with watchOrderBook; ${ex.id}${websocket ? ' has none' : ' without --ws'})`,
    frozen.featureNames.filter((n) => /^(spread_pct|depth_imbalance|ofi|mlofi_\d+)$/.test(n)).join(', '));
}

const toSeries = (s: string, intervalMs: number, rows: PaperBar[]): BarSeries => ({
  symbol: s, intervalMs, ts: Float64Array.from(rows, (r) => r.ts), open: Float64Array.from(rows, (r) => r.open), high: Float64Array.from(rows, (r) => r.high),
  low: Float64Array.from(rows, (r) => r.low), close: Float64Array.from(rows, (r) => r.close), volume: Float64Array.from(rows, (r) => r.volume),
});

/** liveWarmup(ex, markets, frozen, intervalMs, until) – see the file comment; the bars open before `until`. */
export async function liveWarmup(ex: PublicExchange, markets: string[], frozen: FrozenRunArtifact, intervalMs: number, until: number):
  Promise<{ history: Record<string, BarSeries>; snapshots?: Record<string, BookSnapshots>; events?: Record<string, BookEvents> }> {
  const warm = await recentBars(ex, markets, frozen.symbols, frozen.interval, intervalMs, Math.min(5000, Math.max(200, frozen.window.startBar)), until);
  const history = Object.fromEntries(frozen.symbols.map((s) => [s, toSeries(s, intervalMs, warm[s])]));
  const d = liveBookDepths(frozen);
  if (!d) return { history };
  return { history, ...emptyBookRows(frozen.symbols, d.snapshotDepth, d.eventDepth, Float64Array.from(history[frozen.symbols[0]].ts, (t) => t + intervalMs)) };
}

export interface LiveSessionStep {
  bars: Record<string, PaperBar>;
  /** The bar's book per symbol (book-feature runs). */
  book?: Record<string, PaperBook>;
  /** The bar of each symbol against its trades (websocket feeds on an exchange with watchTrades). */
  checks?: TradeBarCheck[];
}

/** The websocket streams' health (null where a stream is not used). */
export interface LiveStreamsHealth {
  books: BookSymbolHealth[] | null;
  trades: TradeSymbolHealth[] | null;
  tradeChecks: TradeCheckTotals | null;
}

export interface LiveSessionFeedOptions extends LiveTiming {
  intervalMs: number;
  /** Open time of the first bar wanted (the one after the session's last). */
  since: number;
  /** Klines, books and trades from the exchange's websocket (books need it). */
  websocket: boolean;
  /** Check every bar against the public trades (websocket only, when the exchange has watchTrades and ccxt a handleTrade to hook). @default true */
  trades?: boolean;
  /** Binance's trade stream. @default trade */
  tradeStream?: 'trade' | 'aggTrade';
  signal?: { readonly aborted: boolean };
  onEvent?: (e: FeedEvent) => void;
  /** Websocket bar merger's re-check period (real ms). @default 1000 */
  pollMs?: number;
  /** How often waiting for a bar's book / trades re-checks (real ms). @default 50 */
  streamPollMs?: number;
}

export interface LiveSessionFeed {
  stream: AsyncGenerator<LiveSessionStep>;
  health(): LiveStreamsHealth;
  stop(): void;
}

/**
 * withLiveStreams(feed, { books, trades }, options) – a live bar feed with each bar's book and trade checks: after a
 * bar arrives, waits (re-checking every pollMs) until its book and its trades are final, then yields it. Stops the
 * streams when it ends.
 */
export async function* withLiveStreams(feed: AsyncIterable<Record<string, PaperBar>>, streams: { books?: LiveBooks | null; trades?: LiveTrades | null },
  options: { intervalMs: number; pollMs?: number; sleep?: (ms: number) => Promise<void>; signal?: { readonly aborted: boolean } }): AsyncGenerator<LiveSessionStep> {
  const { sleep } = liveTiming(options);
  const { books, trades } = streams;
  try {
    for await (const bars of feed) {
      const ts = Object.values(bars)[0].ts, close = ts + options.intervalMs;
      while (!(books ? books.ready(close) : true) || !(trades ? trades.ready(close) : true)) {
        if (options.signal?.aborted) return;
        await sleep(options.pollMs ?? 50);
      }
      yield { bars, ...(books ? { book: books.at(ts) } : {}), ...(trades ? { checks: trades.check(bars) } : {}) };
    }
  } finally {
    books?.stop();
    trades?.stop();
  }
}

/** withLiveBooks(feed, books, options) – withLiveStreams with order books only (every step has its book). */
export async function* withLiveBooks(feed: AsyncIterable<Record<string, PaperBar>>, books: LiveBooks, options: { intervalMs: number; pollMs?: number; sleep?: (ms: number) => Promise<void>; signal?: { readonly aborted: boolean } }):
  AsyncGenerator<{ bars: Record<string, PaperBar>; book: Record<string, PaperBook> }> {
  for await (const s of withLiveStreams(feed, { books }, options)) yield { bars: s.bars, book: s.book! };
}

/** openLiveSessionFeed(ex, markets, frozen, options) – the bar feed with the streams the run and the exchange allow (see the file comment). */
export function openLiveSessionFeed(ex: PublicExchange, markets: string[], frozen: FrozenRunArtifact, options: LiveSessionFeedOptions): LiveSessionFeed {
  liveBookCheck(frozen, ex, options.websocket);
  const { intervalMs, onEvent } = options;
  const timing: LiveTiming = {
    ...(options.now ? { now: options.now } : {}), ...(options.sleep ? { sleep: options.sleep } : {}), ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    ...(options.baseBackoffMs !== undefined ? { baseBackoffMs: options.baseBackoffMs } : {}), ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
    ...(options.maxFailures !== undefined ? { maxFailures: options.maxFailures } : {}),
  };
  const d = liveBookDepths(frozen);
  const books = d ? watchLiveBooks(ex, { ...timing, symbols: frozen.symbols, markets, snapshotDepth: d.snapshotDepth, eventDepth: d.eventDepth, intervalMs, ...(onEvent ? { onEvent } : {}) }) : null;
  // trades check the bars where ccxt streams them through a handleTrade we can hook (binance & co.); elsewhere none
  const tradable = ex.has?.watchTrades && typeof (ex as unknown as { handleTrade?: unknown }).handleTrade === 'function';
  const trades = options.websocket && (options.trades ?? true) && tradable
    ? watchLiveTrades(ex, { ...timing, symbols: frozen.symbols, markets, intervalMs, stream: options.tradeStream ?? 'trade', ...(onEvent ? { onEvent } : {}) })
    : null;
  const bars = liveFeed(ex, markets, {
    ...timing, symbols: frozen.symbols, interval: frozen.interval, intervalMs, since: options.since, websocket: options.websocket,
    ...(options.signal ? { signal: options.signal } : {}), ...(onEvent ? { onEvent } : {}), ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
  const { now } = liveTiming(timing);
  const emit = onEvent ?? (() => {});
  const stream = (async function* () {
    for await (const step of withLiveStreams(bars, { books, trades }, { intervalMs, ...(options.sleep ? { sleep: options.sleep } : {}), ...(options.signal ? { signal: options.signal } : {}), ...(options.streamPollMs !== undefined ? { pollMs: options.streamPollMs } : {}) })) {
      for (const c of step.checks ?? []) if (c.status === 'mismatch') emit({ kind: 'mismatch', at: now(), symbol: c.symbol, fromTs: c.ts, message: c.reasons.join('; ') });
      yield step;
    }
  })();
  return {
    stream,
    health: () => ({ books: books ? books.health() : null, trades: trades ? trades.health() : null, tradeChecks: trades ? trades.totals() : null }),
    stop: () => { books?.stop(); trades?.stop(); },
  };
}
