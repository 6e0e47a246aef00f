/**
 * The run's backtests on the out-of-sample span [firstBar, T): the strategy (realistic: every cost,
 * next-open fills, risk rules), its naive twin (close fills, no costs, no halts), the frictionless and
 * no-halt twins (backtestInflation), and the baselines. Every headline number is measured on the
 * out-of-sample span only (the strategy is flat before its first fit).
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries, TimeSeries } from '../data/types.ts';
import { runBacktest, frictionlessConfig } from '../backtest/index.ts';
import type { BacktestConfig, BacktestInput, BacktestOptions, BacktestResult } from '../backtest/index.ts';
import { summarizeReturns } from '../eval/stats/index.ts';
import type { ReturnSummary } from '../eval/stats/index.ts';
import { quantileSorted } from '../eval/quantile.ts';
import type { BaselineReport, HeadlineMetrics, InflationFiguresReport, Num } from '../reports/types.ts';
import type { Rng } from '../util/rng.ts';
import { buyAndHoldSignals, primaryRuleSignals, randomEntrySignals } from './baselines.ts';
import type { SizedSignal } from './sizing.ts';
import { num } from './numbers.ts';

export interface BacktestContext {
  bars: Record<string, BarSeries>;
  symbols: string[];
  spread: Record<string, Float64Array> | null;
  funding: Record<string, TimeSeries> | null;
  config: BacktestConfig;
  opts: BacktestOptions;
}

/** The backtest input over the first m bars (all when m = T). */
export function backtestInput(ctx: BacktestContext, signals: Record<string, SizedSignal>, m?: number): BacktestInput {
  const T = ctx.bars[ctx.symbols[0]].ts.length;
  const n = m ?? T;
  const cut = <A extends Float64Array | Int8Array>(a: A) => (n === T ? a : (a.subarray(0, n) as A));
  return {
    bars: n === T ? ctx.bars : Object.fromEntries(ctx.symbols.map((s) => {
      const b = ctx.bars[s];
      return [s, { ...b, ts: cut(b.ts), open: cut(b.open), high: cut(b.high), low: cut(b.low), close: cut(b.close), volume: cut(b.volume) }];
    })),
    signals: Object.fromEntries(ctx.symbols.map((s) => [s, { side: cut(signals[s].side), size: cut(signals[s].size) }])),
    ...(ctx.spread ? { spread: Object.fromEntries(ctx.symbols.map((s) => [s, cut(ctx.spread![s])])) } : {}),
    ...(ctx.funding ? { funding: ctx.funding } : {}),
  };
}

/** Risk halts off (a passive holding, or the naive twin). */
export function noHaltRisk(c: BacktestConfig): BacktestConfig {
  return { ...c, risk: { ...c.risk, daily_loss_limit: 0, consecutive_loss_limit: 0 } };
}

/** The naive backtest: close fills, every cost off, no halts. */
export function naiveConfig(c: BacktestConfig): BacktestConfig {
  const f = noHaltRisk(frictionlessConfig(c));
  return { ...f, execution: { ...f.execution, fill_at: 'close' } };
}

/** Figures of a backtest over the out-of-sample span [from, T). */
export interface SpanFigures {
  summary: ReturnSummary;
  trades: number;
  winRate: number;
  exposure: number;
  finalEquity: number;
  startEquity: number;
}

/** spanFigures(bt, from, initialCash, ppy) – per-bar returns from bar `from` (the first against the equity before it). */
export function spanFigures(bt: BacktestResult, from: number, initialCash: number, periodsPerYear: number): SpanFigures {
  const eq = bt.equity.equity, T = eq.length;
  const startEquity = from > 0 ? eq[from - 1] : initialCash;
  const ret = new Float64Array(Math.max(0, T - from));
  let prev = startEquity, exposed = 0;
  const pos = Object.values(bt.equity.positions);
  for (let t = from; t < T; t++) {
    ret[t - from] = eq[t] / prev - 1; prev = eq[t];
    for (const p of pos) if (p[t] !== 0) { exposed++; break; }
  }
  let wins = 0;
  for (const tr of bt.trades) if (tr.pnl > 0) wins++;
  return {
    summary: summarizeReturns(ret, { periodsPerYear }), trades: bt.trades.length, winRate: bt.trades.length ? wins / bt.trades.length : Number.NaN,
    exposure: ret.length ? exposed / ret.length : Number.NaN, finalEquity: T ? eq[T - 1] : initialCash, startEquity,
  };
}

