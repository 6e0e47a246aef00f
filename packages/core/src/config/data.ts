import { z } from 'zod';
import { isoDate, oneOf, posInt, section, str, bool } from './primitives.ts';

export const BAR_INTERVALS = ['1s', '1m', '5m', '15m', '1h'] as const;

export const dataSchema = section({
  /** Base assets traded against USDT. @default ["BTC","ETH"] */
  symbols: z.array(str('a symbol such as BTC').regex(/^[A-Z0-9]{2,12}$/, { error: 'expected an upper-case symbol such as BTC' }), { error: 'expected a list of symbols' })
    .min(1, { error: 'expected at least one symbol' }).default(['BTC', 'ETH']),
  /** Bar interval. @default "1m" */
  bar_interval: oneOf(BAR_INTERVALS).default('1m'),
  /** Inclusive start / exclusive end (UTC). null = everything available. */
  range: section({ start: isoDate().default(null), end: isoDate().default(null) }).prefault({}),
  /** Where bars come from: the seeded synthetic market, or the data directory (ingested Parquet). @default "synthetic" */
  source: oneOf(['synthetic', 'store'] as const).default('synthetic'),
  /** Synthetic market: length in days and seed. */
  synthetic: section({
    days: posInt().max(3650, { error: 'expected at most 3650 days' }).default(30),
    seed: z.number({ error: 'expected an integer seed' }).int({ error: 'expected an integer seed' }).default(42),
    /**
     * A planted, learnable momentum edge for controls (see syntheticBars `edge`): strength 0 is the plain
     * market; e.g. 0.3 makes past returns predict the next bars. `shape: nonlinear` plants an interaction
     * instead (recent × older half of the lookback's shocks): invisible to a linear model on lag returns,
     * learnable from the return window (e.g. by the TCN). @default { strength: 0, lookback: 20, shape: "linear" }
     */
    edge: section({
      strength: z.number({ error: 'expected a number' }).min(-1, { error: 'expected a strength in [-1, 1]' }).max(1, { error: 'expected a strength in [-1, 1]' }).default(0),
      lookback: posInt().max(1000, { error: 'expected at most 1000 bars' }).default(20),
      shape: oneOf(['linear', 'nonlinear'] as const).default('linear'),
    }).refine((e) => e.shape === 'linear' || e.lookback >= 2, { error: 'a nonlinear edge needs a lookback of at least 2 bars', path: ['lookback'] }).prefault({}),
  }).prefault({}),
  /**
   * Which stored dataset a store run reads when the data directory holds several for a symbol and interval
   * (`synthetic`, `file:<name>`, `ccxt:<exchange>`, as `skippy-train data ls` lists them); null = the only
   * one present (several → a clear error naming them). @default null
   */
  dataset: str('a stored dataset such as file:BTC_USDT-1m').max(200, { error: 'expected at most 200 characters' }).nullable().default(null),
  /** Auxiliary sources to load next to the bars (each feeds a feature tier). */
  sources: section({
    book: bool().default(true),
    funding: bool().default(true),
    open_interest: bool().default(true),
    sentiment: bool().default(true),
  }).prefault({}),
  /**
   * Longest tolerated hole in the bars, in bar intervals: when the time between two consecutive bar
   * opens exceeds `max_gap_bars` intervals (1 = any missing bar), the series is broken there. Rolling
   * features restart after the break (NaN until their window refills) and a triple-barrier event whose
   * path from t0 to its vertical barrier crosses it is dropped and counted (`gap`).
   * @default 5
   */
  max_gap_bars: posInt().default(5),
  /** Time zone of naive timestamps in input files (e.g. "UTC", "+03:00"). @default "UTC" */
  timezone: str('a time zone such as UTC or +03:00').regex(/^(UTC|Z|[+-]\d{2}:?\d{2})$/, { error: 'expected UTC or an offset such as +03:00' }).default('UTC'),
});
export type DataConfig = z.infer<typeof dataSchema>;
