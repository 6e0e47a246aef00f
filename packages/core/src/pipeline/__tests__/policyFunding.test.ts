import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import { defaultConfig } from '../../config/index.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import type { BarSeries, TimeSeries } from '../../data/types.ts';
import { fundingRatesAtBars } from '../../execution/funding.ts';
import type { FeatureMatrix } from '../../features/index.ts';
import { fitObservationNormaliser, TradingVecEnv, type PolicyTrainer, type PolicyWindowContext } from '../../rl/index.ts';
import { runExperiment, syntheticInputs } from '../index.ts';
import { policyFundingRates } from '../policyWalkForward.ts';

const H = 3_600_000;

function hourlyBars(close: number[]): BarSeries {
  const T = close.length;
  const ts = Float64Array.from({ length: T }, (_, i) => i * H);
  const c = Float64Array.from(close);
  return { symbol: 'BTC', intervalMs: H, ts, open: Float64Array.from(close, (x, i) => (i === 0 ? x : close[i - 1])), high: c, low: c, close: c, volume: new Float64Array(T).fill(1) };
}

function costFree() {
  const ex = defaultConfig().execution;
  return { ...ex, taker_fee: 0, maker_fee: 0, half_spread: false, initial_cash: 100_000, models: { ...ex.models, slippage: { kind: 'fixed' as const, rate: 0 } } };
}

describe('policyFundingRates(bars, symbols, funding)', () => {
  it('books each settlement on the bar whose close reaches it, like the backtest (zeros for a symbol without rates, null without funding)', () => {
    const b = hourlyBars([100, 101, 102, 103, 104, 105]);
    // settlements at 2 h (close of bar 1), 4 h (close of bar 3) and 4.5 h (inside bar 4 → its close)
    const funding: TimeSeries = { name: 'funding_rate', ts: Float64Array.from([2 * H, 4 * H, 4.5 * H]), value: Float64Array.from([0.0001, -0.0003, 0.0002]) };
    const r = policyFundingRates({ BTC: b, ETH: b }, ['BTC', 'ETH'], { BTC: funding })!;
    expect(Array.from(r.BTC)).toEqual([0, 0.0001, 0, -0.0003, 0.0002, 0]);
    expect(Array.from(r.BTC)).toEqual(Array.from(fundingRatesAtBars(b.ts, H, funding)));
    expect(Array.from(r.ETH)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(policyFundingRates({ BTC: b }, ['BTC'], null)).toBeNull();
  });

  it('a long held over a settlement pays rate × notional at that close; a short receives it (trading environment, hand case)', () => {
    const b = hourlyBars([100, 100, 110, 120, 120]);
    const funding: TimeSeries = { name: 'funding_rate', ts: Float64Array.from([3 * H]), value: Float64Array.from([0.001]) }; // close of bar 2
    const fundingRate = policyFundingRates({ BTC: b }, ['BTC'], { BTC: funding })!.BTC;
    const features: FeatureMatrix = { ts: b.ts, names: ['f'], columns: [new Float64Array(5)] };
    const normaliser = fitObservationNormaliser(features, b.close, 0, 5);
    for (const [action, sign] of [[2, 1], [0, -1]] as const) {
      const env = new TradingVecEnv({ bars: b, features, normaliser, window: 1, from: 0, to: 5, seed: 1, execution: costFree(), positionPct: 0.5, fundingRate, rewardScale: 1 });
      env.resetAt(0, 0);
      // decided at close[0] = 100: qty = 0.5 × 100 000 / 100 = 500, filled at open[1] = 100; nothing settles at bar 1
      env.advance(0, action);
      expect(env.qty[0]).toBe(sign * 500);
      expect(env.funding[0]).toBe(0);
      // held over bar 2: the settlement at its close pays 500 × 110 × 0.001 = 55 (long) / receives it (short)
      const r = env.advance(0, action);
      expect(env.funding[0]).toBeCloseTo(sign * 55, 10);
      expect(env.equity[0]).toBeCloseTo(100_000 + sign * 500 * 10 - sign * 55, 9);
      expect(r).toBeCloseTo((sign * 500 * 10 - sign * 55) / 100_000, 12);
      // a flat position pays nothing, whatever the rate
      const flat = new TradingVecEnv({ bars: b, features, normaliser, window: 1, from: 0, to: 5, seed: 1, execution: costFree(), positionPct: 0.5, fundingRate, rewardScale: 1 });
      flat.resetAt(0, 0); flat.advance(0, 1); flat.advance(0, 1);
      expect(flat.funding[0]).toBe(0);
    }
  });
});

describe('runExperiment(config, inputs, {policy}) – funding reaches the policy trainer', () => {
  function config(extra: Record<string, unknown> = {}): ExperimentConfig {
    const r = validateConfig({ data: { synthetic: { days: 2 } }, features: { microstructure: { enabled: false } }, evaluation: { backtest: { n_windows: 2 } }, ...extra });
    if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
    return r.config;
  }
  function flatPolicy(seen: PolicyWindowContext[]): PolicyTrainer {
    return {
      kind: 'flat-test', describe: () => 'always flat',
      async fitWindow(ctx) {
        seen.push(ctx);
        const T = ctx.bars[ctx.symbols[0]].close.length;
        return { side: Object.fromEntries(ctx.symbols.map((s) => [s, new Int8Array(T)])), size: Object.fromEntries(ctx.symbols.map((s) => [s, new Float64Array(T)])), history: [] };
      },
    };
  }

  it('passes the loaded funding rates booked per bar when execution.funding is on, and none when it is off', async () => {
    const on = config();
    const inputs = syntheticInputs(on);
    expect(inputs.funding).toBeDefined();
    const seen: PolicyWindowContext[] = [];
    await runExperiment(on, inputs, { now: () => 0, policy: flatPolicy(seen) });
    expect(seen.length).toBe(2);
    for (const s of on.data.symbols) {
      const b = inputs.bars[s];
      const expected = fundingRatesAtBars(b.ts, b.intervalMs ?? b.ts[1] - b.ts[0], inputs.funding![s]);
      expect(expected.some((x) => x !== 0)).toBe(true);
      for (const ctx of seen) expect(Array.from(ctx.fundingRate![s])).toEqual(Array.from(expected));
    }
    const off = config({ execution: { funding: false } });
    const seenOff: PolicyWindowContext[] = [];
    await runExperiment(off, syntheticInputs(off), { now: () => 0, policy: flatPolicy(seenOff) });
    for (const ctx of seenOff) expect(ctx.fundingRate).toBeNull();
  });
});
