/**
 * datasets.list|qc: the synthetic market (always available) and, when present, ingested bars.
 * QC of a synthetic series generates it (seeded); of a stored one reads it; then A's runQc.
 */
import { syntheticBars } from '@skippy/core/data';
import { runQc } from '@skippy/core/qc';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { openDataStore } from '@skippy/io/store';
import type { ConfigService, DatasetInfo, DatasetService } from './types.ts';

export class Datasets implements DatasetService {
  constructor(private readonly config: ConfigService, private readonly dataDir: string) {}

  async list(): Promise<DatasetInfo[]> {
    const c = this.config.current().config;
    const iv = BAR_INTERVAL_MS[c.data.bar_interval];
    const rows = Math.round((c.data.synthetic.days * 86_400_000) / iv);
    const synthetic: DatasetInfo[] = c.data.symbols.map((symbol) => ({
      id: `synthetic:${symbol}:${c.data.bar_interval}`, source: 'synthetic' as const, symbol, interval: c.data.bar_interval, rows, start: null, end: null,
      description: `seeded synthetic ${symbol} market (${c.data.synthetic.days} days, seed ${c.data.synthetic.seed}): GARCH volatility, jumps, correlated with BTC, L2 book, funding, OI, sentiment`,
    }));
    const stored: DatasetInfo[] = [];
    for (const e of await openDataStore(this.dataDir).listDatasets()) {
      if (e.kind !== 'bars') continue;
      stored.push({
        id: `store:${e.symbol}:${e.interval}`, source: 'store', symbol: e.symbol, interval: e.interval, rows: e.rows, start: e.firstTs, end: e.lastTs,
        description: `ingested bars in ${this.dataDir} (${e.gaps} gaps, ${e.missingBars} missing bars)`,
      });
    }
    return [...synthetic, ...stored];
  }

  async qc(input: { source: 'synthetic' | 'store'; symbol: string; interval: string; days?: number; seed?: number }): Promise<unknown> {
    const intervalMs = BAR_INTERVAL_MS[input.interval];
    if (input.source === 'store') {
      const bars = await openDataStore(this.dataDir).readBars(input.symbol, input.interval);
      return runQc(bars, { intervalMs }).report;
    }
    const c = this.config.current().config;
    const bars = syntheticBars({ symbols: [input.symbol], days: input.days ?? c.data.synthetic.days, seed: input.seed ?? c.data.synthetic.seed, intervalMs })[input.symbol];
    return runQc(bars, { intervalMs }).report;
  }
}
