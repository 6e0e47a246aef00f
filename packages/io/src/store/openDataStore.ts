/**
 * openDataStore(dir) – the data directory (default `.skippy/data/`; the CLI passes --data-dir or
 * $SKIPPY_DATA_DIR). Layout (one Parquet file per partition, rewritten whole on each write):
 *
 *   <dir>/manifest.json                                        datasets, rows, ts range, gaps, coverage, bytes, sources
 *   <dir>/bars/source=<SOURCE>/symbol=<SYMBOL>/interval=<INTERVAL>/bars.parquet  ts, open, high, low, close, volume (+ extras)
 *   <dir>/tables/name=<NAME>/symbol=<SYMBOL>/table.parquet       per-symbol tables (funding, open_interest, book, book_events)
 *   <dir>/tables/name=<NAME>/table.parquet                        market-wide tables (sentiment)
 *
 * Bars are kept apart by source (see datasetSource: "synthetic", "ccxt:<exchange>", "file:<name>"): a file
 * ingested for BTC 1h never merges into synthetic BTC 1h bars. Reads name the source, or take the only one.
 * Old layout (`bars/symbol=…/interval=…`, before sources): read as the dataset of its recorded sources' key
 * (`legacy-mixed` when they were already merged); its next write moves it to the new layout.
 *
 * Safety: every file is written to a temp file in the same folder, fsynced and renamed over the
 * old one (writeFileAtomic), data first and manifest second. A failure at any point leaves the old
 * file whole; a crash between the two renames is healed on the next open (the manifest is rebuilt
 * from the files when sizes disagree). Leftover `.*.tmp` files are ignored. One writer at a time.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INTERVAL_MS, UserInputError } from '@skippy/core';
import type { BarSeries, TimeSeries } from '@skippy/core';
import { dedupeBars, parseDuplicateRule, type DuplicateRule, type QcDuplicateSummary } from '@skippy/core/qc';
import type { ParsedBarSeries } from '@skippy/core/data';
import { writeFileAtomic } from '../atomic.ts';
import { barsFromTable, barsParquetBytes, parseTableParquet, tableParquetBytes } from '../parquet.ts';
import type { ParquetTable, TableColumn } from '../parquet.ts';
import { MANIFEST_FILE, MANIFEST_VERSION, barsKey, manifestKey, parseManifest, serializeManifest } from './manifest.ts';
import { datasetSource, escapeSource, legacySource, unescapeSource } from './datasetSource.ts';
import type { BarsEntry, Manifest, ManifestEntry, TableEntry } from './manifest.ts';
import { coverageRanges, gapStats, unionRanges } from './ranges.ts';
import type { TimeRange } from './ranges.ts';
import { mergeBars } from './mergeBars.ts';

export interface DataStoreOptions {
  /**
   * How files are written; tests inject failures here.
   * @default writeFileAtomic
   */
  writeFile?: (path: string, data: string | Uint8Array) => void;
}

export interface WriteBarsResult {
  /** Source key of the dataset written (see datasetSource). */
  dataset: string;
  symbol: string;
  interval: string;
  /** Incoming rows whose ts was new. */
  added: number;
  /** Stored rows replaced by incoming rows with the same ts (incoming wins). */
  replaced: number;
  /** Rows stored after the merge. */
  rows: number;
  file: string;
  /**
   * How rows of the incoming bars that share a timestamp were resolved before the merge: the rule that ran
   * and what it did (`times` with more than one row, `rows_dropped`, `kept_not_first`, OHLC disagreement).
   */
  duplicates: QcDuplicateSummary;
}

export interface WriteBarsOptions {
  /** Source label, recorded in the dataset: "synthetic:seed=42", "ccxt:binance", "file:<name>". Its key (datasetSource) picks the dataset. */
  source: string;
  /** Time ranges this write is complete for (e.g. the windows an exchange answered). */
  covers?: TimeRange[];
  /**
   * Which incoming row of a shared timestamp is stored: "precision" (most decimals, then the millisecond-format
   * row, then the later row), "first" or "last" in file order. @default "precision"
   */
  duplicates?: DuplicateRule;
}

export interface ReadBarsOptions {
  /** First bar open to include (epoch ms, inclusive). */
  start?: number;
  /** Bar opens before this (epoch ms, exclusive). */
  end?: number;
  /**
   * Dataset source: a key ("synthetic", "file:Binance_BTCUSDT_1h", "ccxt:binance") or a label that maps to one.
   * @default the only source holding the symbol and interval (a UserInputError names them when there are several)
   */
  source?: string;
}

