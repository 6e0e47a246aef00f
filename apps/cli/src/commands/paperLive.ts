/**
 * `paper start --feed live`: the session on closed bars polled from an exchange's public API (io's
 * liveFeed; no credentials, private methods disabled). Warm-up: the exchange's most recent bars (as
 * many as the run used before its last window, at most 5,000); a --state file resumes and the feed
 * back-fills from its last bar. Feed events (reconnects, errors, back-fills, gaps) go to stderr.
 * A run whose features read the L2 book needs --ws: each symbol's book comes from the exchange's websocket
 * (io's watchLiveBooks, ccxt watchOrderBook) and every closed bar carries its close snapshot and updates;
 * the warm-up bars, before any live book, have all-NaN book rows and no updates. With --ws every closed bar is
 * also checked against the public trades of its interval (ccxt watchTrades; mismatches go to stderr). The feed
 * is io's openLiveSessionFeed, which the server's live sessions use too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserInputError } from '@skippy/core';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { PaperSession, decodePaperState, encodePaperState } from '@skippy/core/paper';
import type { FrozenRunArtifact, PaperModel } from '@skippy/core/paper';
import { writeFileAtomic } from '@skippy/io';
import { connectLiveFeed, liveBookCheck, liveWarmup, openLiveSessionFeed } from '@skippy/io/paper';
import type { FeedEvent } from '@skippy/io/paper';
import type { CliContext, CommandResult } from '../framework.ts';
import { getNumber, getString } from '../args.ts';

export async function startLive(ctx: CliContext, frozen: FrozenRunArtifact, model: PaperModel, statePath: string | null): Promise<CommandResult> {
  const intervalMs = BAR_INTERVAL_MS[frozen.interval];
  const maxBars = getNumber(ctx, 'max-bars', { min: 1, integer: true }) ?? Infinity;
  const apiUrl = getString(ctx, 'exchange-url');
  const websocket = ctx.values.ws === true, wsUrl = getString(ctx, 'exchange-ws-url');
  const { ex, markets } = await connectLiveFeed({ exchange: getString(ctx, 'exchange') ?? 'binance', ...(apiUrl ? { apiUrl } : {}), ...(wsUrl ? { wsUrl } : {}), websocket, symbols: frozen.symbols, quote: getString(ctx, 'quote') ?? 'USDT', interval: frozen.interval });
  const events: Record<FeedEvent['kind'], number> = { poll: 0, reconnect: 0, error: 0, backfill: 0, gap: 0, mismatch: 0, tradeBackfill: 0 };
  const onEvent = (e: FeedEvent) => { events[e.kind]++; if (e.kind !== 'poll') ctx.log(`feed ${e.kind}: ${JSON.stringify(e)}`); };
  let session: PaperSession;
  try {
    liveBookCheck(frozen, ex, websocket);
    if (statePath && existsSync(statePath)) {
      const st = decodePaperState(readFileSync(statePath, 'utf8'));
      if (st.configHash !== frozen.configHash) throw new UserInputError('--state', `a session of this run (config ${frozen.configHash.slice(0, 12)})`, st.configHash.slice(0, 12));
      session = PaperSession.resume({ frozen, model, history: {} }, st);
    } else {
      // warm-up: every bar closed by now (the live feed starts with the next one); book rows all-NaN
      session = PaperSession.create({ frozen, model, ...(await liveWarmup(ex, markets, frozen, intervalMs, Math.floor(Date.now() / intervalMs) * intervalMs)) });
    }
  } catch (e) {
    await ex.close?.(); // no websocket left open behind a refusal
    throw e;
  }
  const since = (session.lastTs ?? Math.floor(Date.now() / intervalMs) * intervalMs - intervalMs) + intervalMs;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let fed = 0;
  const live = openLiveSessionFeed(ex, markets, frozen, { intervalMs, since, websocket, signal: controller.signal, onEvent });
  try {
    for await (const { bars, book } of live.stream) {
      const step = await session.onBars(bars, book);
      for (const f of step.fills) ctx.log(`${new Date(f.ts).toISOString()} fill ${f.symbol} ${f.side > 0 ? 'buy' : 'sell'} ${f.qty.toPrecision(6)} @ ${f.price.toPrecision(8)}`);
      if (statePath) writeFileAtomic(statePath, encodePaperState(session.state()));
      if (++fed >= maxBars) break;
    }
  } finally {
    process.off('SIGINT', onSigint);
    live.stop();
    await ex.close?.();
  }
  const streams = live.health();
  const s = session.summary();
  return {
    json: { run_id: frozen.runId, config_hash: frozen.configHash, feed: 'live', bars: s.bars, equity: s.equity, total_return: s.totalReturn, max_drawdown: s.maxDrawdown, fills: s.fills, trades: s.trades, fees: s.fees, slippage: s.slippage, halts: s.halts, gaps: s.gaps, positions: s.positions, feed_events: events, trade_checks: streams.tradeChecks, fill_mismatches: null },
    text: `paper session of ${frozen.runId} on ${ex.id} (live): ${s.bars} bars, equity ${s.equity.toFixed(2)}, fills ${s.fills}, trades ${s.trades}; feed: ${events.reconnect} reconnects, ${events.error} errors, ${events.backfill} back-fills, ${events.gap} gaps${streams.tradeChecks ? `; bars vs trades: ${streams.tradeChecks.ok} agree, ${streams.tradeChecks.mismatches} differ, ${streams.tradeChecks.incomplete} incomplete` : ''}`,
  };
}
