import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, defaultConfig, isUserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core/data';
import type { FeatureMatrix } from '@skippy/core/features';
import { normaliserFromJSON, PolicyActor, type PolicyWindowContext } from '@skippy/core/rl';
import { ensureMlBackend } from '../../backend.ts';
import { ppoTrainer } from '../ppoTrainer.ts';
import { policyFromJSON } from '../policyJson.ts';

beforeAll(async () => { await ensureMlBackend(); });

const T = 300;

function market(seed: number): { bars: BarSeries; features: FeatureMatrix } {
  const rng = createRng(seed);
  const ts = Float64Array.from({ length: T }, (_, i) => 1.7e12 + i * 60_000);
  const open = new Float64Array(T), close = new Float64Array(T);
  let p = 100;
  for (let t = 0; t < T; t++) { open[t] = p; p *= Math.exp(0.002 * rng.normal()); close[t] = p; }
  const r1 = Float64Array.from(close, (c, t) => (t >= 1 ? c / close[t - 1] - 1 : Number.NaN));
  const r5 = Float64Array.from(close, (c, t) => (t >= 5 ? c / close[t - 5] - 1 : Number.NaN));
  const bars: BarSeries = { symbol: 'BTC', intervalMs: 60_000, ts, open, high: Float64Array.from(close), low: Float64Array.from(close), close, volume: new Float64Array(T).fill(5) };
  return { bars, features: { ts, names: ['ret_1', 'ret_5'], columns: [r1, r5] } };
}

const cut = (a: Float64Array, n: number) => a.subarray(0, n);

describe('frozen PPO policy: policyToJSON → policyFromJSON → PolicyActor', () => {
  it('acts bar by bar on growing history exactly as the trained policy acted on the window\'s test bars', async () => {
    const m = market(3), base = defaultConfig();
    const config = { ...base, ppo: { ...base.ppo, steps: 256, num_steps: 64, update_epochs: 1, hidden: [8, 8], window: 3, episode_bars: 32 } };
    const ctx: PolicyWindowContext = { index: 0, windows: 1, symbols: ['BTC'], bars: { BTC: m.bars }, features: { BTC: m.features }, trainFrom: 0, trainTo: 200, testFrom: 210, testTo: T, config, seed: 5 };
    const res = await ppoTrainer().fitWindow(ctx);
    const fz = res.frozen!.BTC;
    // through JSON text, as frozen.json stores it
    const { policy: pj, normaliser: nj } = JSON.parse(JSON.stringify(fz)) as typeof fz;
    const policy = policyFromJSON(pj);
    expect(policy.obsSize).toBe(2 * 3 + 2);
    const actor = new PolicyActor({ policy, normaliser: normaliserFromJSON(nj, 'normaliser'), window: 3, execution: config.execution, positionPct: config.risk.max_position_pct });
    const sides: number[] = [];
    for (let t = ctx.testFrom; t < ctx.testTo; t++) {
      const n = t + 1, b = m.bars; // only bars ≤ t
      const f: FeatureMatrix = { ts: cut(m.features.ts, n), names: m.features.names, columns: m.features.columns.map((c) => cut(c, n)) };
      sides.push(actor.act({ open: cut(b.open, n), close: cut(b.close, n), volume: cut(b.volume, n) }, f, null, null) - 1);
    }
    const trained = Array.from(res.side.BTC.subarray(ctx.testFrom, ctx.testTo));
    expect(sides).toEqual(trained);
    // the policy does not sit flat the whole window (else the comparison would be vacuous)
    expect(new Set(trained).size).toBeGreaterThan(1);
  });

  it('refuses a malformed policy or normaliser with one line naming the field', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e; } return null; };
    const e1 = err(() => policyFromJSON({ format: 'nope' }, 'frozen.policies.BTC'));
    expect(isUserInputError(e1)).toBe(true);
    expect((e1 as Error).message).toMatch(/^frozen\.policies\.BTC\.format: a skippy-ppo-policy\/1 policy, got "nope"/);
    const e2 = err(() => normaliserFromJSON({ names: ['a'], mean: [0, 1], std: [1], returnStd: 0.1 }, 'frozen.normalisers.BTC'));
    expect(isUserInputError(e2)).toBe(true);
    expect((e2 as Error).message).toMatch(/^frozen\.normalisers\.BTC: /);
  });
});
