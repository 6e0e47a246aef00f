/**
 * syntheticMarket – the embedded default market: bars (syntheticBars), a 10-level book at each
 * bar close with intra-bar book events (syntheticBook), funding, open interest and a lagged
 * daily sentiment index (syntheticDerivatives). Exercises every feature tier with no data at all.
 * Deterministic: every part draws from createRng(seed).fork(purpose:symbol), so the same options
 * give the same bytes, and adding a symbol does not change the others' BTC-driven values.
 */
import type { BarSeries, BookEvents, BookSnapshots, TimeSeries } from '../types.ts';
import { createRng } from '../../util/rng.ts';
import { simulateBars } from './syntheticBars.ts';
import type { SyntheticBarsOptions } from './syntheticBars.ts';
import { syntheticBook } from './syntheticBook.ts';
import { syntheticFunding, syntheticOpenInterest, syntheticSentiment } from './syntheticDerivatives.ts';

export interface SyntheticMarketOptions extends SyntheticBarsOptions {
  /**
   * Generate the L2 book (snapshots at bar close and intra-bar events).
   * @default true
   */
  book?: boolean;
  /**
   * Levels per side in the close snapshots.
   * @default 10
   */
  bookLevels?: number;
  /**
   * Book states per bar in `bookEvents` (the last one equals the close snapshot); 0 = none.
   * @default 4
   */
  eventsPerBar?: number;
  /**
   * Levels per side in `bookEvents`.
   * @default 5
   */
  eventLevels?: number;
}

export interface SyntheticMarket {
  bars: Record<string, BarSeries>;
  /** Book at each bar close: ts = bar open + intervalMs. */
  book?: Record<string, BookSnapshots>;
  /** Intra-bar book states, ts strictly inside the bar; the last one per bar = the close snapshot. */
  bookEvents?: Record<string, BookEvents>;
  /** 8-hourly settlements (00/08/16 UTC), availableAt = settlement time. */
  funding: Record<string, TimeSeries>;
  /** Hourly open interest (USD notional), availableAt = ts. */
  openInterest: Record<string, TimeSeries>;
  /** Daily index of the first symbol's day, availableAt = next day 01:00 UTC. */
  sentiment: TimeSeries;
}

/** syntheticMarket(options) – see the module comment. */
export function syntheticMarket(options: SyntheticMarketOptions): SyntheticMarket {
  const { bars, volFactor } = simulateBars(options);
  const root = createRng(options.seed);
  const symbols = Object.keys(bars);
  const wantBook = options.book ?? true;
  const perBar = options.eventsPerBar ?? 4;
  const book: Record<string, BookSnapshots> = {};
  const bookEvents: Record<string, BookEvents> = {};
  const funding: Record<string, TimeSeries> = {};
  const openInterest: Record<string, TimeSeries> = {};
  for (const s of symbols) {
    if (wantBook) {
      const b = syntheticBook(bars[s], volFactor, root.fork(`book:${s}`), { levels: options.bookLevels ?? 10, eventsPerBar: perBar, eventLevels: options.eventLevels ?? 5 });
      book[s] = b.snapshots;
      if (b.events) bookEvents[s] = b.events;
    }
    funding[s] = syntheticFunding(bars[s], root.fork(`funding:${s}`));
    openInterest[s] = syntheticOpenInterest(bars[s], root.fork(`oi:${s}`));
  }
  const first = symbols[0];
  const sentiment = first !== undefined
    ? syntheticSentiment(bars[first], root.fork('sentiment'))
    : { name: 'sentiment', ts: new Float64Array(0), value: new Float64Array(0), availableAt: new Float64Array(0) };
  return {
    bars,
    ...(wantBook ? { book } : {}),
    ...(wantBook && perBar > 0 ? { bookEvents } : {}),
    funding,
    openInterest,
    sentiment,
  };
}
