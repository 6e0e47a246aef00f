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
  /** Every cost off, the same risk rules (frictionlessConfig). */
  frictionless: InflationFigures;
  /** (frictionless − costed) / |frictionless| per figure: the share of the frictionless number that costs take away (NaN when frictionless is 0). */
  relative: InflationFigures;
  /**
   * Every cost on, the daily loss limit and the consecutive-loss rule off (noHaltsConfig); equal to `costed`
   * when both rules are already off. Absent where there is no risk engine (parity mode).
   */
  noHalts?: InflationFigures;
  /**
   * What separates the costed run from each twin, per figure (twin − costed):
   *  - costs: frictionless − costed, both under the same risk rules (what costs take away);
   *  - halts: noHalts − costed, both with every cost (what the halt rules give (> 0) or take (< 0) away).
   * Absent when `noHalts` is.
   */
  decomposition?: { costs: InflationFigures; halts: InflationFigures };
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

/** noHaltsConfig(config) – the same run with every cost on and the halt rules off (daily_loss_limit 0, consecutive_loss_limit 0). */
export function noHaltsConfig(config: BacktestConfig): BacktestConfig {
  return { execution: config.execution, risk: { ...config.risk, daily_loss_limit: 0, consecutive_loss_limit: 0 } };
}

const pick = (s: ReturnSummary): InflationFigures => ({ sharpe: s.annualizedSharpe, totalReturn: s.totalReturn, maxDrawdown: s.maxDrawdown });
const diff = (twin: InflationFigures, c: InflationFigures): InflationFigures =>
  ({ sharpe: twin.sharpe - c.sharpe, totalReturn: twin.totalReturn - c.totalReturn, maxDrawdown: twin.maxDrawdown - c.maxDrawdown });

/**
 * inflationFromSummaries(costed, frictionless, noHalts?) – side-by-side Sharpe (annualised), total return and max
 * drawdown; with `noHalts` also the costs / halts decomposition.
 */
export function inflationFromSummaries(costed: ReturnSummary, frictionless: ReturnSummary, noHalts?: ReturnSummary): BacktestInflation {
  const c = pick(costed), f = pick(frictionless);
  const rel = (x: number, y: number) => (y !== 0 && Number.isFinite(y) ? (y - x) / Math.abs(y) : Number.NaN);
  const out: BacktestInflation = { costed: c, frictionless: f, relative: { sharpe: rel(c.sharpe, f.sharpe), totalReturn: rel(c.totalReturn, f.totalReturn), maxDrawdown: rel(c.maxDrawdown, f.maxDrawdown) } };
  if (noHalts) {
    const h = pick(noHalts);
    out.noHalts = h;
    out.decomposition = { costs: diff(f, c), halts: diff(h, c) };
  }
  return out;
}

/**
 * backtestInflation(input, config, opts, costed?) – runs the backtest with all costs off (frictionlessConfig) and
 * with the halt rules off (noHaltsConfig; skipped, reusing the costed run, when both rules are already off) and
 * compares them with the costed run (pass it when already computed to avoid a second run).
 */
export function backtestInflation(input: BacktestInput, config: BacktestConfig, opts: BacktestOptions, costed?: BacktestResult): BacktestInflation {
  const c = costed ?? runBacktest(input, config, opts);
  const f = runBacktest(input, frictionlessConfig(config), opts);
  const rulesOn = config.risk.daily_loss_limit > 0 || config.risk.consecutive_loss_limit > 0;
  const h = rulesOn ? runBacktest(input, noHaltsConfig(config), opts) : c;
  return inflationFromSummaries(c.metrics.summary, f.metrics.summary, h.metrics.summary);
}