export interface CoverageOptions {
  /** Dataset source (key or label); @default the only source holding the symbol and interval. */
  source?: string;
}

export interface DataStore {
  readonly dir: string;
  /** Every dataset (bars and tables), sorted by key. */
  listDatasets(): Promise<ManifestEntry[]>;
  /** Source keys holding bars of `symbol` and `interval`, sorted. */
  sources(symbol: string, interval: string): Promise<string[]>;
  /**
   * Covered time of one source's dataset: maximal runs of stored consecutive bars ∪ ranges written with `covers`;
   * [] when that source holds nothing. Without `source`: the only source present ([] when none; a
   * UserInputError naming them when several).
   */
  coverage(symbol: string, interval: string, options?: CoverageOptions): Promise<TimeRange[]>;
  /** Stored bars of one source with open time in [start, end). Throws UserInputError when the dataset does not exist or the source is ambiguous. */
  readBars(symbol: string, interval: string, options?: ReadBarsOptions): Promise<BarSeries>;
  /**
   * Merges `bars` into the dataset of its source (datasetSource(options.source)) atomically: incoming rows that
   * share a timestamp are first resolved by `options.duplicates`; then dedupe by ts against the stored rows,
   * sorted, incoming wins. `covers`: time ranges this write is complete for (e.g. the windows an exchange
   * answered), so holes the source does not have count as covered and are not fetched again.
   */
  writeBars(bars: ParsedBarSeries, options: WriteBarsOptions): Promise<WriteBarsResult>;
  /** Replaces a table (all columns the same length; `ts` recommended) atomically. */
  writeTable(name: string, symbol: string | null, columns: Record<string, TableColumn>, options: { source: string }): Promise<TableEntry>;
  /**
   * Merges a time series (funding, open interest, …) into table `name`: columns ts, value, availableAt
   * (= ts when absent); dedupe by ts, sorted, incoming rows win. Atomic like every write.
   */
  writeSeries(name: string, symbol: string | null, series: TimeSeries, options: { source: string }): Promise<TableEntry & { added: number; replaced: number }>;
  /** Reads a table back; throws UserInputError when it does not exist. */
  readTable(name: string, symbol: string | null): Promise<ParquetTable>;
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SOURCES_KEY = 'skippy.sources';
const FETCHED_KEY = 'skippy.fetched';

/** intervalLabel(ms) – "1m", "5m", … for the standard intervals, else "<ms>ms". */
export function intervalLabel(ms: number): string {
  for (const [label, v] of Object.entries(INTERVAL_MS)) if (v === ms) return label;
  return `${ms}ms`;
}

/** intervalMsOf(label) – the inverse of intervalLabel; UserInputError on an unknown label. */
export function intervalMsOf(label: string): number {
  const known = INTERVAL_MS[label];
  if (known !== undefined) return known;
  const m = /^(\d+)ms$/.exec(label);
  if (m && Number(m[1]) > 0) return Number(m[1]);
  throw new UserInputError('interval', `expected one of ${Object.keys(INTERVAL_MS).join(', ')}`, label);
}

function checkName(field: string, value: string): void {
  if (!SAFE.test(value)) throw new UserInputError(field, 'expected letters, digits, ".", "_" or "-"', value);
}

/** barsFile(symbol, interval, source) – the partition file; without a source, the old layout's path. */
export function barsFile(symbol: string, interval: string, source?: string): string {
  return source === undefined ? `bars/symbol=${symbol}/interval=${interval}/bars.parquet` : `bars/source=${escapeSource(source)}/symbol=${symbol}/interval=${interval}/bars.parquet`;
}

export function tableFile(name: string, symbol: string | null): string {
  return symbol === null ? `tables/name=${name}/table.parquet` : `tables/name=${name}/symbol=${symbol}/table.parquet`;
}

function fetchedOf(meta: Record<string, string>): TimeRange[] {
  try {
    const v = JSON.parse(meta[FETCHED_KEY] ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((r): r is TimeRange => Array.isArray(r) && r.length === 2 && r.every(Number.isFinite)) : [];
  } catch {
    return [];
  }
}

function sourcesOf(meta: Record<string, string>): string[] {
  try {
    const v = JSON.parse(meta[SOURCES_KEY] ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function barsEntry(file: string, source: string, bars: BarSeries, interval: string, intervalMs: number, bytes: number, sources: string[], fetched: TimeRange[]): BarsEntry {
  const n = bars.ts.length;
  return {
    kind: 'bars', source, ...(isLegacyBarsFile(file) ? { legacyLayout: true } : {}), symbol: bars.symbol, interval, intervalMs, file, rows: n,
    firstTs: n ? bars.ts[0] : null, lastTs: n ? bars.ts[n - 1] : null,
    ...gapStats(bars.ts, intervalMs), coverage: unionRanges(coverageRanges(bars.ts, intervalMs), fetched), bytes, sources,
  };
}

function tableEntry(file: string, name: string, symbol: string | null, table: ParquetTable, bytes: number): TableEntry {
  const ts = table.columns.ts;
  const num = ts instanceof Float64Array || ts instanceof Int32Array ? ts : null;
  return {
    kind: 'table', name, symbol, file, rows: table.rows, columns: Object.keys(table.columns),
    firstTs: num && num.length ? num[0] : null, lastTs: num && num.length ? num[num.length - 1] : null,
    bytes, sources: sourcesOf(table.metadata),
  };
}

function listDirs(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name.startsWith(prefix)).map((d) => d.name.slice(prefix.length));
}

const LEGACY_BARS = /^bars\/symbol=([^/]+)\/interval=([^/]+)\/bars\.parquet$/;
const SOURCE_BARS = /^bars\/source=([^/]+)\/symbol=([^/]+)\/interval=([^/]+)\/bars\.parquet$/;

function isLegacyBarsFile(file: string): boolean {
  return LEGACY_BARS.test(file);
}

/** Relative paths of every partition file on disk (new layout first, so it wins over a leftover old file). */
function scanFiles(dir: string): string[] {
  const out: string[] = [];
  for (const src of listDirs(join(dir, 'bars'), 'source=')) {
    const base = join(dir, 'bars', `source=${src}`);
    for (const s of listDirs(base, 'symbol=')) for (const i of listDirs(join(base, `symbol=${s}`), 'interval=')) out.push(`bars/source=${src}/symbol=${s}/interval=${i}/bars.parquet`);
  }
  for (const s of listDirs(join(dir, 'bars'), 'symbol=')) for (const i of listDirs(join(dir, 'bars', `symbol=${s}`), 'interval=')) out.push(barsFile(s, i));
  for (const name of listDirs(join(dir, 'tables'), 'name=')) {
    out.push(tableFile(name, null));
    for (const s of listDirs(join(dir, 'tables', `name=${name}`), 'symbol=')) out.push(tableFile(name, s));
  }
  return out.filter((f) => existsSync(join(dir, f)));
}

async function entryFromFile(dir: string, file: string): Promise<ManifestEntry> {
  const bytes = readFileSync(join(dir, file));
  const table = await parseTableParquet(bytes, join(dir, file));
  const sm = SOURCE_BARS.exec(file);
  const lm = sm ? null : LEGACY_BARS.exec(file);
  if (sm || lm) {
    const [symbol, interval] = sm ? [sm[2], sm[3]] : [lm![1], lm![2]];
    const sources = sourcesOf(table.metadata);
    const source = sm ? unescapeSource(sm[1]) : legacySource(sources);
    const bars = barsFromTable(table, file);
    return barsEntry(file, source, { ...bars, symbol }, interval, intervalMsOf(interval), bytes.length, sources, fetchedOf(table.metadata));
  }
  const tm = /^tables\/name=([^/]+)\/(?:symbol=([^/]+)\/)?table\.parquet$/.exec(file);
  if (!tm) throw new Error(`data store: unexpected file ${file}`);
  return tableEntry(file, tm[1], tm[2] ?? null, table, bytes.length);
}

/** Source keys holding bars of symbol/interval, sorted. */
function sourcesHolding(entries: Map<string, ManifestEntry>, symbol: string, interval: string): string[] {
  const out: string[] = [];
  for (const e of entries.values()) if (e.kind === 'bars' && e.symbol === symbol && e.interval === interval) out.push(e.source);
  return out.sort();
}

/** The only source holding the dataset; a UserInputError naming the sources when there are several. */
function pickSource(held: string[], symbol: string, interval: string): string {
  if (held.length > 1) {
    throw new UserInputError(`${symbol} ${interval}`, `expected one source; the data directory holds ${held.length}: ${held.join(', ')} (choose one: data.source in the config, or --source)`);
  }
  return held[0] ?? '';
}

/** openDataStore(dir, options) – see the module comment. Nothing is created until the first write. */
export function openDataStore(dir: string, options: DataStoreOptions = {}): DataStore {
  const write = options.writeFile ?? writeFileAtomic;
  const manifestPath = join(dir, MANIFEST_FILE);

  /** The manifest reconciled with the files on disk (rebuilt entries are written back). */
  async function load(): Promise<Map<string, ManifestEntry>> {
    const text = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : null;
    const parsed = text === null ? null : parseManifest(text);
    const byFile = new Map<string, ManifestEntry>();
    for (const e of parsed?.datasets ?? []) byFile.set(e.file, e);
    const out = new Map<string, ManifestEntry>();
    let changed = text !== null && parsed === null;
    for (const file of scanFiles(dir)) {
      const known = byFile.get(file);
      const size = statSync(join(dir, file)).size;
      const entry = known && known.bytes === size ? known : await entryFromFile(dir, file);
      if (entry !== known) changed = true;
      // an old-layout file whose dataset already has a new-layout file is a leftover of an interrupted move
      if (out.has(manifestKey(entry))) continue;
      out.set(manifestKey(entry), entry);
    }
    if (byFile.size !== out.size) changed = true;
    if (changed && (out.size > 0 || text !== null)) {
      // Healing the manifest is best effort: a read-only directory must still be readable.
      try { save(out); } catch { /* the rebuilt entries are used in memory */ }
    }
    return out;
  }

  function save(entries: Map<string, ManifestEntry>): void {
    const m: Manifest = { version: MANIFEST_VERSION, datasets: [...entries.values()] };
    write(manifestPath, serializeManifest(m));
  }

  async function readBarsTable(file: string): Promise<ParquetTable> {
    return parseTableParquet(readFileSync(join(dir, file)), join(dir, file));
  }

  async function readBarsFile(file: string, symbol: string, intervalMs: number): Promise<BarSeries> {
    return { ...barsFromTable(await readBarsTable(file), file), symbol, intervalMs };
  }

  return {
    dir,
    async listDatasets() {
      const entries = await load();
      return [...entries.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, e]) => e);
    },
    async sources(symbol, interval) {
      return sourcesHolding(await load(), symbol, interval);
    },
    async coverage(symbol, interval, opts = {}) {
      const entries = await load();
      const held = sourcesHolding(entries, symbol, interval);
      if (opts.source === undefined && held.length === 0) return [];
      const source = opts.source !== undefined ? datasetSource(opts.source) : pickSource(held, symbol, interval);
      const e = entries.get(barsKey(source, symbol, interval));
      return e && e.kind === 'bars' ? e.coverage.map(([a, b]) => [a, b] as TimeRange) : [];
    },
    async readBars(symbol, interval, opts = {}) {
      const intervalMs = intervalMsOf(interval);
      const entries = await load();
      const held = sourcesHolding(entries, symbol, interval);
      const source = opts.source !== undefined ? datasetSource(opts.source) : pickSource(held, symbol, interval);
      const e = entries.get(barsKey(source, symbol, interval));
      if (!e) {
        const where = held.length ? `; stored sources: ${held.join(', ')}` : ' (see `skippy-train data ls`; add one with `skippy-train ingest`)';
        throw new UserInputError(`${symbol} ${interval}${opts.source !== undefined ? ` source ${source}` : ''}`, `expected a stored dataset${where}`);
      }
      const all = await readBarsFile(e.file, symbol, intervalMs);
      const start = opts.start ?? -Infinity, end = opts.end ?? Infinity;
      let lo = 0, hi = all.ts.length;
      while (lo < hi && all.ts[lo] < start) lo++;
      while (hi > lo && all.ts[hi - 1] >= end) hi--;
      if (lo === 0 && hi === all.ts.length) return all;
      const cut = (a: Float64Array) => a.slice(lo, hi);
      return {
        symbol, intervalMs, ts: cut(all.ts), open: cut(all.open), high: cut(all.high), low: cut(all.low), close: cut(all.close), volume: cut(all.volume),
        ...(all.columns ? { columns: Object.fromEntries(Object.entries(all.columns).map(([k, v]) => [k, cut(v)])) } : {}),
      };
    },
    async writeBars(bars, { source, covers = [], duplicates }) {
      checkName('symbol', bars.symbol);
      const rule = parseDuplicateRule(duplicates, 'duplicates');
      const dataset = datasetSource(source);
      if (bars.intervalMs === null || !(bars.intervalMs > 0)) throw new UserInputError(`${bars.symbol} bars`, 'expected a known bar interval', bars.intervalMs);
      for (let i = 0; i < bars.ts.length; i++) {
        if (!Number.isFinite(bars.ts[i])) throw new UserInputError(`${bars.symbol} bars row ${i}`, 'expected a finite ts', bars.ts[i]);
      }
      const interval = intervalLabel(bars.intervalMs);
      const file = barsFile(bars.symbol, interval, dataset);
      const entries = await load();
      const key = barsKey(dataset, bars.symbol, interval);
      const prev = entries.get(key);
      const stored = prev ? await readBarsTable(prev.file) : null;
      const incoming = dedupeBars(bars, rule);
      const merged = mergeBars(stored ? { ...barsFromTable(stored, file), symbol: bars.symbol, intervalMs: bars.intervalMs } : null, incoming.bars);
      const sources = [...new Set([...(prev?.sources ?? []), source])].sort();
      const fetched = unionRanges(stored ? fetchedOf(stored.metadata) : [], covers);
      const bytes = barsParquetBytes(merged.bars, { [SOURCES_KEY]: JSON.stringify(sources), [FETCHED_KEY]: JSON.stringify(fetched) });
      write(join(dir, file), bytes);
      entries.set(key, barsEntry(file, dataset, merged.bars, interval, bars.intervalMs, bytes.length, sources, fetched));
      save(entries);
      // an old-layout file now lives at its new path: remove the old one (a crash before this leaves a leftover that loads ignore)
      if (prev && prev.file !== file) rmSync(join(dir, prev.file), { force: true });
      return { dataset, symbol: bars.symbol, interval, added: merged.added, replaced: merged.replaced, rows: merged.bars.ts.length, file, duplicates: incoming.summary };
    },
    async writeTable(name, symbol, columns, { source }) {
      checkName('table', name);
      if (symbol !== null) checkName('symbol', symbol);
      const file = tableFile(name, symbol);
      const bytes = tableParquetBytes(columns, { [SOURCES_KEY]: JSON.stringify([source]) });
      const entries = await load();
      write(join(dir, file), bytes);
      const table: ParquetTable = { columns, metadata: { [SOURCES_KEY]: JSON.stringify([source]) }, rows: Object.values(columns)[0]?.length ?? 0 };
      const entry = tableEntry(file, name, symbol, table, bytes.length);
      entries.set(manifestKey(entry), entry);
      save(entries);
      return entry;
    },
    async writeSeries(name, symbol, series, { source }) {
      checkName('table', name);
      if (symbol !== null) checkName('symbol', symbol);
      const entries = await load();
      const prev = entries.get(`table/${name}/${symbol ?? '-'}`);
      const stored = prev ? await parseTableParquet(readFileSync(join(dir, prev.file)), join(dir, prev.file)) : null;
      const num = (c: TableColumn | undefined) => (c instanceof Float64Array ? c : new Float64Array(0));
      const sTs = num(stored?.columns.ts), sVal = num(stored?.columns.value), sAv = stored?.columns.availableAt instanceof Float64Array ? stored.columns.availableAt : sTs;
      const iAv = series.availableAt ?? series.ts;
      // Reuse the bar merge on a 1-column shape: value in `close`, availableAt in `open`.
      const shape = (ts: Float64Array, value: Float64Array, av: Float64Array): BarSeries => ({ symbol: symbol ?? '-', intervalMs: null, ts, open: av, high: value, low: value, close: value, volume: value });
      const merged = mergeBars(stored ? shape(sTs, sVal, sAv) : null, shape(series.ts, series.value, iAv));
      const sources = [...new Set([...(prev?.sources ?? []), source])].sort();
      const columns = { ts: merged.bars.ts, value: merged.bars.close, availableAt: merged.bars.open };
      const meta = { [SOURCES_KEY]: JSON.stringify(sources) };
      const bytes = tableParquetBytes(columns, meta);
      const file = tableFile(name, symbol);
      write(join(dir, file), bytes);
      const entry = tableEntry(file, name, symbol, { columns, metadata: meta, rows: columns.ts.length }, bytes.length);
      entries.set(manifestKey(entry), entry);
      save(entries);
      return { ...entry, added: merged.added, replaced: merged.replaced };
    },
    async readTable(name, symbol) {
      const e = (await load()).get(`table/${name}/${symbol ?? '-'}`);
      if (!e) throw new UserInputError(`table ${name}${symbol ? ` ${symbol}` : ''}`, 'expected a stored table (see `skippy-train data ls`)');
      return parseTableParquet(readFileSync(join(dir, e.file)), join(dir, e.file));
    },
  };
}
