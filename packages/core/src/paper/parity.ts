/**
 * Paper vs backtest on the same bars. `periodBacktest` re-runs a paper period as one batch backtest:
 * features over the whole history at once, every row predicted in one call, the pipeline's own
 * `decisions` and `sizedSignals`, then `runBacktest` – an independent route to the same fills.
 * `driftReport` lines the two ledgers up fill by fill (and PnL, costs) and counts the mismatches;
 * `replayParity` replays a run's stored bars over its last walk-forward window through a PaperSession
 * and compares. On a replayed feed the two must agree to the last fill (fill_mismatches = 0).
 */
import { runBacktest } from '../backtest/index.ts';
import type { BacktestFill, BacktestResult } from '../backtest/index.ts';
import type { BarSeries } from '../data/types.ts';
import { computeFeatures } from '../features/index.ts';
import { cusumEvents, movingAverageSide } from '../labels/index.ts';
import type { FittedModel } from '../models/contract.ts';
import { applyPlatt, logitScores } from '../models/index.ts';
import type { FrozenArtifact, FrozenPolicyArtifact, FrozenRunArtifact } from '../pipeline/frozen.ts';
import { isPolicyArtifact } from '../pipeline/frozen.ts';
import { fundingRatesAtBars } from '../execution/funding.ts';
import type { FeatureMatrix } from '../features/index.ts';
import type { RestoredPolicy } from '../rl/contract.ts';
import { normaliserFromJSON } from '../rl/normaliser.ts';
import { TradingVecEnv } from '../rl/tradingEnv.ts';
import type { SizedSignal } from '../pipeline/sizing.ts';
import type { SampleSet } from '../pipeline/buildSamples.ts';
import { sizedSignals } from '../pipeline/sizing.ts';
import { BAR_INTERVAL_MS } from '../pipeline/syntheticInputs.ts';
import { decisions } from '../pipeline/walkForward.ts';
import { featureWindows } from '../pipeline/windows.ts';
import { periodsPerYearFromInterval } from '../risk/index.ts';
import { UserInputError } from '../util/errors.ts';
import { bookReplay, bookRows } from './book.ts';
import { PaperSession } from './session.ts';
import type { PaperSessionOptions, PaperSummary } from './session.ts';

const cut = (b: BarSeries, from: number, to: number): BarSeries => ({
  symbol: b.symbol, intervalMs: b.intervalMs, ts: b.ts.subarray(from, to), open: b.open.subarray(from, to), high: b.high.subarray(from, to),
  low: b.low.subarray(from, to), close: b.close.subarray(from, to), volume: b.volume.subarray(from, to),
});

/**
 * periodBacktest(frozen, model, bars, fromBar, toBar, aux) – the batch backtest of bars [fromBar, toBar)
 * (bars before fromBar only warm the features up) with the frozen model's signals; for a policy artifact
 * (`model` = its restored policies per symbol) with the policy's greedy actions taken as the trainer takes
 * them (policyPeriodSignals).
 */
export async function periodBacktest(frozen: FrozenRunArtifact, model: FittedModel | Record<string, RestoredPolicy>, bars: Record<string, BarSeries>, fromBar: number, toBar: number,
  aux: Pick<PaperSessionOptions, 'funding' | 'openInterest' | 'sentiment' | 'snapshots' | 'events'> = {}): Promise<BacktestResult> {
  if (isPolicyArtifact(frozen)) return policyPeriodBacktest(frozen, model as Record<string, RestoredPolicy>, bars, fromBar, toBar, aux);
  return modelPeriodBacktest(frozen, model as FittedModel, bars, fromBar, toBar, aux);
}

