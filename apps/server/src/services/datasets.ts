/**
 * datasets.list|qc: the synthetic market (always available) and, when present, ingested bars.
 * QC of a synthetic series generates it (seeded) and runs A's runQc on it.
 */
import { UserInputError } from '@skippy/core';
import { syntheticBars } from '@skippy/core/data';
import { runQc } from '@skippy/core/qc';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import type { ConfigService, DatasetInfo, DatasetService } from './types.ts';

export class Datasets implements DatasetService {
  constructor(private readonly config: ConfigService) {}

  async list(): Promise<DatasetInfo[]> {
    const c = this.config.current().config;
    const iv = BAR_INTERVAL_MS[c.data.bar_interval];
    const rows = Math.round((c.data.synthetic.days * 86_400_000) / iv);
    return c.data.symbols.map((symbol) => ({
      id: `synthetic:${symbol}:${c.data.bar_interval}`, source: 'synthetic' as const, symbol, interval: c.data.bar_interval, rows, start: null, end: null,
      description: `seeded synthetic ${symbol} market (${c.data.synthetic.days} days, seed ${c.data.synthetic.seed}): GARCH volatility, jumps, correlated with BTC, L2 book, funding, OI, sentiment`,
    }));
  }

  async qc(input: { source: 'synthetic' | 'store'; symbol: string; interval: string; days?: number; seed?: number }): Promise<unknown> {
    if (input.source !== 'synthetic') throw new UserInputError('source', '"synthetic" (reading ingested bars is not available in this build)', input.source);
    const c = this.config.current().config;
    const intervalMs = BAR_INTERVAL_MS[input.interval];
    const bars = syntheticBars({ symbols: [input.symbol], days: input.days ?? c.data.synthetic.days, seed: input.seed ?? c.data.synthetic.seed, intervalMs })[input.symbol];
    return runQc(bars, { intervalMs }).report;
  }
}
