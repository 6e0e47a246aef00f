import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, defaultConfig } from '@skippy/core';
import type { BarSeries } from '@skippy/core/data';
import type { FeatureMatrix } from '@skippy/core/features';
import { fitObservationNormaliser, TradingVecEnv, type PolicyWindowContext } from '@skippy/core/rl';
import { ensureMlBackend } from '../../backend.ts';
import { fitIterations, ppoTrainer, tradingEnvOptions } from '../ppoTrainer.ts';
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

describe('ppo.steps is the run\'s budget; ppo.warm_start carries each symbol\'s agent to the next window', () => {
  const two = (m: ReturnType<typeof market>, over: Partial<ReturnType<typeof defaultConfig>['ppo']> = {}): [PolicyWindowContext, PolicyWindowContext] => {
    const c = context(m, { steps: 1024, ...over });
    return [{ ...c, index: 0, windows: 2, trainTo: 250, testFrom: 260, testTo: 320 }, { ...c, index: 1, windows: 2, trainTo: 310, testFrom: 320, testTo: 400, seed: 12 }];
  };

  it('splits steps evenly over windows × symbols, whole rollouts, at least one each', () => {
    const d = defaultConfig().ppo;
    expect(d.steps).toBe(1_000_000);
    expect(fitIterations(d, 6, 2)).toBe(162); // ⌊1e6 / (6 · 2 · 4 · 128)⌋ = ⌊162.76⌋
    expect(fitIterations(d, 6, 2) * 6 * 2 * 4 * 128).toBe(995_328);
    expect(fitIterations({ steps: 100, num_envs: 4, num_steps: 128 }, 6, 2)).toBe(1);
    expect(fitIterations({ steps: 4096, num_envs: 4, num_steps: 64 }, 2, 1)).toBe(8);
  });

  it('reports run_step / run_steps over the whole run and trains each window its share', async () => {
    const [c0, c1] = two(market(1));
    const trainer = ppoTrainer();
    const a = await trainer.fitWindow(c0), b = await trainer.fitWindow(c1);
    // 1024 steps / (2 windows · 1 symbol · 4 envs · 64 steps) = 2 rollouts of 256 steps per window
    expect(a.history.map((h) => [h.step, h.run_step, h.run_steps, h.iterations, h.window_steps])).toEqual([[256, 256, 1024, 2, 512], [512, 512, 1024, 2, 512]]);
    expect(b.history.map((h) => [h.step, h.run_step])).toEqual([[256, 768], [512, 1024]]);
  });

  it('window 1 starts from window 0\'s final weights (also when window 0 comes from a finished checkpoint); false = from scratch', async () => {
    const m = market(1), [c0, c1] = two(m);
    const store = memoryCheckpointStore();
    const seq = ppoTrainer({ checkpointStore: store });
    await seq.fitWindow(c0);
    const warm = await seq.fitWindow(c1);
    const alone = await ppoTrainer().fitWindow(c1); // no previous window: a fresh agent
    expect(warm.frozen!.BTC.policy).not.toEqual(alone.frozen!.BTC.policy);
    // a new trainer reuses window 0's finished checkpoint, then warm-starts window 1 from it: the same agent
    store.entries.delete('w1.BTC');
    const resumed = ppoTrainer({ checkpointStore: store });
    expect((await resumed.fitWindow(c0)).history).toEqual([]);
    expect((await resumed.fitWindow(c1)).frozen!.BTC.policy).toEqual(warm.frozen!.BTC.policy);
    // warm_start false: window 1 is what a fresh agent learns on it
    const [d0, d1] = two(m, { warm_start: false });
    const cold = ppoTrainer();
    await cold.fitWindow(d0);
    expect((await cold.fitWindow(d1)).frozen!.BTC.policy).toEqual((await ppoTrainer().fitWindow(d1)).frozen!.BTC.policy);
  });
});