async function modelPeriodBacktest(frozen: FrozenArtifact, model: FittedModel, bars: Record<string, BarSeries>, fromBar: number, toBar: number,
  aux: Pick<PaperSessionOptions, 'funding' | 'openInterest' | 'sentiment' | 'snapshots' | 'events'>): Promise<BacktestResult> {
  const c = frozen.config, symbols = frozen.symbols, intervalMs = BAR_INTERVAL_MS[frozen.interval];
  const maxGapMs = c.data.max_gap_bars * intervalMs;
  const nBars = toBar - fromBar;
  const hist = Object.fromEntries(symbols.map((s) => [s, { ...cut(bars[s], 0, toBar), intervalMs }]));
  const fms = symbols.map((s) => computeFeatures({
    bars: hist[s], ...(aux.snapshots ? { snapshots: bookRows(aux.snapshots[s], 0, toBar) } : {}), ...(aux.events ? { events: aux.events[s] } : {}), funding: aux.funding?.[s], openInterest: aux.openInterest?.[s], sentiment: aux.sentiment }, c.features, { maxGapMs }));
  const p = frozen.featureNames.length;
  // the rows: per bar in the period, per symbol (time order, then symbol order), events with finite features
  const evSets = symbols.map((s) => (c.labels.events.kind === 'cusum' ? new Set(cusumEvents(hist[s].close, c.labels.events.threshold)) : null));
  const sym: number[] = [], abs: number[] = [];
  for (let t = fromBar; t < toBar; t++) {
    for (let k = 0; k < symbols.length; k++) {
      const cols = fms[k].columns;
      let ok = evSets[k] === null || evSets[k]!.has(t);
      for (let j = 0; j < p && ok; j++) if (!Number.isFinite(cols[j][t])) ok = false;
      if (ok) { sym.push(k); abs.push(t); }
    }
  }
  const n = sym.length, X = new Float64Array(n * p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) X[r * p + j] = fms[sym[r]].columns[j][abs[r]];
  const base = { n, p, names: frozen.featureNames, X, y: new Float64Array(n), ret: new Float64Array(n), symbol: Int32Array.from(sym), symbols, rowsDropped: 0 };
  const absSamples: SampleSet = { ...base, t0: Float64Array.from(abs, (t, r) => hist[symbols[sym[r]]].ts[t]), t1: new Float64Array(n), t0Idx: Int32Array.from(abs), t1Idx: Int32Array.from(abs) };
  const rows = Int32Array.from({ length: n }, (_, r) => r);
  const prob = n ? await model.predict({ X, p, windows: featureWindows(absSamples, fms, hist, maxGapMs) }, rows) : new Float64Array(0);
  const score = frozen.calibration ? applyPlatt(frozen.calibration, logitScores(prob)) : prob;
  const meta = c.models.meta.enabled;
  const primarySide = new Int8Array(n);
  if (meta && c.models.meta.primary === 'ma_rule') {
    const sides = symbols.map((s) => movingAverageSide(hist[s].close, c.models.meta.ma_window));
    for (let r = 0; r < n; r++) primarySide[r] = sides[sym[r]][abs[r]];
  }
  const d = decisions({ score, primarySide }, frozen.threshold, meta);
  const periodBars = Object.fromEntries(symbols.map((s) => [s, { ...cut(hist[s], fromBar, toBar), intervalMs }]));
  const relSamples: SampleSet = { ...absSamples, t0Idx: Int32Array.from(abs, (t) => t - fromBar), t1Idx: Int32Array.from(abs, (t) => t - fromBar) };
  const signals = sizedSignals(relSamples, d, { testedBy: new Int32Array(n), kellySize: Float64Array.of(frozen.kellySize ?? Number.NaN) }, periodBars, c);
  if (nBars <= 0) throw new UserInputError('period', 'at least one bar', nBars);
  // the run's engine charges half the spread_pct feature (runExperiment's btCtx.spread)
  const spreadIdx = frozen.featureNames.indexOf('spread_pct');
  const spread = spreadIdx >= 0 ? Object.fromEntries(symbols.map((s, k) => [s, fms[k].columns[spreadIdx].subarray(fromBar, toBar)])) : null;
  return runBacktest({ bars: periodBars, signals, ...(spread ? { spread } : {}), ...(c.execution.funding && aux.funding ? { funding: aux.funding } : {}) }, { execution: c.execution, risk: c.risk },
    { seed: c.seed, periodsPerYear: c.evaluation.periods_per_year ?? periodsPerYearFromInterval(intervalMs) });
}

/**
 * policyPeriodSignals(frozen, policies, hist, features, fromBar, toBar, fundingRate) – the policy's
 * signals on bars [fromBar, toBar) as the ppo trainer's greedy pass takes them: one trading environment
 * over the whole series, its account flat at fromBar, argmax action on each bar's observation, the fill
 * at the next bar's open updating the account (period-relative arrays; side = action − 1, size =
 * max_position_pct where side ≠ 0). The last bar is acted on too; no bar follows, so nothing fills it.
 */
export function policyPeriodSignals(frozen: FrozenPolicyArtifact, policies: Record<string, RestoredPolicy>, hist: Record<string, BarSeries>, features: Record<string, FeatureMatrix>,
  fromBar: number, toBar: number, fundingRate: Record<string, Float64Array> | null = null): Record<string, SizedSignal> {
  const c = frozen.config, n = toBar - fromBar, W = frozen.observationWindow, pct = c.risk.max_position_pct;
  const out: Record<string, SizedSignal> = {};
  for (const s of frozen.symbols) {
    const fm = features[s], b = hist[s], policy = policies[s];
    if (!policy) throw new UserInputError(`policies.${s}`, `the restored policy of every symbol of the run (${frozen.symbols.join(', ')})`, 'missing');
    const spreadIdx = fm.names.indexOf('spread_pct');
    const env = new TradingVecEnv({
      bars: b, features: fm, normaliser: normaliserFromJSON(frozen.normalisers[s], `frozen.normalisers.${s}`), window: W, from: 0, to: toBar, numEnvs: 1, seed: 0,
      execution: c.execution, positionPct: pct, spread: spreadIdx >= 0 ? fm.columns[spreadIdx] : null, fundingRate: fundingRate?.[s] ?? null,
    });
    const side = new Int8Array(n), size = new Float64Array(n);
    env.resetAt(0, fromBar);
    for (let t = fromBar; t < toBar; t++) {
      const a = policy.act(env.obs);
      side[t - fromBar] = a - 1;
      size[t - fromBar] = a !== 1 ? pct : 0;
      if (t + 1 < toBar) { env.advance(0, a); env.observe(0); }
    }
    out[s] = { side, size };
  }
  return out;
}