/** spanReturns(bt, from, initialCash) – the per-bar simple returns of the out-of-sample span. */
export function spanReturns(bt: BacktestResult, from: number, initialCash: number): Float64Array {
  const eq = bt.equity.equity;
  const out = new Float64Array(Math.max(0, eq.length - from));
  let prev = from > 0 ? eq[from - 1] : initialCash;
  for (let t = from; t < eq.length; t++) { out[t - from] = eq[t] / prev - 1; prev = eq[t]; }
  return out;
}

export const inflationFigures = (s: ReturnSummary): InflationFiguresReport => ({ sharpe: num(s.annualizedSharpe), totalReturn: num(s.totalReturn), maxDrawdown: num(s.maxDrawdown) });

/** headlineFromSpan(bt, span, ...) – the headline over the out-of-sample span; model and overfitting numbers are filled by the caller. */
export function headlineFromSpan(bt: BacktestResult, f: SpanFigures, initialCash: number, extra: { haltedShare: Num; oosStart: Num; oosBars: number }): HeadlineMetrics {
  const m = bt.metrics, s = f.summary;
  return {
    initialCash, finalEquity: num(f.finalEquity), totalReturn: num(s.totalReturn), annualizedReturn: num(s.annualizedReturn),
    annualizedVolatility: num(s.annualizedVolatility), sharpe: num(s.annualizedSharpe), sortino: num(s.annualizedSortino), maxDrawdown: num(s.maxDrawdown),
    maxDrawdownDurationBars: num(s.maxDrawdownDurationBars), calmar: num(s.calmar), hitRate: num(s.hitRate), trades: f.trades, winRate: num(f.winRate),
    turnover: num(m.turnover), exposure: num(f.exposure), fees: num(m.fees), slippage: num(m.slippage), funding: num(m.funding), halts: m.halts,
    oosAccuracy: null, oosAuc: null, psr: null, dsr: null, pbo: null, periodsPerYear: m.periodsPerYear, ...extra,
  };
}

export interface StrategyBacktests {
  bt: BacktestResult;
  span: SpanFigures;
  /** Close fills, no costs, no halts. */
  naive: SpanFigures;
  /** No costs, same fills and risk rules. */
  frictionless: SpanFigures;
  /** Every cost, halt rules off. */
  noHalts: SpanFigures;
}

/** strategyBacktests(ctx, signals, firstBar, initialCash, ppy, bt?) – the realistic run and its naive, frictionless and no-halt twins on the same signals, each measured on the out-of-sample span. */
export function strategyBacktests(ctx: BacktestContext, signals: Record<string, SizedSignal>, firstBar: number, initialCash: number, periodsPerYear: number, bt?: BacktestResult): StrategyBacktests {
  const input = backtestInput(ctx, signals);
  const result = bt ?? runBacktest(input, ctx.config, ctx.opts);
  const span = (c: BacktestConfig) => spanFigures(runBacktest(input, c, ctx.opts), firstBar, initialCash, periodsPerYear);
  return {
    bt: result, span: spanFigures(result, firstBar, initialCash, periodsPerYear), naive: span(naiveConfig(ctx.config)),
    frictionless: span(frictionlessConfig(ctx.config)), noHalts: span(noHaltRisk(ctx.config)),
  };
}

const q3 = (v: number[]) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? { q05: num(quantileSorted(s, 0.05)), q50: num(quantileSorted(s, 0.5)), q95: num(quantileSorted(s, 0.95)) } : { q05: null, q50: null, q95: null };
};

