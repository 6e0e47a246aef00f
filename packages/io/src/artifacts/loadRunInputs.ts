import type { ExperimentConfig } from '@skippy/core/config';
import type { PipelineInputs } from '@skippy/core/pipeline';
import type { BarSeries } from '@skippy/core';
import { openDataStore } from '../store/index.ts';

/**
 * loadRunInputs(config, dataDir) – the market data a run needs, read through io.
 *  - source "synthetic": null – the pipeline generates the seeded market itself (pure, no IO);
 *  - source "store": each symbol's bars at `data.bar_interval` from the data directory (B's
 *    openDataStore), restricted to [range.start, range.end). Only bars are read: tier-2 features need
 *    a book, which the data directory does not hold, so switch features.microstructure off (the
 *    features stage says so otherwise). A missing dataset is a UserInputError naming it.
 */
export async function loadRunInputs(config: ExperimentConfig, dataDir: string): Promise<PipelineInputs | null> {
  const d = config.data;
  if (d.source === 'synthetic') return null;
  const store = openDataStore(dataDir);
  const range = { ...(d.range.start ? { start: Date.parse(d.range.start) } : {}), ...(d.range.end ? { end: Date.parse(d.range.end) } : {}) };
  const bars: Record<string, BarSeries> = {};
  for (const s of d.symbols) bars[s] = await store.readBars(s, d.bar_interval, range);
  return { source: 'store', bars };
}
