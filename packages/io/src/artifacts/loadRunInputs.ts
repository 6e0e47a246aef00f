import type { ExperimentConfig } from '@skippy/core/config';
import type { PipelineInputs } from '@skippy/core/pipeline';
import type { BarSeries, BookEvents, BookSnapshots, TimeSeries } from '@skippy/core';
import { openDataStore } from '../store/index.ts';
import type { DataStore, ManifestEntry } from '../store/index.ts';
import type { ParquetTable } from '../parquet.ts';
import { bookFromTable } from '../ingest/bookTable.ts';

/** A series a store run can use: bars, then the auxiliary ones (book = snapshots at bar close, book_events = in-bar updates). */
export type LoadedSeriesName = 'bars' | 'funding' | 'book' | 'book_events' | 'open_interest' | 'sentiment';

/** What loadRunInputs found for one symbol and series (`sentiment` is market-wide: symbol "*"). */
export interface LoadedSeries {
  symbol: string;
  series: LoadedSeriesName;
  /** Loaded with at least one usable row (for `book`: a snapshot for at least one bar). */
  present: boolean;
  /** Rows loaded (for `book`: bars that got a snapshot; events inside the bars' span for `book_events`). */
  rows: number;
  /** Not looked for because its data.sources switch is off. */
  switchedOff: boolean;
}

/** The inputs of a store run plus the list of what was loaded and what was missing. */
export type LoadedRunInputs = PipelineInputs & { loaded: LoadedSeries[] };

/** Per-symbol series availability in the shape of core's `AvailableData` (pipeline/dataRequirements.ts). */
export interface LoadedAvailability {
  source: 'store';
  series: Record<string, { funding: boolean; book: boolean; bookEvents: boolean; openInterest: boolean }>;
  sentiment: boolean;
}

/**
 * loadRunInputs(config, dataDir) – the market data a run needs, read through io.
 *  - source "synthetic": null – the pipeline generates the seeded market itself (pure, no IO);
 *  - source "store": each symbol's bars at `data.bar_interval` from the data directory, restricted to
 *    [range.start, range.end) (a missing bars dataset is a UserInputError naming it), and every
 *    auxiliary series the directory holds for the run's symbols whose `data.sources` switch is on:
 *    `funding/<SYM>` (funding rates: tier-3 funding_rate_delta and execution funding),
 *    `open_interest/<SYM>`, the market-wide `sentiment`, `book/<SYM>` (one row per bar: the last snapshot
 *    at or before the bar's close and no older than one bar, NaN otherwise; feeds spread %, depth
 *    imbalance and the backtest's half spread) and `book_events/<SYM>` (updates inside the bars' span;
 *    ofi, mlofi). Time series are kept whole (as-of joins need the history before the range).
 * The result carries `loaded`: one entry per symbol and series saying whether it was loaded, so a missing
 * series is visible (see loadedAvailability and core's dataRequirementIssues / appliedCostComponents).
 */
export async function loadRunInputs(config: ExperimentConfig, dataDir: string): Promise<LoadedRunInputs | null> {
  const d = config.data;
  if (d.source === 'synthetic') return null;
  const store = openDataStore(dataDir);
  const range = { ...(d.range.start ? { start: Date.parse(d.range.start) } : {}), ...(d.range.end ? { end: Date.parse(d.range.end) } : {}) };
  const bars: Record<string, BarSeries> = {};
  // data.dataset picks one stored source (e.g. file:BTC_USDT-1m) when a symbol has several; null = the only one present
  for (const s of d.symbols) bars[s] = await store.readBars(s, d.bar_interval, { ...range, ...(d.dataset ? { source: d.dataset } : {}) });
  const tables = new Set((await store.listDatasets()).flatMap((e: ManifestEntry) => (e.kind === 'table' ? [`${e.name}/${e.symbol ?? '*'}`] : [])));
  const read = (name: string, symbol: string | null): Promise<ParquetTable | null> => readIfStored(store, tables, name, symbol);
  const loaded: LoadedSeries[] = [];
  const note = (symbol: string, series: LoadedSeriesName, rows: number, switchedOff = false) => loaded.push({ symbol, series, present: rows > 0, rows, switchedOff });
  const funding: Record<string, TimeSeries> = {};
  const openInterest: Record<string, TimeSeries> = {};
  const snapshots: Record<string, BookSnapshots> = {};
  const events: Record<string, BookEvents> = {};
  for (const s of d.symbols) {
    const b = bars[s];
    note(s, 'bars', b.ts.length);
    for (const [name, on, into] of [['funding', d.sources.funding, funding], ['open_interest', d.sources.open_interest, openInterest]] as const) {
      if (!on) { note(s, name, 0, true); continue; }
      const series = timeSeriesOf(await read(name, s), name === 'funding' ? 'funding_rate' : 'open_interest', s);
      if (series) into[s] = series;
      note(s, name, series?.ts.length ?? 0);
    }
    if (!d.sources.book) {
      note(s, 'book', 0, true);
      note(s, 'book_events', 0, true);
      continue;
    }
    const intervalMs = b.intervalMs ?? 0;
    const bookTable = await read('book', s);
    const perBar = bookTable ? bookAtBarClose(b.ts, intervalMs, bookFromTable(s, bookTable.columns)) : null;
    if (perBar && perBar.matched > 0) snapshots[s] = perBar.book;
    note(s, 'book', perBar?.matched ?? 0);
    const evTable = await read('book_events', s);
    const ev = evTable ? eventsWithin(bookFromTable(s, evTable.columns), b.ts.length ? b.ts[0] : 0, b.ts.length ? b.ts[b.ts.length - 1] + intervalMs : 0) : null;
    if (ev && ev.ts.length > 0) events[s] = ev;
    note(s, 'book_events', ev?.ts.length ?? 0);
  }
  let sentiment: TimeSeries | null = null;
  if (d.sources.sentiment) {
    sentiment = timeSeriesOf(await read('sentiment', null), 'sentiment');
    note('*', 'sentiment', sentiment?.ts.length ?? 0);
  } else note('*', 'sentiment', 0, true);
  const some = (r: Record<string, unknown>) => Object.keys(r).length > 0;
  return {
    source: 'store', bars,
    ...(some(snapshots) ? { snapshots } : {}),
    ...(some(events) ? { events } : {}),
    ...(some(funding) ? { funding } : {}),
    ...(some(openInterest) ? { openInterest } : {}),
    ...(sentiment && sentiment.ts.length > 0 ? { sentiment } : {}),
    loaded,
  };
}

