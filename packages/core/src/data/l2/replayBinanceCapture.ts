import { UserInputError } from '../../util/errors.ts';
import { Replayer } from './replayer.ts';
import { tradeBars } from './tradeBars.ts';
import type { ReplayBinanceCaptureOptions, ReplayResult } from './types.ts';

/**
 * replayBinanceCapture(lines, opts) – rebuilds the L2 book from a Binance websocket capture
 * (`<local_ts> <json>` lines: one REST depth snapshot, depthUpdate diffs, trades, bookTicker)
 * and emits trade bars, bar-close book snapshots, per-diff book states and trades.
 *
 * Sequencing follows Binance's documented local-book procedure (see replayer.ts and the
 * README). Bars are cut on the epoch grid of `barMs` by exchange time, from the bar holding the
 * first synced state to the bar holding the last diff. Several files of one stream are simply
 * concatenated lines. Throws UserInputError for malformed lines, mixed symbols, or a capture in
 * which the book never syncs (no snapshot, or no diff brackets any snapshot).
 */
export function replayBinanceCapture(lines: Iterable<string>, opts: ReplayBinanceCaptureOptions = {}): ReplayResult {
  const barMs = opts.barMs ?? 1000;
  const depth = opts.depth ?? 5;
  const eventLevels = opts.eventLevels ?? 5;
  const source = opts.source ?? 'capture';
  if (!Number.isInteger(barMs) || barMs <= 0) throw new UserInputError('barMs', 'expected a positive integer number of milliseconds', barMs);
  if (!Number.isInteger(depth) || depth <= 0) throw new UserInputError('depth', 'expected a positive integer', depth);
  if (!Number.isInteger(eventLevels) || eventLevels <= 0) throw new UserInputError('eventLevels', 'expected a positive integer', eventLevels);
  const market = opts.market ?? 'auto';
  const label = opts.lineLabel ?? ((i: number) => `${source}:${i + 1}`);
  const r = new Replayer({ barMs, depth, eventLevels, market, label });
  let index = 0;
  for (const line of lines) r.line(line, index++);
  r.finish();
  if (!r.synced) {
    if (r.stats.snapshots === 0) throw new UserInputError(source, 'expected a REST depth snapshot line ({"lastUpdateId":...}) to start the book from', undefined, 'the capture has none');
    throw new UserInputError(source, `expected a depthUpdate that brackets a snapshot's lastUpdateId (${r.stats.snapshotLastUpdateId})`, undefined, `none among ${r.stats.depthUpdates} diffs, ${r.stats.snapshots} snapshot(s)`);
  }

  const snaps = r.snaps.columns();
  const events = r.events.columns();
  const snapClose = snaps.ts;
  const barOpen = new Float64Array(snapClose.length);
  for (let i = 0; i < snapClose.length; i++) barOpen[i] = snapClose[i] - barMs;
  const tradeTs = r.trTs.toArray();
  const tradePx = r.trPx.toArray();
  const tradeQty = r.trQty.toArray();
  const tradeSide = Int8Array.from(r.trSide.toArray());
  const symbol = r.symbol;
  const bars = tradeBars(symbol, barOpen, barMs, tradeTs, tradePx, tradeQty, tradeSide);
  r.stats.bars = barOpen.length;
  return {
    symbol,
    bars,
    snapshots: { symbol, depth, ...snaps },
    events: { symbol, depth: eventLevels, ...events },
    eventUpdateIds: r.evId.toArray(),
    trades: { symbol, ts: tradeTs, price: tradePx, qty: tradeQty, side: tradeSide },
    stats: r.stats,
  };
}
