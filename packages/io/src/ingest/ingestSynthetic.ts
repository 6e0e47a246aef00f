/**
 * ingestSynthetic(store, options) – writes the synthetic market into the data directory: bars for each
 * requested interval (the smallest is generated; longer ones are resampled from it when they are
 * multiples, so 1m and 5m agree), and with `tables` the tier-2/3 inputs as tables:
 * book/<SYM> (close snapshots), book_events/<SYM> (both replaced on each ingest), funding/<SYM>,
 * open_interest/<SYM> (ts, value, availableAt) and sentiment (market-wide), merged by ts.
 * Source label: "synthetic:seed=<seed>".
 */
import { syntheticMarket } from '@skippy/core/data';
import type { DataStore, WriteBarsResult } from '../store/openDataStore.ts';
import { intervalMsOf } from '../store/openDataStore.ts';
import type { TableEntry } from '../store/manifest.ts';
import { resampleBars } from './resampleBars.ts';
import { bookToColumns } from './bookTable.ts';

export interface IngestSyntheticOptions {
  /** @default ['BTC', 'ETH'] */
  symbols?: string[];
  /** Interval labels. @default ['1m'] */
  intervals?: string[];
  /** @default 30 */
  days?: number;
  seed: number;
  /** @default 2024-01-01T00:00Z */
  startMs?: number;
  /** Also write book, book events, funding, open interest and sentiment tables. @default true */
  tables?: boolean;
}

export interface IngestSyntheticReport {
  source: string;
  bars: WriteBarsResult[];
  tables: TableEntry[];
}

export async function ingestSynthetic(store: DataStore, options: IngestSyntheticOptions): Promise<IngestSyntheticReport> {
  const intervals = [...new Set(options.intervals ?? ['1m'])].map((label) => ({ label, ms: intervalMsOf(label) })).sort((a, b) => a.ms - b.ms);
  if (intervals.length === 0) throw new Error('ingestSynthetic: at least one interval is required');
  const source = `synthetic:seed=${options.seed}`;
  const base = intervals[0];
  const common = { ...(options.symbols ? { symbols: options.symbols } : {}), days: options.days ?? 30, seed: options.seed, ...(options.startMs !== undefined ? { startMs: options.startMs } : {}) };
  const withTables = options.tables ?? true;
  const market = syntheticMarket({ ...common, intervalMs: base.ms, book: withTables });
  const bars: WriteBarsResult[] = [];
  const tables: TableEntry[] = [];
  for (const { ms } of intervals) {
    const series = ms === base.ms ? market.bars
      : ms % base.ms === 0 ? Object.fromEntries(Object.entries(market.bars).map(([s, b]) => [s, resampleBars(b, ms)]))
        : syntheticMarket({ ...common, intervalMs: ms, book: false }).bars;
    for (const b of Object.values(series)) bars.push(await store.writeBars(b, { source }));
  }
  if (withTables) {
    for (const s of Object.keys(market.bars)) {
      if (market.book?.[s]) tables.push(await store.writeTable('book', s, bookToColumns(market.book[s]), { source }));
      if (market.bookEvents?.[s]) tables.push(await store.writeTable('book_events', s, bookToColumns(market.bookEvents[s]), { source }));
      tables.push(await store.writeSeries('funding', s, market.funding[s], { source }));
      tables.push(await store.writeSeries('open_interest', s, market.openInterest[s], { source }));
    }
    tables.push(await store.writeSeries('sentiment', null, market.sentiment, { source }));
  }
  return { source, bars, tables };
}
