/**
 * Stress tests: scenarios applied to a finished configuration (same signals, same config), each run
 * through runBacktest and reported as PnL, return, max drawdown and halts.
 *  - price_gap: every price from bar `at` on is multiplied by (1 + gap); by default `at` is the first bar
 *    from the middle on that the base run enters holding a position (the middle bar when it is flat there),
 *    so the gap hits what it claims to hit;
 *  - vol_multiplier: each bar's log moves (open, high, low, close against the previous close) are
 *    multiplied by `factor`, the path rebuilt from the first open;
 *  - liquidity_drought: every slippage rate × slippageMultiplier, full-fill probability = fullFillProb;
 *  - latency_multiplier: latency × factor;
 *  - funding_spike: `add` added to every funding settlement (8 h settlements at `add` when no series).
 * Crash replays are extra inputs (real windows) run with the same configuration.
 */
import type { BarSeries, TimeSeries } from '../data/types.ts';
import { runBacktest } from './runBacktest.ts';
import { explainStress, gapBar } from './stressExplain.ts';
import type { BacktestConfig, BacktestInput, BacktestOptions, BacktestResult } from './types.ts';

export type StressScenario =
  | { name: string; kind: 'price_gap'; gap: number; at?: number }
  | { name: string; kind: 'vol_multiplier'; factor: number }
  | { name: string; kind: 'liquidity_drought'; slippageMultiplier: number; fullFillProb: number }
  | { name: string; kind: 'latency_multiplier'; factor: number }
  | { name: string; kind: 'funding_spike'; add: number };

export const DEFAULT_STRESS_SCENARIOS: StressScenario[] = [
  { name: 'gap -10%', kind: 'price_gap', gap: -0.1 },
  { name: 'gap -20%', kind: 'price_gap', gap: -0.2 },
  { name: 'volatility x3', kind: 'vol_multiplier', factor: 3 },
  { name: 'liquidity drought', kind: 'liquidity_drought', slippageMultiplier: 5, fullFillProb: 0.5 },
  { name: 'latency x10', kind: 'latency_multiplier', factor: 10 },
  { name: 'funding spike +0.3%/8h', kind: 'funding_spike', add: 0.003 },
];

export interface StressOutcome {
  name: string;
  kind: StressScenario['kind'] | 'base' | 'crash_replay';
  pnl: number;
  totalReturn: number;
  maxDrawdown: number;
  halts: number;
  haltsByReason: Record<string, number>;
  trades: number;
  /** PnL minus the base run's PnL (NaN for crash replays, which run on other data). */
  pnlVsBase: number;
  /** What the scenario changed, in words (e.g. the position a gap hit, or "flat at the time of the gap"). */
  note: string;
  /** price_gap: the bar the gap hit (open time, ms UTC). */
  gapTs?: number;
}

export interface StressReport {
  outcomes: StressOutcome[];
}

const EIGHT_HOURS = 8 * 3_600_000;

function mapBars(b: BarSeries, f: (x: Float64Array, name: 'open' | 'high' | 'low' | 'close') => Float64Array): BarSeries {
  return { ...b, open: f(b.open, 'open'), high: f(b.high, 'high'), low: f(b.low, 'low'), close: f(b.close, 'close') };
}

function scaleVol(b: BarSeries, k: number): BarSeries {
  const n = b.ts.length;
  const o = new Float64Array(n), h = new Float64Array(n), l = new Float64Array(n), c = new Float64Array(n);
  let prevOrig = n > 0 ? b.open[0] : 0, prevNew = prevOrig;
  for (let t = 0; t < n; t++) {
    const f = (x: number) => prevNew * Math.pow(x / prevOrig, k);
    o[t] = f(b.open[t]); h[t] = f(b.high[t]); l[t] = f(b.low[t]); c[t] = f(b.close[t]);
    prevOrig = b.close[t]; prevNew = c[t];
  }
  return { ...b, open: o, high: h, low: l, close: c };
}