/**
 * loadedAvailability(loaded, symbols) – the `available` argument of core's dataRequirementIssues and
 * appliedCostComponents for a store run (book = snapshots at bar close; bookEvents = in-bar updates).
 */
export function loadedAvailability(loaded: LoadedSeries[], symbols: string[]): LoadedAvailability {
  const present = (symbol: string, series: LoadedSeriesName) => loaded.some((l) => l.symbol === symbol && l.series === series && l.present);
  return {
    source: 'store',
    series: Object.fromEntries(symbols.map((s) => [s, {
      funding: present(s, 'funding'), book: present(s, 'book'), bookEvents: present(s, 'book_events'), openInterest: present(s, 'open_interest'),
    }])),
    sentiment: present('*', 'sentiment'),
  };
}

async function readIfStored(store: DataStore, tables: Set<string>, name: string, symbol: string | null): Promise<ParquetTable | null> {
  return tables.has(`${name}/${symbol ?? '*'}`) ? store.readTable(name, symbol) : null;
}

/** A stored (ts, value, availableAt) table as a TimeSeries; null when absent or not in that shape. */
function timeSeriesOf(table: ParquetTable | null, name: string, symbol?: string): TimeSeries | null {
  if (!table) return null;
  const { ts, value, availableAt } = table.columns;
  if (!(ts instanceof Float64Array) || !(value instanceof Float64Array)) return null;
  return { name, ...(symbol ? { symbol } : {}), ts, value, ...(availableAt instanceof Float64Array ? { availableAt } : {}) };
}

const SIDES = ['bidPx', 'bidQty', 'askPx', 'askQty'] as const;

/**
 * bookAtBarClose(barTs, intervalMs, book) – one book row per bar: the last snapshot with
 * close − intervalMs < ts ≤ close (close = open + intervalMs), so a snapshot is never used after its
 * bar and a book that stopped is not carried forward; NaN rows where the bar has none.
 */
export function bookAtBarClose(barTs: Float64Array, intervalMs: number, book: BookSnapshots): { book: BookSnapshots; matched: number } {
  const n = barTs.length, d = book.depth, m = book.ts.length;
  const out: BookSnapshots = {
    symbol: book.symbol, depth: d, ts: new Float64Array(n),
    bidPx: new Float64Array(n * d).fill(NaN), bidQty: new Float64Array(n * d).fill(NaN), askPx: new Float64Array(n * d).fill(NaN), askQty: new Float64Array(n * d).fill(NaN),
  };
  let j = -1, matched = 0;
  for (let i = 0; i < n; i++) {
    const close = barTs[i] + intervalMs;
    out.ts[i] = close;
    while (j + 1 < m && book.ts[j + 1] <= close) j++;
    if (j < 0 || !(book.ts[j] > close - intervalMs || (intervalMs === 0 && book.ts[j] === close))) continue;
    matched++;
    for (const k of SIDES) out[k].set(book[k].subarray(j * d, j * d + d), i * d);
  }
  return { book: out, matched };
}

/** The book updates with ts in [from, to]. */
function eventsWithin(ev: BookEvents, from: number, to: number): BookEvents {
  let lo = 0, hi = ev.ts.length;
  while (lo < hi && ev.ts[lo] < from) lo++;
  while (hi > lo && ev.ts[hi - 1] > to) hi--;
  if (lo === 0 && hi === ev.ts.length) return ev;
  const d = ev.depth;
  const cut = (a: Float64Array) => a.slice(lo * d, hi * d);
  return { ...ev, ts: ev.ts.slice(lo, hi), bidPx: cut(ev.bidPx), bidQty: cut(ev.bidQty), askPx: cut(ev.askPx), askQty: cut(ev.askQty) };
}