async function policyPeriodBacktest(frozen: FrozenPolicyArtifact, policies: Record<string, RestoredPolicy>, bars: Record<string, BarSeries>, fromBar: number, toBar: number,
  aux: Pick<PaperSessionOptions, 'funding' | 'openInterest' | 'sentiment' | 'snapshots' | 'events'>): Promise<BacktestResult> {
  const c = frozen.config, symbols = frozen.symbols, intervalMs = BAR_INTERVAL_MS[frozen.interval];
  const maxGapMs = c.data.max_gap_bars * intervalMs;
  if (toBar - fromBar <= 0) throw new UserInputError('period', 'at least one bar', toBar - fromBar);
  const hist = Object.fromEntries(symbols.map((s) => [s, { ...cut(bars[s], 0, toBar), intervalMs }]));
  const fms = Object.fromEntries(symbols.map((s) => [s, computeFeatures({
    bars: hist[s], ...(aux.snapshots ? { snapshots: bookRows(aux.snapshots[s], 0, toBar) } : {}), ...(aux.events ? { events: aux.events[s] } : {}), funding: aux.funding?.[s], openInterest: aux.openInterest?.[s], sentiment: aux.sentiment }, c.features, { maxGapMs })]));
  const fr = c.execution.funding && aux.funding ? Object.fromEntries(symbols.filter((s) => aux.funding![s]).map((s) => [s, fundingRatesAtBars(hist[s].ts, intervalMs, aux.funding![s])])) : null;
  const signals = policyPeriodSignals(frozen, policies, hist, fms, fromBar, toBar, fr);
  const periodBars = Object.fromEntries(symbols.map((s) => [s, { ...cut(hist[s], fromBar, toBar), intervalMs }]));
  const spreadIdx = frozen.featureNames.indexOf('spread_pct');
  const spread = spreadIdx >= 0 ? Object.fromEntries(symbols.map((s) => [s, fms[s].columns[spreadIdx].subarray(fromBar, toBar)])) : null;
  return runBacktest({ bars: periodBars, signals, ...(spread ? { spread } : {}), ...(c.execution.funding && aux.funding ? { funding: aux.funding } : {}) }, { execution: c.execution, risk: c.risk },
    { seed: c.seed, periodsPerYear: c.evaluation.periods_per_year ?? periodsPerYearFromInterval(intervalMs) });
}

/** One fill of either side, for the side-by-side table. */
export interface DriftFill { symbol: string; bar: number; ts: number; side: number; qty: number; price: number; fee: number; slippage: number }

export interface DriftRow {
  index: number;
  paper: DriftFill | null;
  backtest: DriftFill | null;
  /** Every field identical. */
  match: boolean;
  /** Named differences (e.g. "price 101.2 vs 101.3"). */
  differences: string[];
}

export interface DriftTotals { equity: number; pnl: number; fees: number; slippage: number; funding: number; fills: number; trades: number }

export interface DriftReport {
  /** Rows where paper and backtest fills differ in any field, or where one side has no fill. */
  fillMismatches: number;
  rows: DriftRow[];
  paper: DriftTotals;
  backtest: DriftTotals;
  /** Plain-language differences of the totals (empty when identical). */
  flags: string[];
}

const asDrift = (f: BacktestFill): DriftFill => ({ symbol: f.symbol, bar: f.bar, ts: f.ts, side: f.side, qty: f.qty, price: f.price, fee: f.fee, slippage: f.slippage });

