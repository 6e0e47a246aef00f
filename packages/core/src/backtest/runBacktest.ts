import { createRng } from '../util/rng.ts';
import { UserInputError } from '../util/errors.ts';
import { summarizeReturns } from '../eval/index.ts';
import { fundingSettlementBars } from '../execution/funding.ts';
import { periodsPerYearFromInterval, realisedVolatility } from '../risk/volatility.ts';
import { buildRiskReport } from '../risk/riskReport.ts';
import { runBarEngine, type BarEngineInput } from './barEngine.ts';
import { rollingMean } from './rollingMean.ts';
import { transactionCostAnalysis } from './tca.ts';
import type { BacktestConfig, BacktestInput, BacktestMetrics, BacktestOptions, BacktestResult, HaltedBars } from './types.ts';

/**
 * runBacktest(input, config, {seed}) – bar-mode backtest of per-asset signals with one shared equity
 * (long and short). A signal on bar t's close is acted on at bar t+1's open plus latency
 * (execution.fill_at = "close" is the labelled optimistic mode: fill at bar t's close).
 * Sizing: signals[sym].size[t] (a share of equity, fixed at entry) when given; else fractional Kelly
 * from signals[sym].prob and input.payoffRatio when prob is given, otherwise risk.max_position_pct;
 * × volatility scaling when on (capped at max_position_pct). Costs: slippage model, half spread,
 * participation cap, partial fills, taker fee, funding. Risk: daily loss limit and consecutive-loss pause.
 * Deterministic: same input, config and seed → same result.
 */
export function runBacktest(input: BacktestInput, config: BacktestConfig, opts: BacktestOptions): BacktestResult {
  const { engineInput, ppy } = barEngineInput(input, config, opts);
  const symbols = engineInput.symbols, first = input.bars[symbols[0]];
  const ex = config.execution, risk = config.risk;
  const root = createRng(opts.seed);
  const out = runBarEngine(engineInput, config, root.fork('fills'), root.fork('latency'));
  const positions = Object.fromEntries(symbols.map((s, a) => [s, out.positions[a]]));
  const metrics = backtestMetrics(out.equity, out.exposedBars, ex.initial_cash, ppy, out.trades, out.totals, out.halts.length, out.haltedBars);
  const tca = transactionCostAnalysis(out.orders, out.fills, out.trades, { smallMaxNotional: ex.slippage_curve.small_max_notional, largeMinNotional: ex.slippage_curve.large_min_notional });
  const riskReport = buildRiskReport({ assets: symbols, ts: first.ts, close: engineInput.close, positions: out.positions, equity: out.equity, halts: out.halts }, risk, { periodsPerYear: ppy, heatMapRows: opts.heatMapRows });
  return {
    symbols, equity: { ts: first.ts, equity: out.equity, cash: out.cash, positions },
    trades: out.trades, orders: out.orders, fills: out.fills, halts: out.halts, metrics, tca, risk: riskReport,
  };
}

/**
 * barEngineInput(input, config, opts) – the validated, precomputed loop input of runBacktest (also what
 * a paper session rebuilds as bars arrive: every precomputed column is causal, so its values at bars
 * already stepped do not change when bars are appended).
 */
