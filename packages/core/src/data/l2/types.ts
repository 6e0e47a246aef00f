import type { BarSeries, BookEvents, BookSnapshots, TradeSeries } from '../types.ts';

/** Options of replayBinanceCapture. */
export interface ReplayBinanceCaptureOptions {
  /** Bar length in ms; bars are cut by exchange event time on the epoch grid. @default 1000 */
  barMs?: number;
  /** Levels per side in `snapshots` (bar-close states). @default 5 */
  depth?: number;
  /** Levels per side in `events` (one row per applied diff). @default 5 */
  eventLevels?: number;
  /**
   * Which sequencing rules apply: `usdm` (USDⓈ-M futures, `pu` chain) or `spot` (`U` = previous
   * `u` + 1). `auto` picks usdm when the first depthUpdate carries `pu`, else spot.
   * @default 'auto'
   */
  market?: 'auto' | 'spot' | 'usdm';
  /** Names the input in error messages. @default 'capture' */
  source?: string;
  /**
   * Names line `index` (0-based position in the stream) in error messages; the IO layer maps
   * it to `file:line` when several files form one stream. @default (i) => `${source}:${i + 1}`
   */
  lineLabel?: (index: number) => string;
}

/** A break in the update-id chain (or a snapshot that no diff brackets). */
export interface ChainBreak {
  /** 0-based line index in the stream. */
  line: number;
  /** Exchange event time of the offending diff. */
  E: number;
  /** What the rule expected (`pu` for usdm, the largest acceptable `U` for spot; the snapshot id for a failed sync). */
  expected: number;
  /** What the diff carried (`pu` or `U`). */
  got: number;
  rule: 'pu == previous u' | 'U <= previous u + 1' | 'first diff brackets the snapshot';
}

export interface ReplayStats {
  market: 'spot' | 'usdm';
  /** Non-empty lines read. */
  messages: number;
  depthUpdates: number;
  /** Diffs held because no synced book existed yet (before the snapshot, or after a break). */
  diffsBuffered: number;
  diffsApplied: number;
  /** Stale diffs discarded: u < lastUpdateId (usdm) / u ≤ lastUpdateId (spot) at sync, u ≤ last applied u later. */
  diffsDropped: number;
  /** Buffered diffs never applied because no usable snapshot followed them. */
  diffsUnused: number;
  /** Spot diffs whose U ≤ previous u although u > previous u (accepted, per Binance). */
  overlaps: number;
  chainBreaks: number;
  /** Snapshots that the first remaining buffered diff did not bracket (the book waits for another). */
  syncFailures: number;
  /** The first 100 breaks and sync failures, in stream order. */
  breaks: ChainBreak[];
  /** REST snapshot lines seen / used to (re)sync. */
  snapshots: number;
  snapshotsUsed: number;
  /** lastUpdateId of the first snapshot used. */
  snapshotLastUpdateId: number;
  /** E of the first applied diff (start of the bar grid is floor(E / barMs) · barMs). */
  firstSyncedE: number;
  /** Largest E among diffs seen after the first sync (end of the bar grid). */
  lastDiffE: number;
  trades: number;
  /** Trade-id gaps (id ≠ previous id + 1). */
  tradeIdGaps: number;
  bookTickers: number;
  /** Messages of other streams (counted, not used). */
  otherMessages: number;
  /** Book states checked for best bid < best ask, and how many were crossed or locked. */
  crossedChecks: number;
  crossedStates: number;
  /** Diffs whose E is lower than the previous diff's E. */
  eventTimeReversals: number;
  bars: number;
}

export interface ReplayResult {
  symbol: string;
  /** Trade bars, ts = bar open (ms); columns trade_count and buy_volume. */
  bars: BarSeries;
  /** Book at each bar close (ts = bar open + barMs), top `depth` levels; NaN while out of sync. */
  snapshots: BookSnapshots;
  /** Book after each applied diff (ts = E), top `eventLevels`; an all-NaN row marks a chain break. */
  events: BookEvents;
  /** Final update id `u` of each events row (NaN on break rows), for cross-checks against bookTicker. */
  eventUpdateIds: Float64Array;
  /** Every trade of the capture in arrival order, ts = trade time T. */
  trades: TradeSeries;
  stats: ReplayStats;
}
