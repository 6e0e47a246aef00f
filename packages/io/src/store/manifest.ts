/**
 * The data directory's manifest: `<dir>/manifest.json`, written atomically after the data file it
 * describes. It is a cache of what the Parquet files hold: when it is missing, unreadable, or an
 * entry's byte size disagrees with its file (a crash between the two renames), the store rebuilds
 * the entry from the file itself, so the manifest can never make stored data unreadable.
 */
import type { TimeRange } from './ranges.ts';

export const MANIFEST_FILE = 'manifest.json';
/** 2: bars keyed by source (`bars/<source>/<symbol>/<interval>`); a version-1 manifest is rebuilt from the files. */
export const MANIFEST_VERSION = 2;

interface EntryBase {
  /** Path of the Parquet file relative to the data directory, with '/' separators. */
  file: string;
  symbol: string | null;
  rows: number;
  /** First / last row ts (bar open for bars), epoch ms; null when empty. */
  firstTs: number | null;
  lastTs: number | null;
  /** Size of the file in bytes. */
  bytes: number;
  /** Sources merged into the dataset (e.g. "synthetic:seed=1", "ccxt:binance", "file:btc.json.gz"), sorted. */
  sources: string[];
}

export interface BarsEntry extends EntryBase {
  kind: 'bars';
  /** Source key: "synthetic", "ccxt:<exchange>", "file:<name>" (see datasetSource); datasets of different sources never merge. */
  source: string;
  /** True when the file is still in the old layout without a source level (moved on its next write). */
  legacyLayout?: boolean;
  symbol: string;
  /** Interval label, e.g. "1m". */
  interval: string;
  intervalMs: number;
  gaps: number;
  missingBars: number;
  /** Maximal runs of consecutive bars, [first open, last close) each. */
  coverage: TimeRange[];
}

export interface TableEntry extends EntryBase {
  kind: 'table';
  /** Table name: funding, open_interest, sentiment, book, book_events, … */
  name: string;
  columns: string[];
}

export type ManifestEntry = BarsEntry | TableEntry;

export interface Manifest {
  version: number;
  datasets: ManifestEntry[];
}

/** manifestKey(entry) – the identity of a dataset: "bars/synthetic/BTC/1m" or "table/funding/BTC". */
export function manifestKey(e: ManifestEntry): string {
  return e.kind === 'bars' ? barsKey(e.source, e.symbol, e.interval) : `table/${e.name}/${e.symbol ?? '-'}`;
}

/** barsKey(source, symbol, interval) – "bars/<source>/<symbol>/<interval>". */
export function barsKey(source: string, symbol: string, interval: string): string {
  return `bars/${source}/${symbol}/${interval}`;
}

/** serializeManifest(m) – stable JSON (datasets sorted by key, 2-space indent, trailing newline). */
export function serializeManifest(m: Manifest): string {
  const datasets = [...m.datasets].sort((a, b) => (manifestKey(a) < manifestKey(b) ? -1 : manifestKey(a) > manifestKey(b) ? 1 : 0));
  return `${JSON.stringify({ version: m.version, datasets }, null, 2)}\n`;
}

/** parseManifest(text) – the manifest, or null when it is not one we wrote (then the store rebuilds it). */
export function parseManifest(text: string): Manifest | null {
  try {
    const m = JSON.parse(text) as Manifest;
    if (m && m.version === MANIFEST_VERSION && Array.isArray(m.datasets)) return m;
    return null;
  } catch {
    return null;
  }
}
