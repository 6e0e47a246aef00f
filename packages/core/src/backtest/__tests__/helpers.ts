import { defaultConfig } from '../../config/load.ts';
import type { BarSeries } from '../../data/types.ts';
import type { BacktestConfig } from '../types.ts';

/** 2023-11-14 00:00 UTC. */
export const DAY0 = 19_675 * 86_400_000;

/** A config with every cost and risk rule off; tests switch on the piece they check. */
export function quietConfig(patch: { execution?: Partial<BacktestConfig['execution']>; risk?: Partial<BacktestConfig['risk']> } = {}): BacktestConfig {
  const c = defaultConfig();
  return {
    execution: {
      ...c.execution, maker_fee: 0, taker_fee: 0, half_spread: false, funding: true, latency_ms: [0, 0],
      models: { slippage: { kind: 'none' }, fill: { kind: 'always' }, latency: { kind: 'fixed', ms: 0 }, participation: { kind: 'none' } },
      ...patch.execution,
    },
    risk: { ...c.risk, volatility_scaling: false, daily_loss_limit: 0, consecutive_loss_limit: 0, ...patch.risk },
  };
}

export function makeBars(symbol: string, open: number[], close: number[], volume?: number[], intervalMs = 60_000, start = DAY0): BarSeries {
  const n = open.length;
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) ts[i] = start + i * intervalMs;
  const o = Float64Array.from(open), c = Float64Array.from(close);
  return {
    symbol, intervalMs, ts, open: o, close: c,
    high: o.map((x, i) => Math.max(x, c[i])), low: o.map((x, i) => Math.min(x, c[i])),
    volume: volume ? Float64Array.from(volume) : new Float64Array(n).fill(1e9),
  };
}