export function barEngineInput(input: BacktestInput, config: BacktestConfig, opts: BacktestOptions): { engineInput: BarEngineInput; ppy: number } {
  const symbols = Object.keys(input.bars);
  if (symbols.length === 0) throw new UserInputError('bars', 'expected at least one asset');
  const first = input.bars[symbols[0]];
  const T = first.ts.length;
  const intervalMs = first.intervalMs ?? (T > 1 ? first.ts[1] - first.ts[0] : 60_000);
  for (const s of symbols) {
    const b = input.bars[s];
    if (b.ts.length !== T) throw new UserInputError(`bars.${s}`, `expected ${T} bars like ${symbols[0]} (align the assets first)`, b.ts.length);
    if (b.ts !== first.ts) for (let t = 0; t < T; t++) if (b.ts[t] !== first.ts[t]) throw new UserInputError(`bars.${s}.ts[${t}]`, `expected ${first.ts[t]} like ${symbols[0]} (align the assets first)`, b.ts[t]);
    for (const col of ['open', 'close'] as const) {
      const x = b[col];
      for (let t = 0; t < T; t++) if (!(x[t] > 0)) throw new UserInputError(`bars.${s}.${col}[${t}]`, 'expected a positive price (run QC first)', x[t]);
    }
    const sig = input.signals[s];
    if (!sig) throw new UserInputError(`signals.${s}`, 'expected a signal for every asset');
    if (sig.side.length !== T) throw new UserInputError(`signals.${s}.side`, `expected ${T} values`, sig.side.length);
    if (sig.prob && sig.prob.length !== T) throw new UserInputError(`signals.${s}.prob`, `expected ${T} values`, sig.prob.length);
    if (sig.size) {
      if (sig.size.length !== T) throw new UserInputError(`signals.${s}.size`, `expected ${T} values`, sig.size.length);
      for (let t = 0; t < T; t++) { const z = sig.size[t]; if (z < 0 || z === Infinity) throw new UserInputError(`signals.${s}.size[${t}]`, 'expected a share of equity ≥ 0 (direction comes from side)', z); }
    }
    if (sig.prob && !sig.size && !(input.payoffRatio !== undefined && input.payoffRatio > 0)) throw new UserInputError('payoffRatio', 'expected a positive payoff ratio (from training data) when signals carry probabilities', input.payoffRatio);
  }
  const ex = config.execution, risk = config.risk;
  const ppy = opts.periodsPerYear ?? periodsPerYearFromInterval(intervalMs);
  const impact = ex.models.slippage.kind === 'sqrt_impact' ? ex.models.slippage : null;
  const engineInput: BarEngineInput = {
    symbols, ts: first.ts, intervalMs,
    open: symbols.map((s) => input.bars[s].open),
    close: symbols.map((s) => input.bars[s].close),
    volume: symbols.map((s) => input.bars[s].volume),
    side: symbols.map((s) => input.signals[s].side),
    prob: symbols.map((s) => input.signals[s].prob ?? null),
    size: symbols.map((s) => input.signals[s].size ?? null),
    spread: symbols.map((s) => input.spread?.[s] ?? null),
    funding: symbols.map((s) => (ex.funding && input.funding?.[s] ? fundingSettlementBars(first.ts, intervalMs, input.funding[s]) : null)),
    volScaling: risk.volatility_scaling, volWindow: risk.vol_window, periodsPerYear: ppy,
    barSigma: symbols.map((s) => (impact ? realisedVolatility(input.bars[s].close, impact.vol_window, 1) : null)),
    avgVolume: symbols.map((s) => (impact ? rollingMean(input.bars[s].volume, impact.vol_window) : null)),
    payoffRatio: input.payoffRatio ?? Number.NaN,
  };
  return { engineInput, ppy };
}

/**
 * Metrics of an equity curve: simple returns per bar (the first against the initial cash) through summarizeReturns;
 * exposure = exposedBars / bars; haltedShare = haltedBars.any / bars.
 */
export function backtestMetrics(equity: Float64Array, exposedBars: number, initialCash: number, periodsPerYear: number,
  trades: { pnl: number }[], totals: { fees: number; slippage: number; funding: number; notional: number }, halts: number,
  haltedBars: HaltedBars = { daily_loss_limit: 0, consecutive_losses: 0, any: 0 }): BacktestMetrics {
  const T = equity.length;
  const ret = new Float64Array(T);
  let prev = initialCash, eqSum = 0;
  for (let t = 0; t < T; t++) {
    ret[t] = equity[t] / prev - 1;
    prev = equity[t];
    eqSum += equity[t];
  }
  let wins = 0;
  for (const tr of trades) if (tr.pnl > 0) wins++;
  return {
    summary: summarizeReturns(ret, { periodsPerYear }),
    initialCash, finalEquity: T > 0 ? equity[T - 1] : initialCash,
    trades: trades.length, winRate: trades.length > 0 ? wins / trades.length : Number.NaN,
    fees: totals.fees, slippage: totals.slippage, funding: totals.funding,
    turnover: T > 0 ? totals.notional / (eqSum / T) : 0,
    exposure: T > 0 ? exposedBars / T : 0,
    halts, haltedBars: { ...haltedBars }, haltedShare: T > 0 ? haltedBars.any / T : 0, periodsPerYear,
  };
}
