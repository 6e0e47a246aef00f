/**
 * Synthetic market benchmarks. `synthetic.bars.1M`: one symbol (BTC), 1,000,000 one-minute bars,
 * bars only (the "1M bars in under 2 s"). The others put that figure in context:
 * BTC+ETH at 1M bars each, and the full 30-day market with the 10-level book and events.
 * `parquet.bars.write.1M`: writeBarsParquet of 1M bars to a temp file (encode + atomic write).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticBars, syntheticMarket } from '@skippy/core/data';
import type { BarSeries } from '@skippy/core/data';
import { writeBarsParquet } from '@skippy/io';
import type { BenchEntry } from '../harness.ts';

export const entries: BenchEntry[] = [
  {
    name: 'synthetic.bars.1M',
    targetMs: 2000,
    setup: () => null,
    run: () => syntheticBars({ seed: 1, bars: 1_000_000, symbols: ['BTC'] }),
  },
  {
    name: 'synthetic.bars.2x1M',
    setup: () => null,
    run: () => syntheticBars({ seed: 1, bars: 1_000_000, symbols: ['BTC', 'ETH'] }),
  },
  {
    name: 'synthetic.market.30d',
    setup: () => null,
    run: () => syntheticMarket({ seed: 1, days: 30 }),
  },
] as BenchEntry<null>[] as BenchEntry[];

entries.push({
  name: 'parquet.bars.write.1M',
  setup: () => ({ bars: syntheticBars({ seed: 1, bars: 1_000_000, symbols: ['BTC'] }).BTC, path: join(mkdtempSync(join(tmpdir(), 'skippy-bench-')), 'bars.parquet') }),
  run: ({ bars, path }) => writeBarsParquet(path, bars),
} as BenchEntry<{ bars: BarSeries; path: string }> as BenchEntry);