/**
 * baselineBacktests(ctx, strategy, firstBar, config, rng) – buy-and-hold (no risk halts: a passive
 * holding), the primary rule alone and the random-entry strategy (both under the strategy's own
 * execution and risk rules), all at risk.max_position_pct per symbol, measured on the same
 * out-of-sample span. Random entry: `random_draws` seeded draws matching the strategy's trades per
 * symbol and their holding periods; the report gives the medians and the 5–95 % range.
 */
export function baselineBacktests(ctx: BacktestContext, strategy: BacktestResult, firstBar: number, config: ExperimentConfig, rng: Rng, periodsPerYear: number): BaselineReport[] {
  const size = config.risk.max_position_pct, cash = config.execution.initial_cash;
  const { symbols, bars } = ctx;
  const T = bars[symbols[0]].ts.length;
  const iv = T > 1 ? bars[symbols[0]].ts[1] - bars[symbols[0]].ts[0] : 1;
  const report = (name: BaselineReport['name'], label: string, description: string, f: SpanFigures): BaselineReport => ({
    name, label, description, sharpe: num(f.summary.annualizedSharpe), totalReturn: num(f.summary.totalReturn), maxDrawdown: num(f.summary.maxDrawdown),
    trades: f.trades, exposure: num(f.exposure), winRate: num(f.winRate),
  });
  const run = (sig: Record<string, SizedSignal>, c: BacktestConfig) => spanFigures(runBacktest(backtestInput({ ...ctx, config: c }, sig), c, ctx.opts), firstBar, cash, periodsPerYear);
  const out: BaselineReport[] = [];
  out.push(report('buy_and_hold', 'Buy and hold', `long ${(size * 100).toFixed(1)} % of equity in each symbol over the out-of-sample span, entry costs paid, no risk halts`,
    run(buyAndHoldSignals(bars, symbols, firstBar, size), noHaltRisk(ctx.config))));
  const w = config.evaluation.baselines.rule_window;
  out.push(report('primary_rule', `MA(${w}) rule alone`, `side = sign(close − SMA${w}), no model, ${(size * 100).toFixed(1)} % of equity, the strategy's costs and risk rules`,
    run(primaryRuleSignals(bars, symbols, firstBar, w, size), ctx.config)));
  const holds: Record<string, number[]> = Object.fromEntries(symbols.map((s) => [s, [] as number[]]));
  for (const t of strategy.trades) holds[t.symbol].push(Math.max(1, Math.round((t.exitTs - t.entryTs) / iv)));
  const draws = config.evaluation.baselines.random_draws;
  const figs: SpanFigures[] = [];
  for (let d = 0; d < draws; d++) {
    const r = rng.fork(`draw ${d}`);
    figs.push(run(Object.fromEntries(symbols.map((s) => [s, randomEntrySignals(T, firstBar, holds[s], r.fork(s), size)])), ctx.config));
  }
  const sh = q3(figs.map((f) => f.summary.annualizedSharpe)), tr = q3(figs.map((f) => f.summary.totalReturn)), dd = q3(figs.map((f) => f.summary.maxDrawdown));
  const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : 0; };
  out.push({
    name: 'random_entry', label: 'Random entry', description: `${draws} seeded draws with the strategy's ${strategy.trades.length} trades and holding periods at random times and sides, ${(size * 100).toFixed(1)} % of equity, the strategy's costs and risk rules (medians; 5–95 % range in draws)`,
    sharpe: sh.q50, totalReturn: tr.q50, maxDrawdown: dd.q50, trades: med(figs.map((f) => f.trades)), exposure: num(med(figs.map((f) => f.exposure))), winRate: num(med(figs.map((f) => f.winRate).filter(Number.isFinite))),
    draws: { n: draws, sharpe: sh, totalReturn: tr, maxDrawdown: dd },
  });
  return out;
}
