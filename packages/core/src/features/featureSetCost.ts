import type { FeaturesConfig } from '../config/features.ts';
import type { DataSource } from './catalog.ts';
import { SOURCE_COSTS } from './catalog.ts';
import { enabledFeatureNames, featureCatalogFor, featureSetConfig } from './featureSet.ts';

/** Options for {@link featureSetCost}. */
export interface FeatureSetCostOptions {
  /** Symbols to fetch. */
  symbols: number;
  /** Days of history. */
  days: number;
  /** Bar interval in ms. */
  intervalMs: number;
}

export interface SourceCostLine {
  source: DataSource;
  features: string[];
  rows: number;
  calls: number;
  bytes: number;
  note: string;
}

export interface FeatureSetCost {
  features: string[];
  sources: SourceCostLine[];
  total: { calls: number; bytes: number };
}

/**
 * featureSetCost(set, {symbols, days, intervalMs}) – what a feature set (a spec such as
 * `price+microstructure`, see featureSetConfig, or a features config) would cost to obtain before any
 * data is fetched: API calls (ceil per symbol and source) and captured bytes. Each source is counted
 * once however many features share it.
 */
export function featureSetCost(set: string | FeaturesConfig, opts: FeatureSetCostOptions): FeatureSetCost {
  const config = typeof set === 'string' ? featureSetConfig(set) : set;
  const names = enabledFeatureNames(config);
  const info = new Map(featureCatalogFor(config).map((f) => [f.name, f]));
  const bySource = new Map<DataSource, string[]>();
  for (const n of names) for (const s of info.get(n)!.sources) bySource.set(s, [...(bySource.get(s) ?? []), n]);
  const sources: SourceCostLine[] = [];
  for (const [source, features] of bySource) {
    const c = SOURCE_COSTS[source];
    const sym = c.perSymbol ? opts.symbols : 1;
    const rowsPerSymbol = Math.ceil(c.rowsPerDay(opts.intervalMs) * opts.days);
    const calls = sym * ((c.callsPerRow ? Math.ceil(rowsPerSymbol * c.callsPerRow) : 0) + (c.fixedCalls ?? 0));
    const bytes = Math.round(sym * (c.bytesPerDay ?? 0) * opts.days);
    sources.push({ source, features, rows: rowsPerSymbol * sym, calls, bytes, note: c.note });
  }
  return {
    features: names,
    sources,
    total: { calls: sources.reduce((a, s) => a + s.calls, 0), bytes: sources.reduce((a, s) => a + s.bytes, 0) },
  };
}
