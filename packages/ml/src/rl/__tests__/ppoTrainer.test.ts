import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, defaultConfig } from '@skippy/core';
import type { BarSeries } from '@skippy/core/data';
import type { FeatureMatrix } from '@skippy/core/features';
import { fitObservationNormaliser, TradingVecEnv, type PolicyWindowContext } from '@skippy/core/rl';
import { ensureMlBackend } from '../../backend.ts';
import { ppoTrainer, tradingEnvOptions } from '../ppoTrainer.ts';
import { memoryCheckpointStore } from '../checkpoint.ts';

beforeAll(async () => { await ensureMlBackend(); });

const T = 400;

function market(seed: number, perturbAfter = Infinity): { bars: BarSeries; features: FeatureMatrix } {
  const rng = createRng(seed), pert = createRng(99);
  const ts = Float64Array.from({ length: T }, (_, i) => 1.7e12 + i * 60_000);
  const open = new Float64Array(T), close = new Float64Array(T);
  let p = 100;
  for (let t = 0; t < T; t++) {
    open[t] = p;
    p *= Math.exp(0.002 * rng.normal());
    if (t > perturbAfter) p *= Math.exp(0.05 * pert.normal());
    close[t] = p;
  }
  // causal features: 1-bar and 5-bar returns
  const r1 = Float64Array.from(close, (c, t) => (t >= 1 ? c / close[t - 1] - 1 : Number.NaN));
  const r5 = Float64Array.from(close, (c, t) => (t >= 5 ? c / close[t - 5] - 1 : Number.NaN));
  const bars: BarSeries = { symbol: 'BTC', intervalMs: 60_000, ts, open, high: Float64Array.from(close), low: Float64Array.from(close), close, volume: new Float64Array(T).fill(5) };
  return { bars, features: { ts, names: ['ret_1', 'ret_5'], columns: [r1, r5] } };
}

function context(m: ReturnType<typeof market>, over: Partial<ReturnType<typeof defaultConfig>['ppo']> = {}): PolicyWindowContext {
  const base = defaultConfig();
  const config = { ...base, ppo: { ...base.ppo, steps: 512, num_steps: 64, update_epochs: 2, hidden: [16, 16], window: 4, episode_bars: 32, ...over } };
  return { index: 0, windows: 1, symbols: ['BTC'], bars: { BTC: m.bars }, features: { BTC: m.features }, trainFrom: 0, trainTo: 250, testFrom: 260, testTo: 400, config, seed: 11 };
}

describe('ppoTrainer().fitWindow(ctx)', () => {
  it('acts only on [testFrom, testTo) with size = max_position_pct, deterministically, and reports diagnostics', async () => {
    const trainer = ppoTrainer();
    expect(trainer.kind).toBe('ppo');
    expect(trainer.describe(defaultConfig())).toMatch(/PPO/);
    const ctx = context(market(1));
    const a = await trainer.fitWindow(ctx), b = await trainer.fitWindow(ctx);
    const side = a.side.BTC, size = a.size.BTC;
    expect(side.length).toBe(T);
    for (let t = 0; t < T; t++) {
      if (t < 260) expect(side[t]).toBe(0);
      expect([-1, 0, 1]).toContain(side[t]);
      expect(size[t]).toBe(side[t] !== 0 ? ctx.config.risk.max_position_pct : 0);
    }
    expect(Array.from(b.side.BTC)).toEqual(Array.from(side));
    expect(a.history.length).toBe(2);
    expect(a.history[0]).toHaveProperty('approx_kl');
    expect(a.history[0].window).toBe(0);
  });

  it('never changes a decision at t when bars after t change (test bars acted on causally)', async () => {
    const tau = 330;
    const a = await ppoTrainer().fitWindow(context(market(1)));
    const b = await ppoTrainer().fitWindow(context(market(1, tau)));
    expect(Array.from(b.side.BTC.subarray(0, tau + 1))).toEqual(Array.from(a.side.BTC.subarray(0, tau + 1)));
    expect(new Set(a.side.BTC.subarray(260)).size).toBeGreaterThan(1); // the policy does act on its inputs
    expect(Array.from(b.side.BTC.subarray(tau + 1))).not.toEqual(Array.from(a.side.BTC.subarray(tau + 1))); // and the perturbation is seen after τ
  });

  it('saves a checkpoint per window and symbol, reuses a finished one, refuses one of another config', async () => {
    const store = memoryCheckpointStore();
    const ctx = context(market(1));
    const first = await ppoTrainer({ checkpointStore: store, checkpointLabel: '--resume' }).fitWindow(ctx);
    expect([...store.entries.keys()]).toEqual(['w0.BTC']);
    const again = await ppoTrainer({ checkpointStore: store }).fitWindow(ctx);
    expect(again.history).toEqual([]); // nothing left to train
    expect(Array.from(again.side.BTC)).toEqual(Array.from(first.side.BTC));
    await expect(ppoTrainer({ checkpointStore: store, checkpointLabel: '--resume' }).fitWindow(context(market(1), { ent_coef: 0.02 })))
      .rejects.toThrow(/^--resume: checkpoint was trained with config [0-9a-f]{12}, this run's config is [0-9a-f]{12}/);
  });

  it('stops with the pipeline\'s RunCancelledError when the signal aborts', async () => {
    let calls = 0;
    const ctx = { ...context(market(1), { steps: 4096 }), signal: { get aborted() { return ++calls > 3; } } };
    await expect(ppoTrainer().fitWindow(ctx)).rejects.toMatchObject({ name: 'RunCancelledError' });
  });

  it('trains and acts in an environment that charges the context\'s funding rates (tradingEnvOptions)', () => {
    const m = market(1);
    const rate = new Float64Array(T);
    rate[101] = 0.002; // one settlement, booked at bar 101's close
    const ctx = { ...context(m), fundingRate: { BTC: rate } };
    const opts = tradingEnvOptions(ctx, 'BTC', 5);
    expect(opts.fundingRate).toBe(rate);
    expect(tradingEnvOptions(context(m), 'BTC', 5).fundingRate).toBeNull();
    const normaliser = fitObservationNormaliser(m.features, m.bars.close, 0, 250);
    const env = new TradingVecEnv({ ...opts, numEnvs: 1, normaliser, from: 0, to: 250 });
    env.resetAt(0, 99);
    env.advance(0, 2); // long, filled at open[100]
    env.advance(0, 2); // held over bar 101's close: pays qty × close[101] × rate
    expect(env.funding[0]).toBeCloseTo(env.qty[0] * m.bars.close[101] * 0.002, 10);
    expect(env.funding[0]).toBeGreaterThan(0);
  });
});
