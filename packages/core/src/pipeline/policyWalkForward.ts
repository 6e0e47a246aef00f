/**
 * policyWalkForward(samples, bars, features, config, policy, hooks) – the walk-forward protocol for a
 * policy (core/rl/contract.ts): the same windows as the supervised run (backtestWindows, cut in bar
 * time); window k may learn from bars [0 | rolling start, start − embargo) only and acts on its test
 * bars. Returns the per-bar signals and, per window, the IS / OOS Sharpe of the policy's unit-size
 * costed signal (gate 3 for policies: in-sample on its own training bars, out of sample on its test bars).
 * `hooks.funding` (the backtest's funding series, null when execution.funding is off) reaches the trainer
 * as per-bar rates booked the way the backtest books them (fundingRatesAtBars), so a policy trained in
 * the trading environment pays and receives the same funding it is later charged.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries, TimeSeries } from '../data/types.ts';
import { fundingRatesAtBars } from '../execution/funding.ts';
import type { FeatureMatrix } from '../features/index.ts';
import { sharpeRatio } from '../eval/stats/index.ts';
import type { PolicyProgress, PolicyTrainer, PolicyWindowResult } from '../rl/index.ts';
import type { WalkForwardWindowReport } from '../reports/types.ts';
import type { SampleSet } from './buildSamples.ts';
import { signalReturns } from './signals.ts';
import type { SizedSignal } from './sizing.ts';
import { backtestWindows } from './walkForward.ts';
import { num } from './numbers.ts';

export interface PolicyOutcome {
  signals: Record<string, SizedSignal>;
  firstBar: number;
  embargoBars: number;
  reports: WalkForwardWindowReport[];
  history: { window: number; points: PolicyProgress[] }[];
  /** The last window: its bounds and what the trainer returned to freeze (PolicyWindowResult.frozen). */
  last: { index: number; count: number; startBar: number; endBar: number; trainFrom: number; trainTo: number; frozen: PolicyWindowResult['frozen'] | null } | null;
}

export async function policyWalkForward(samples: SampleSet, bars: Record<string, BarSeries>, features: FeatureMatrix[], config: ExperimentConfig, policy: PolicyTrainer,
  hooks: { check(where: string): void; tick(): Promise<void>; periodsPerYear: number; funding?: Record<string, TimeSeries> | null; onProgress?: (window: number, e: PolicyProgress) => void; onWindow?: (done: number, total: number, signals: Record<string, SizedSignal>, endBar: number) => void }): Promise<PolicyOutcome> {
  const symbols = samples.symbols;
  const barTs = bars[symbols[0]].ts, T = barTs.length;
  const { windows, firstBar, embargoBars } = backtestWindows(samples, barTs, config.evaluation);
  const signals: Record<string, SizedSignal> = Object.fromEntries(symbols.map((s) => [s, { side: new Int8Array(T), size: new Float64Array(T) }]));
  const cost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
  const root = Math.sqrt(hooks.periodsPerYear);
  const reports: WalkForwardWindowReport[] = [];
  const history: PolicyOutcome['history'] = [];
  const featureBySymbol = Object.fromEntries(symbols.map((s, i) => [s, features[i]]));
  let last: PolicyOutcome['last'] = null;
  const fundingRate = policyFundingRates(bars, symbols, config.execution.funding ? hooks.funding ?? null : null);
  for (const w of windows) {
    hooks.check(`policy window ${w.index + 1}/${windows.length}`);
    const trainFrom = config.evaluation.backtest.window === 'rolling' ? Math.max(0, w.startBar - firstBar) : 0;
    const trainTo = Math.max(trainFrom, w.startBar - embargoBars);
    const res = await policy.fitWindow({
      index: w.index, windows: windows.length, symbols, bars, features: featureBySymbol, trainFrom, trainTo, testFrom: w.startBar, testTo: w.endBar,
      fundingRate, config, seed: (config.seed * 1_000_003 + w.index * 7919) >>> 0,
      ...(hooks.onProgress ? { onProgress: (e: PolicyProgress) => hooks.onProgress!(w.index, e) } : {}),
      signal: { get aborted() { try { hooks.check('policy training'); return false; } catch { return true; } } },
    });
    for (const s of symbols) {
      const side = res.side[s], size = res.size[s];
      if (!side || side.length !== T || !size || size.length !== T) throw new Error(`policy ${policy.kind} returned ${s} arrays of the wrong length (expected ${T} bars)`);
      for (let t = w.startBar; t < w.endBar; t++) { signals[s].side[t] = side[t]; signals[s].size[t] = side[t] !== 0 ? size[t] : 0; }
    }
    const oosSides = Object.fromEntries(symbols.map((s) => { const a = new Int8Array(T); a.set(signals[s].side.subarray(w.startBar, w.endBar), w.startBar); return [s, a]; }));
    const oosR = signalReturns(bars, oosSides, cost);
    const oos = w.endBar - w.startBar > 2 ? sharpeRatio(oosR.subarray(w.startBar + 1, Math.min(w.endBar + 1, T))) * root : Number.NaN;
    let is = Number.NaN;
    if (res.inSampleSide && trainTo - trainFrom > 2) {
      const isSides = Object.fromEntries(symbols.map((s) => { const a = new Int8Array(T); a.set(res.inSampleSide![s].subarray(trainFrom, trainTo), trainFrom); return [s, a]; }));
      is = sharpeRatio(signalReturns(bars, isSides, cost).subarray(trainFrom + 1, trainTo + 1)) * root;
    }
    reports.push({
      index: w.index, start: barTs[w.startBar], end: w.endBar < T ? barTs[w.endBar] : barTs[T - 1] + (T > 1 ? barTs[1] - barTs[0] : 0),
      trainSize: trainTo - trainFrom, testSize: w.endBar - w.startBar, purged: 0, calibration: null, kelly: null, isSharpe: num(is), oosSharpe: num(oos), oosAuc: null,
    });
    history.push({ window: w.index, points: res.history });
    last = { index: w.index, count: windows.length, startBar: w.startBar, endBar: w.endBar, trainFrom, trainTo, frozen: res.frozen ?? null };
    hooks.onWindow?.(w.index + 1, windows.length, signals, w.endBar);
    await hooks.tick();
  }
  return { signals, firstBar, embargoBars, reports, history, last };
}

/**
 * policyFundingRates(bars, symbols, funding) – per symbol, the funding rate booked at each bar, with the
 * bar interval runBacktest uses (bars.intervalMs, else the first bar spacing); null without funding. A
 * symbol without a funding series gets zeros (the backtest charges it nothing either).
 */
export function policyFundingRates(bars: Record<string, BarSeries>, symbols: string[], funding: Record<string, TimeSeries> | null): Record<string, Float64Array> | null {
  if (!funding) return null;
  const first = bars[symbols[0]], T = first.ts.length;
  const intervalMs = first.intervalMs ?? (T > 1 ? first.ts[1] - first.ts[0] : 60_000);
  return Object.fromEntries(symbols.map((s) => [s, funding[s] ? fundingRatesAtBars(first.ts, intervalMs, funding[s]) : new Float64Array(T)]));
}

/** usesPolicyTrainer(config) – whether the run trains a policy (config.trainer = ppo): hosts then pass runExperiment a `policy`. */
export function usesPolicyTrainer(config: Pick<ExperimentConfig, 'trainer'>): boolean {
  return config.trainer === 'ppo';
}
