/** @skippy/io/store – the data directory: Parquet partitions by symbol and interval + a JSON manifest. */
export { openDataStore, intervalLabel, intervalMsOf, barsFile, tableFile } from './openDataStore.ts';
export type { DataStore, DataStoreOptions, WriteBarsResult, WriteBarsOptions, ReadBarsOptions, CoverageOptions } from './openDataStore.ts';
export { datasetSource, escapeSource, unescapeSource, legacySource, MIXED_SOURCE, UNKNOWN_SOURCE } from './datasetSource.ts';
export { mergeBars } from './mergeBars.ts';
export type { MergeResult } from './mergeBars.ts';
export { coverageRanges, missingRanges, gapStats } from './ranges.ts';
export type { TimeRange } from './ranges.ts';
export { MANIFEST_FILE, MANIFEST_VERSION, manifestKey, barsKey, serializeManifest, parseManifest } from './manifest.ts';
export type { Manifest, ManifestEntry, BarsEntry, TableEntry } from './manifest.ts';