/** applyStressScenario(input, config, scenario) – the stressed input and config (inputs are not mutated). */
export function applyStressScenario(input: BacktestInput, config: BacktestConfig, s: StressScenario): { input: BacktestInput; config: BacktestConfig } {
  const ex = config.execution;
  switch (s.kind) {
    case 'price_gap': {
      const bars = Object.fromEntries(Object.entries(input.bars).map(([sym, b]) => {
        const at = s.at ?? Math.floor(b.ts.length / 2);
        return [sym, mapBars(b, (x) => x.map((v, t) => (t >= at ? v * (1 + s.gap) : v)))];
      }));
      return { input: { ...input, bars }, config };
    }
    case 'vol_multiplier':
      return { input: { ...input, bars: Object.fromEntries(Object.entries(input.bars).map(([sym, b]) => [sym, scaleVol(b, s.factor)])) }, config };
    case 'liquidity_drought': {
      const m = s.slippageMultiplier, sl = ex.models.slippage;
      const slippage = sl.kind === 'fixed' ? { ...sl, rate: sl.rate * m } : sl.kind === 'sqrt_impact' ? { ...sl, coefficient: sl.coefficient * m } : sl;
      return { input, config: { ...config, execution: {
        ...ex, partial_fill_prob: s.fullFillProb,
        slippage_curve: { ...ex.slippage_curve, small_size: ex.slippage_curve.small_size * m, medium_size: ex.slippage_curve.medium_size * m, large_size: ex.slippage_curve.large_size * m },
        models: { ...ex.models, slippage, fill: { kind: 'probabilistic' } },
      } } };
    }
    case 'latency_multiplier': {
      const lat = ex.models.latency;
      return { input, config: { ...config, execution: { ...ex, latency_ms: [ex.latency_ms[0] * s.factor, ex.latency_ms[1] * s.factor],
        models: { ...ex.models, latency: lat.kind === 'fixed' ? { ...lat, ms: lat.ms * s.factor } : lat } } } };
    }
    case 'funding_spike': {
      const funding: Record<string, TimeSeries> = {};
      for (const [sym, b] of Object.entries(input.bars)) {
        const f = input.funding?.[sym];
        if (f) { funding[sym] = { ...f, value: f.value.map((v) => v + s.add) }; continue; }
        const n = b.ts.length;
        if (n === 0) continue;
        const first = Math.ceil((b.ts[0] + 1) / EIGHT_HOURS) * EIGHT_HOURS, last = b.ts[n - 1] + (b.intervalMs ?? 0);
        const ts: number[] = [];
        for (let t = first; t <= last; t += EIGHT_HOURS) ts.push(t);
        funding[sym] = { name: 'funding', symbol: sym, ts: Float64Array.from(ts), value: new Float64Array(ts.length).fill(s.add) };
      }
      return { input: { ...input, funding }, config: { ...config, execution: { ...ex, funding: true } } };
    }
  }
}

function outcome(name: string, kind: StressOutcome['kind'], r: BacktestResult, basePnl: number, note: string): StressOutcome {
  const haltsByReason: Record<string, number> = {};
  for (const h of r.halts) haltsByReason[h.reason] = (haltsByReason[h.reason] ?? 0) + 1;
  const pnl = r.metrics.finalEquity - r.metrics.initialCash;
  return { name, kind, pnl, totalReturn: r.metrics.summary.totalReturn, maxDrawdown: r.metrics.summary.maxDrawdown, halts: r.halts.length, haltsByReason, trades: r.trades.length, pnlVsBase: pnl - basePnl, note };
}

/**
 * runStressTests(input, config, opts, scenarios?, crashReplays?) – the base run, each scenario, and each
 * crash replay ({name, input}: a real window with its own bars and signals) under the same config.
 */
export function runStressTests(input: BacktestInput, config: BacktestConfig, opts: BacktestOptions,
  scenarios: StressScenario[] = DEFAULT_STRESS_SCENARIOS, crashReplays: { name: string; input: BacktestInput }[] = []): StressReport {
  const base = runBacktest(input, config, opts);
  const basePnl = base.metrics.finalEquity - base.metrics.initialCash;
  const outcomes: StressOutcome[] = [outcome('base', 'base', base, basePnl, 'the configuration as is')];
  const n = input.bars[Object.keys(input.bars)[0]]?.ts.length ?? 0;
  for (const s0 of scenarios) {
    const s = s0.kind === 'price_gap' && s0.at === undefined ? { ...s0, at: gapBar(base, n) } : s0;
    const st = applyStressScenario(input, config, s);
    const r = runBacktest(st.input, st.config, opts);
    const at = s.kind === 'price_gap' ? s.at ?? Math.floor(n / 2) : null;
    outcomes.push({ ...outcome(s.name, s.kind, r, basePnl, explainStress(s, base, r, input, config, at)),
      ...(at !== null ? { gapTs: input.bars[base.symbols[0]].ts[at] } : {}) });
  }
  for (const c of crashReplays) outcomes.push({ ...outcome(c.name, 'crash_replay', runBacktest(c.input, config, opts), Number.NaN, 'a real crash window (other data): not comparable to the base'), pnlVsBase: Number.NaN });
  return { outcomes };
}

/**
 * timeWindowInput(input, startMs, endMs) – the rows with startMs ≤ ts < endMs of every asset (bars, signals
 * incl. prob and size, spread; funding kept whole), e.g. a crash window whose signals were computed on the full history so
 * their warm-up lies before the window.
 */
export function timeWindowInput(input: BacktestInput, startMs: number, endMs: number): BacktestInput {
  const syms = Object.keys(input.bars);
  const ts = input.bars[syms[0]].ts;
  let a = 0;
  while (a < ts.length && ts[a] < startMs) a++;
  let b = a;
  while (b < ts.length && ts[b] < endMs) b++;
  const cut = <T extends Float64Array | Int8Array>(x: T): T => x.subarray(a, b) as T;
  return {
    ...input,
    bars: Object.fromEntries(syms.map((s) => {
      const bs = input.bars[s];
      return [s, { ...bs, ts: cut(bs.ts), open: cut(bs.open), high: cut(bs.high), low: cut(bs.low), close: cut(bs.close), volume: cut(bs.volume), columns: undefined }];
    })),
    signals: Object.fromEntries(syms.map((s) => {
      const sig = input.signals[s];
      return [s, { side: cut(sig.side), ...(sig.prob ? { prob: cut(sig.prob) } : {}), ...(sig.size ? { size: cut(sig.size) } : {}) }];
    })),
    ...(input.spread ? { spread: Object.fromEntries(Object.entries(input.spread).map(([s, x]) => [s, cut(x)])) } : {}),
  };
}
