/**
 * The feature catalog: every feature's tier, the data sources it needs and what those cost to obtain.
 * `featureSetCost` turns a feature set into API calls and bytes for `features --dry-run`.
 */

export type FeatureTier = 'price' | 'microstructure' | 'derivatives';
export type DataSource = 'klines' | 'l2_book' | 'trades' | 'funding' | 'open_interest' | 'sentiment';

export interface FeatureInfo {
  name: string;
  tier: FeatureTier;
  sources: DataSource[];
  /** One line: definition and conventions. */
  description: string;
  /** True for bar-based stand-ins of book features (off by default, never silent substitutes). */
  proxy?: boolean;
  /** What the sources cost to obtain (from SOURCE_COSTS). */
  cost: string;
}

/** How a data source is priced. */
export interface SourceCost {
  source: DataSource;
  /** API calls per row of the source, e.g. 1/1000 for klines (1000 bars per request). */
  callsPerRow?: number;
  /** Bytes per day per symbol for streams that must be captured (no history API). */
  bytesPerDay?: number;
  /** Rows per day per symbol, given the bar interval. */
  rowsPerDay(intervalMs: number): number;
  /** Calls that do not grow with the range (e.g. one request returns the whole daily history). */
  fixedCalls?: number;
  /** Whether the source is per symbol (false: one series shared by all symbols). */
  perSymbol: boolean;
  note: string;
}

const DAY = 86_400_000;

export const SOURCE_COSTS: Record<DataSource, SourceCost> = {
  klines: { source: 'klines', callsPerRow: 1 / 1000, rowsPerDay: (ms) => DAY / ms, perSymbol: true, note: 'exchange klines: 1 call per 1000 bars' },
  l2_book: {
    source: 'l2_book', bytesPerDay: 6.96e9, rowsPerDay: () => 0, perSymbol: true,
    note: 'L2 diff stream (depth@0ms) must be captured live: ≈ 6.96e9 raw bytes per day per symbol (shared BTCUSDT perp capture: 27,757,550 bytes in 344.8 s incl. trades and bookTicker)',
  },
  trades: { source: 'trades', bytesPerDay: 0, rowsPerDay: () => 0, perSymbol: true, note: 'trades come in the same capture as the L2 stream (bytes counted there)' },
  funding: { source: 'funding', callsPerRow: 1 / 1000, rowsPerDay: () => 3, perSymbol: true, note: 'funding history: 8-hourly settlements, 1 call per 1000 settlements' },
  open_interest: {
    source: 'open_interest', callsPerRow: 1 / 500, rowsPerDay: (ms) => DAY / Math.max(ms, 300_000), perSymbol: true,
    note: 'open-interest history: 1 call per 500 rows at the bar interval (5m at the finest)',
  },
  sentiment: { source: 'sentiment', fixedCalls: 1, rowsPerDay: () => 1, perSymbol: false, note: 'daily sentiment index: 1 call returns the whole history' },
};
