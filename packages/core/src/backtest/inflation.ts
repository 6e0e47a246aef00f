import type { ReturnSummary } from '../eval/index.ts';
import { runBacktest } from './runBacktest.ts';
import type { BacktestConfig, BacktestInput, BacktestOptions, BacktestResult } from './types.ts';

export interface InflationFigures {
  sharpe: number;
  totalReturn: number;
  maxDrawdown: number;
}

export interface BacktestInflation {
  costed: InflationFigures;
  frictionless: InflationFigures;
  /** (frictionless − costed) / |frictionless| per figure: the share of the frictionless number that costs take away (NaN when frictionless is 0). */
  relative: InflationFigures;
}

/** frictionlessConfig(config) – the same run with every cost off: no slippage, spread, fees or funding; full fills, no cap, zero latency. */
export function frictionlessConfig(config: BacktestConfig): BacktestConfig {
  const ex = config.execution;
  return {
    risk: config.risk,
    execution: {
      ...ex, maker_fee: 0, taker_fee: 0, half_spread: false, funding: false, latency_ms: [0, 0],
      simple: { ...ex.simple, fee: 0, slippage: 0 },
      models: { slippage: { kind: 'none' }, fill: { kind: 'always' }, latency: { kind: 'fixed', ms: 0 }, participation: { kind: 'none' } },
    },
  };
}

/** inflationFromSummaries(costed, frictionless) – side-by-side Sharpe (annualised), total return and max drawdown. */
export function inflationFromSummaries(costed: ReturnSummary, frictionless: ReturnSummary): BacktestInflation {
  const pick = (s: ReturnSummary): InflationFigures => ({ sharpe: s.annualizedSharpe, totalReturn: s.totalReturn, maxDrawdown: s.maxDrawdown });
  const c = pick(costed), f = pick(frictionless);
  const rel = (x: number, y: number) => (y !== 0 && Number.isFinite(y) ? (y - x) / Math.abs(y) : Number.NaN);
  return { costed: c, frictionless: f, relative: { sharpe: rel(c.sharpe, f.sharpe), totalReturn: rel(c.totalReturn, f.totalReturn), maxDrawdown: rel(c.maxDrawdown, f.maxDrawdown) } };
}

/**
 * backtestInflation(input, config, opts, costed?) – runs the backtest with all costs off (frictionlessConfig)
 * and compares it with the costed run (pass it when already computed to avoid a second run).
 */
export function backtestInflation(input: BacktestInput, config: BacktestConfig, opts: BacktestOptions, costed?: BacktestResult): BacktestInflation {
  const c = costed ?? runBacktest(input, config, opts);
  const f = runBacktest(input, frictionlessConfig(config), opts);
  return inflationFromSummaries(c.metrics.summary, f.metrics.summary);
}
