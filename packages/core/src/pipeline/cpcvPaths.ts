import type { BarSeries } from '../data/types.ts';
import { sharpeRatio } from '../eval/stats/index.ts';
import { quantileSorted } from '../eval/quantile.ts';
import type { CpcvPathsSection } from '../reports/types.ts';
import type { SampleSet } from './buildSamples.ts';
import { sideFromProbability } from './signals.ts';
import { sideReturns } from './walkForward.ts';
import { num } from './numbers.ts';

/**
 * cpcvPathsSection(samples, paths, bars, threshold, cost, ppy, points) – the fan of the φ CPCV backtest
 * paths: each path's out-of-sample probabilities → sides at θ → the unit-size costed signal's per-bar
 * returns (signalReturns) → growth of 1; quantiles across paths at `points` evenly spaced bars, and each
 * path's annualised Sharpe. A diagnostic of model robustness, not a tradable backtest (path groups are
 * predicted by models trained on later data), so the headline never uses it.
 */
export function cpcvPathsSection(samples: SampleSet, paths: Float64Array[], bars: Record<string, BarSeries>, threshold: number, cost: number, periodsPerYear: number, points = 300): CpcvPathsSection {
  const ts = bars[samples.symbols[0]].ts, T = ts.length;
  const idx = Array.from({ length: Math.min(points, T) }, (_, k) => Math.round((k * (T - 1)) / Math.max(1, Math.min(points, T) - 1)));
  const growth: Float64Array[] = [], sharpe: (number | null)[] = [];
  for (const probs of paths) {
    const side = new Int8Array(samples.n);
    for (let i = 0; i < samples.n; i++) side[i] = sideFromProbability(probs[i], threshold);
    const r = sideReturns(samples, side, bars, cost);
    const g = new Float64Array(idx.length);
    let e = 1, k = 0;
    for (let t = 0; t < T; t++) { e *= 1 + r[t]; while (k < idx.length && idx[k] === t) g[k++] = e; }
    growth.push(g);
    sharpe.push(num(sharpeRatio(r) * Math.sqrt(periodsPerYear)));
  }
  const q = (p: number) => idx.map((_, k) => quantileSorted(growth.map((g) => g[k]).sort((a, b) => a - b), p));
  return {
    paths: paths.length, ts: idx.map((i) => ts[i]), q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95), sharpe,
    note: `${paths.length} CPCV backtest paths of the unit-size costed signal at p > ${threshold} (uncalibrated fold models): a robustness diagnostic — each path's groups are predicted by models that also trained on later data, so no headline number comes from it.`,
  };
}
