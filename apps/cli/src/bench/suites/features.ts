import { createRng } from '@skippy/core';
import type { BarSeries } from '@skippy/core/data';
import { computeFeatures, featureSetConfig } from '@skippy/core/features';
import { tripleBarrierLabels } from '@skippy/core/labels';
import type { BenchEntry } from '../harness.ts';

/** 1M one-minute bars: a seeded random walk with clustered volatility (GARCH-like), high/low around it. */
function walkBars(n: number, seed: number): BarSeries {
  const rng = createRng(seed);
  const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let p = 30_000;
  let v = 0.001;
  for (let i = 0; i < n; i++) {
    ts[i] = 1_600_000_000_000 + i * 60_000;
    open[i] = p;
    const r = rng.normal() * v;
    v = Math.sqrt(0.000001 * 0.05 + 0.9 * v * v + 0.05 * r * r);
    const c = Math.round(p * Math.exp(r) * 100) / 100;
    high[i] = Math.max(p, c) * (1 + Math.abs(rng.normal()) * v * 0.5);
    low[i] = Math.min(p, c) * (1 - Math.abs(rng.normal()) * v * 0.5);
    close[i] = c;
    volume[i] = 1 + rng.next() * 10;
    p = c;
  }
  return { symbol: 'BENCH', intervalMs: 60_000, ts, open, high, low, close, volume };
}

const N = 1_000_000;

export const entries: BenchEntry[] = [
  {
    name: 'features.tier1.1M',
    targetMs: 150,
    setup: () => ({ bars: walkBars(N, 1), config: featureSetConfig('price') }),
    run: ({ bars, config }) => computeFeatures({ bars }, config),
  } as BenchEntry<{ bars: BarSeries; config: ReturnType<typeof featureSetConfig> }>,
  {
    name: 'labels.tripleBarrier.close.1M.h10_20_50',
    targetMs: 300,
    setup: () => walkBars(N, 2),
    run: (bars) => tripleBarrierLabels(bars, { horizons: [10, 20, 50], multiplier: 2, pt: 1, sl: 1, volatility: { kind: 'atr', window: 20 }, minReturn: 0.001, touch: 'close' }),
  } as BenchEntry<BarSeries>,
];