/** driftReport(paper, backtest) – fill by fill (exact equality), then PnL and costs. */
export function driftReport(paper: { fills: BacktestFill[]; totals: DriftTotals }, backtest: { fills: BacktestFill[]; totals: DriftTotals }): DriftReport {
  const rows: DriftRow[] = [];
  let mismatches = 0;
  const n = Math.max(paper.fills.length, backtest.fills.length);
  for (let k = 0; k < n; k++) {
    const a = paper.fills[k] ? asDrift(paper.fills[k]) : null, b = backtest.fills[k] ? asDrift(backtest.fills[k]) : null;
    const differences: string[] = [];
    if (!a || !b) differences.push(a ? 'no backtest fill' : 'no paper fill');
    else for (const key of ['symbol', 'bar', 'ts', 'side', 'qty', 'price', 'fee', 'slippage'] as const) if (a[key] !== b[key]) differences.push(`${key} ${String(a[key])} vs ${String(b[key])}`);
    const match = differences.length === 0;
    if (!match) mismatches++;
    rows.push({ index: k, paper: a, backtest: b, match, differences });
  }
  const flags: string[] = [];
  for (const key of ['equity', 'pnl', 'fees', 'slippage', 'funding', 'fills', 'trades'] as const) {
    if (paper.totals[key] !== backtest.totals[key]) flags.push(`${key}: paper ${paper.totals[key]} vs backtest ${backtest.totals[key]}`);
  }
  return { fillMismatches: mismatches, rows, paper: paper.totals, backtest: backtest.totals, flags };
}

/** The totals of a backtest result, in the drift report's shape. */
export function backtestTotals(bt: BacktestResult): DriftTotals {
  const m = bt.metrics;
  return { equity: m.finalEquity, pnl: m.finalEquity - m.initialCash, fees: m.fees, slippage: m.slippage, funding: m.funding, fills: bt.fills.length, trades: bt.trades.length };
}

/** The totals of a paper session, in the drift report's shape. */
export function paperTotals(s: PaperSummary): DriftTotals {
  return { equity: s.equity, pnl: s.equity - s.initialCash, fees: s.fees, slippage: s.slippage, funding: s.funding, fills: s.fills, trades: s.trades };
}

export interface ReplayParity {
  summary: PaperSummary;
  drift: DriftReport;
  /** The replayed period in the run's bar indices [fromBar, toBar). */
  fromBar: number;
  toBar: number;
}

/**
 * replayParity(frozen, model, bars, options) – feeds the run's bars of its last walk-forward window
 * (bars [window.startBar, T)) one at a time to a PaperSession warmed up on the bars before it, then
 * backtests the same period (periodBacktest) and compares. `bars` must be the run's own bars.
 */
export async function replayParity(frozen: FrozenRunArtifact, model: FittedModel | Record<string, RestoredPolicy>, bars: Record<string, BarSeries>,
  options: Pick<PaperSessionOptions, 'funding' | 'openInterest' | 'sentiment' | 'snapshots' | 'events'> & { onStep?: (index: number, total: number) => void | Promise<void> } = {}): Promise<ReplayParity> {
  const s0 = frozen.symbols[0];
  for (const s of frozen.symbols) if (!Object.hasOwn(bars, s)) throw new UserInputError(`replay.${s}`, `bars of every symbol of the run (${frozen.symbols.join(', ')})`, 'missing');
  const T = bars[s0].ts.length, from = frozen.window.startBar;
  if (from >= T || bars[s0].ts[from] !== frozen.window.startTs) {
    throw new UserInputError('replay bars', `the run's bars (bar ${from} opening at ${new Date(frozen.window.startTs).toISOString()}, the last window's start)`, from < T ? new Date(bars[s0].ts[from]).toISOString() : `${T} bars`);
  }
  const aux = { ...(options.funding ? { funding: options.funding } : {}), ...(options.openInterest ? { openInterest: options.openInterest } : {}), ...(options.sentiment ? { sentiment: options.sentiment } : {}) };
  const book = bookReplay(frozen.symbols, { ...(options.snapshots ? { snapshots: options.snapshots } : {}), ...(options.events ? { events: options.events } : {}) }, bars[s0].ts, BAR_INTERVAL_MS[frozen.interval], from);
  const session = PaperSession.create({ frozen, model, history: Object.fromEntries(frozen.symbols.map((s) => [s, cut(bars[s], 0, from)])), ...aux, ...book?.history });
  for (let t = from; t < T; t++) {
    await session.onBars(Object.fromEntries(frozen.symbols.map((s) => { const b = bars[s]; return [s, { ts: b.ts[t], open: b.open[t], high: b.high[t], low: b.low[t], close: b.close[t], volume: b.volume[t] }]; })), book?.at(t));
    await options.onStep?.(t - from + 1, T - from);
  }
  const bt = await periodBacktest(frozen, model, bars, from, T, { ...aux, ...(options.snapshots ? { snapshots: options.snapshots } : {}), ...(options.events ? { events: options.events } : {}) });
  const summary = session.summary();
  return { summary, drift: driftReport({ fills: session.ledger().fills, totals: paperTotals(summary) }, { fills: bt.fills, totals: backtestTotals(bt) }), fromBar: from, toBar: T };
}
