/**
 * `paper start --feed live`: the session on closed bars polled from an exchange's public API (io's
 * liveFeed; no credentials, private methods disabled). Warm-up: the exchange's most recent bars (as
 * many as the run used before its last window, at most 5,000); a --state file resumes and the feed
 * back-fills from its last bar. Feed events (reconnects, errors, back-fills, gaps) go to stderr.
 * A run whose features read the L2 book needs --ws: each symbol's book comes from the exchange's websocket
 * (io's watchLiveBooks, ccxt watchOrderBook) and every closed bar carries its close snapshot and updates;
 * the warm-up bars, before any live book, have all-NaN book rows and no updates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { PaperSession, bookNeeds, decodePaperState, encodePaperState } from '@skippy/core/paper';
import type { FrozenRunArtifact, PaperBar, PaperBook, PaperModel } from '@skippy/core/paper';
import { writeFileAtomic } from '@skippy/io';
import { connectLiveFeed, liveFeed, recentBars, watchLiveBooks, withLiveBooks } from '@skippy/io/paper';
import type { FeedEvent } from '@skippy/io/paper';
import type { CliContext, CommandResult } from '../framework.ts';
import { getNumber, getString } from '../args.ts';

const toSeries = (s: string, intervalMs: number, rows: PaperBar[]): BarSeries => ({
  symbol: s, intervalMs, ts: Float64Array.from(rows, (r) => r.ts), open: Float64Array.from(rows, (r) => r.open), high: Float64Array.from(rows, (r) => r.high),
  low: Float64Array.from(rows, (r) => r.low), close: Float64Array.from(rows, (r) => r.close), volume: Float64Array.from(rows, (r) => r.volume),
});

export async function startLive(ctx: CliContext, frozen: FrozenRunArtifact, model: PaperModel, statePath: string | null): Promise<CommandResult> {
  const intervalMs = BAR_INTERVAL_MS[frozen.interval];
  const maxBars = getNumber(ctx, 'max-bars', { min: 1, integer: true }) ?? Infinity;
  const apiUrl = getString(ctx, 'exchange-url');
  const websocket = ctx.values.ws === true, wsUrl = getString(ctx, 'exchange-ws-url');
  const { ex, markets } = await connectLiveFeed({ exchange: getString(ctx, 'exchange') ?? 'binance', ...(apiUrl ? { apiUrl } : {}), ...(wsUrl ? { wsUrl } : {}), websocket, symbols: frozen.symbols, quote: getString(ctx, 'quote') ?? 'USDT', interval: frozen.interval });
  const need = bookNeeds(frozen);
  const events: Record<FeedEvent['kind'], number> = { poll: 0, reconnect: 0, error: 0, backfill: 0, gap: 0 };
  const onEvent = (e: FeedEvent) => { events[e.kind]++; if (e.kind !== 'poll') ctx.log(`feed ${e.kind}: ${JSON.stringify(e)}`); };
  let books: ReturnType<typeof watchLiveBooks> | null = null;
  if (need.snapshots || need.events) {
    if (!websocket || !ex.has?.watchOrderBook) {
      await ex.close?.();
      throw new UserInputError('run features', `a live feed with order books (--ws on an exchange with watchOrderBook; ${ex.id}${websocket ? ' has none' : ' without --ws'})`, frozen.featureNames.filter((n) => /^(spread_pct|depth_imbalance|ofi|mlofi_\d+)$/.test(n)).join(', '));
    }
    const ms = frozen.config.features.microstructure;
    books = watchLiveBooks(ex, { symbols: frozen.symbols, markets, snapshotDepth: Math.max(5, ms.depth_levels), eventDepth: need.events ? Math.max(5, ms.mlofi.levels) : null, intervalMs, onEvent });
  }
  let session: PaperSession;
  try {
    if (statePath && existsSync(statePath)) {
      const st = decodePaperState(readFileSync(statePath, 'utf8'));
      if (st.configHash !== frozen.configHash) throw new UserInputError('--state', `a session of this run (config ${frozen.configHash.slice(0, 12)})`, st.configHash.slice(0, 12));
      session = PaperSession.resume({ frozen, model, history: {} }, st);
    } else {
      const until = Math.floor(Date.now() / intervalMs) * intervalMs - intervalMs; // the last closed bar's open is before this
      const warm = await recentBars(ex, markets, frozen.symbols, frozen.interval, intervalMs, Math.min(5000, Math.max(200, frozen.window.startBar)), until);
      const history = Object.fromEntries(frozen.symbols.map((s) => [s, toSeries(s, intervalMs, warm[s])]));
      session = PaperSession.create({ frozen, model, history, ...(books ? books.warmup(Float64Array.from(history[frozen.symbols[0]].ts, (t) => t + intervalMs)) : {}) });
    }
  } catch (e) {
    books?.stop(); // no websocket left open behind a refusal
    await ex.close?.();
    throw e;
  }
  const since = (session.lastTs ?? Math.floor(Date.now() / intervalMs) * intervalMs - intervalMs) + intervalMs;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let fed = 0;
  try {
    const feed = liveFeed(ex, markets, { symbols: frozen.symbols, interval: frozen.interval, intervalMs, since, signal: controller.signal, websocket, onEvent });
    const stream: AsyncIterable<{ bars: Record<string, PaperBar>; book?: Record<string, PaperBook> }> = books
      ? withLiveBooks(feed, books, { intervalMs, signal: controller.signal })
      : (async function* () { for await (const bars of feed) yield { bars }; })();
    for await (const { bars, book } of stream) {
      const step = await session.onBars(bars, book);
      for (const f of step.fills) ctx.log(`${new Date(f.ts).toISOString()} fill ${f.symbol} ${f.side > 0 ? 'buy' : 'sell'} ${f.qty.toPrecision(6)} @ ${f.price.toPrecision(8)}`);
      if (statePath) writeFileAtomic(statePath, encodePaperState(session.state()));
      if (++fed >= maxBars) break;
    }
  } finally {
    process.off('SIGINT', onSigint);
    books?.stop();
    await ex.close?.();
  }
  const s = session.summary();
  return {
    json: { run_id: frozen.runId, config_hash: frozen.configHash, feed: 'live', bars: s.bars, equity: s.equity, total_return: s.totalReturn, max_drawdown: s.maxDrawdown, fills: s.fills, trades: s.trades, fees: s.fees, slippage: s.slippage, halts: s.halts, gaps: s.gaps, positions: s.positions, feed_events: events, fill_mismatches: null },
    text: `paper session of ${frozen.runId} on ${ex.id} (live): ${s.bars} bars, equity ${s.equity.toFixed(2)}, fills ${s.fills}, trades ${s.trades}; feed: ${events.reconnect} reconnects, ${events.error} errors, ${events.backfill} back-fills, ${events.gap} gaps`,
  };
}
