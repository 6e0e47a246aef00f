import type { ExperimentConfig } from '../config/schema.ts';
import { syntheticMarket } from '../data/synthetic/index.ts';
import type { PipelineInputs } from './types.ts';

export const BAR_INTERVAL_MS: Record<string, number> = { '1s': 1_000, '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000 };

/**
 * syntheticInputs(config) – the embedded default market (B's syntheticMarket) for config.data:
 * symbols, bar interval, `synthetic.days` and `synthetic.seed`, starting at `range.start` when set.
 * Auxiliary sources follow `data.sources` (book → snapshots + intra-bar events for tier 2).
 */
export function syntheticInputs(config: ExperimentConfig): PipelineInputs {
  const d = config.data;
  const start = d.range.start ? Date.parse(d.range.start) : undefined;
  const m = syntheticMarket({
    symbols: d.symbols, days: d.synthetic.days, seed: d.synthetic.seed, intervalMs: BAR_INTERVAL_MS[d.bar_interval],
    ...(start !== undefined ? { startMs: start } : {}), book: d.sources.book,
    ...(d.synthetic.edge.strength !== 0 ? { edge: d.synthetic.edge } : {}),
  });
  return {
    source: 'synthetic',
    bars: m.bars,
    ...(d.sources.book && m.book ? { snapshots: m.book } : {}),
    ...(d.sources.book && m.bookEvents ? { events: m.bookEvents } : {}),
    ...(d.sources.funding ? { funding: m.funding } : {}),
    ...(d.sources.open_interest ? { openInterest: m.openInterest } : {}),
    ...(d.sources.sentiment ? { sentiment: m.sentiment } : {}),
  };
}
