import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng, defaultConfig } from '@skippy/core';
import { CartPoleVecEnv } from '@skippy/core/rl';
import { clippedPolicyLoss, computeGae, explainedVariance, normaliseAdvantages, trainPpo, valueLoss } from '../ppo.ts';
import { actorLogits, criticValues, initPolicyNet, mlpTf, orthogonal, paramTensors } from '../policyNet.ts';
import { checkpointFromState, memoryCheckpointStore, stateFromCheckpoint } from '../checkpoint.ts';

import { ensureMlBackend } from '../../backend.ts';

beforeAll(async () => { await ensureMlBackend(); });

const ppo = (over: Partial<ReturnType<typeof defaultConfig>['ppo']> = {}) => ({ ...defaultConfig().ppo, ...over });

describe('computeGae(rewards, values, dones, nextValue, nextDone, ...)', () => {
  it('matches a hand computation with an episode boundary (γ = λ = 0.5)', () => {
    const adv = new Float32Array(3), ret = new Float32Array(3);
    // dones[2] = 1: obs[2] begins a new episode, so step 1 does not bootstrap from values[2]
    computeGae(Float32Array.from([1, 1, 1]), Float32Array.from([0.5, 0.4, 0.3]), Float32Array.from([0, 0, 1]), [0.2], [0], 3, 1, 0.5, 0.5, adv, ret);
    // t=2: 1 + 0.5·0.2 − 0.3 = 0.8; t=1: 1 − 0.4 = 0.6; t=0: (1 + 0.5·0.4 − 0.5) + 0.25·0.6 = 0.85
    expect(Array.from(adv).map((x) => +x.toFixed(6))).toEqual([0.85, 0.6, 0.8]);
    expect(Array.from(ret).map((x) => +x.toFixed(6))).toEqual([1.35, 1, 1.1]);
  });

  it('interleaves envs row-major [step × env] and cuts the final bootstrap on nextDone', () => {
    const adv = new Float32Array(2), ret = new Float32Array(2);
    computeGae(Float32Array.from([1, 2]), Float32Array.from([0, 0]), Float32Array.from([0, 0]), [10, 10], [1, 0], 1, 2, 0.9, 0.95, adv, ret);
    expect(adv[0]).toBeCloseTo(1, 6); // done: no bootstrap
    expect(adv[1]).toBeCloseTo(2 + 0.9 * 10, 5);
  });
});

describe('clippedPolicyLoss(newLogp, oldLogp, adv, clip) and valueLoss(...)', () => {
  it('takes the pessimistic side of the clipped ratio (hand case)', () => {
    const loss = tf.tidy(() => clippedPolicyLoss(tf.tensor1d([Math.log(1.5), Math.log(0.5), Math.log(1.1)]), tf.tensor1d([0, 0, 0]), tf.tensor1d([1, 1, -2]), 0.2).dataSync()[0]);
    // rows: max(−1.5, −1.2) = −1.2; max(−0.5, −0.8) = −0.5; max(2.2, 2.2) = 2.2 → mean 0.5/3
    expect(loss).toBeCloseTo(0.5 / 3, 6);
  });

  it('clips the value around the old value when clip_vloss, else half the MSE', () => {
    const args = () => [tf.tensor1d([0.9, 2]), tf.tensor1d([0, 2]), tf.tensor1d([0.95, 3])] as const;
    const clipped = tf.tidy(() => valueLoss(...args(), 0.2, true).dataSync()[0]);
    const plain = tf.tidy(() => valueLoss(...args(), 0.2, false).dataSync()[0]);
    expect(clipped).toBeCloseTo(0.5 * (0.75 ** 2 + 1) / 2, 6);
    expect(plain).toBeCloseTo(0.5 * (0.05 ** 2 + 1) / 2, 6);
  });

  it('normaliseAdvantages uses the unbiased std; explainedVariance is 1 − Var(R − V)/Var(R)', () => {
    const x = Float32Array.from([1, 2, 3]);
    normaliseAdvantages(x);
    expect(x[0]).toBeCloseTo(-1, 6);
    expect(explainedVariance(Float32Array.from([1, 2, 3]), Float32Array.from([1, 2, 3]))).toBe(1);
    expect(explainedVariance(Float32Array.from([0, 0, 0]), Float32Array.from([1, 2, 3]))).toBeCloseTo(0, 12);
  });
});

describe('policy networks', () => {
  it('orthogonal(rows, cols, gain) has orthonormal columns (or rows) × gain', () => {
    const w = orthogonal(64, 4, Math.SQRT2, createRng(1));
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
      let d = 0;
      for (let r = 0; r < 64; r++) d += w[r * 4 + a] * w[r * 4 + b];
      expect(d).toBeCloseTo(a === b ? 2 : 0, 5);
    }
  });

  it('the JS rollout forward pass equals the tfjs one', () => {
    const net = initPolicyNet({ obsSize: 4, numActions: 2, hidden: [64, 64] }, createRng(3));
    for (const p of net.params) for (let i = 0; i < p.length; i++) p[i] += 0.01 * Math.sin(i); // non-zero biases too
    const obs = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i));
    const logits = new Float64Array(6), values = new Float64Array(3);
    actorLogits(net, obs, 3, logits); criticValues(net, obs, 3, values);
    const [tl, tv] = tf.tidy(() => {
      const p = paramTensors(net), x = tf.tensor2d(obs, [3, 4]);
      return [mlpTf(x, p, 0, 3).dataSync(), mlpTf(x, p, 6, 3).dataSync()];
    });
    for (let i = 0; i < 6; i++) expect(logits[i]).toBeCloseTo(tl[i], 5);
    for (let i = 0; i < 3; i++) expect(values[i]).toBeCloseTo(tv[i], 5);
  });
});

describe('trainPpo(env, config, seed)', () => {
  it('same seed → same weights; another seed → other weights; no tensors leak', async () => {
    const cfg = ppo({ steps: 1024 });
    const run = (seed: number) => trainPpo(new CartPoleVecEnv({ numEnvs: 4, seed }), cfg, seed);
    const before = tf.memory().numTensors;
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(tf.memory().numTensors).toBe(before);
    expect(a.state.net.params.map((p) => Array.from(p))).toEqual(b.state.net.params.map((p) => Array.from(p)));
    expect(a.history).toEqual(b.history.map((h, i) => ({ ...h, steps_per_s: a.history[i].steps_per_s })));
    expect(Array.from(c.state.net.params[0])).not.toEqual(Array.from(a.state.net.params[0]));
    expect(a.state.globalStep).toBe(1024);
    for (const k of ['policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clipfrac', 'explained_variance', 'steps_per_s', 'episodic_return']) expect(a.history[1]).toHaveProperty(k);
  });

  it('improves CartPole from ~20 to > 60 mean return within 20k steps (seed 1)', async () => {
    const res = await trainPpo(new CartPoleVecEnv({ numEnvs: 4, seed: 1 }), ppo({ steps: 20_000 }), 1);
    const first = res.history[0].episodic_return, last = res.history[res.history.length - 1].mean_return_20;
    expect(first).toBeLessThan(40);
    expect(last).toBeGreaterThan(60);
  });

  it('saves checkpoints every checkpoint_every steps and at the end, resumes from one (weights, Adam state, counters), refuses another config or architecture', async () => {
    const cfg = ppo({ steps: 2048, checkpoint_every: 1024 });
    const store = memoryCheckpointStore();
    const saves: number[] = [];
    const full = await trainPpo(new CartPoleVecEnv({ numEnvs: 4, seed: 2 }), cfg, 2, { onCheckpoint: (s) => { saves.push(s.globalStep); store.save('k', checkpointFromState(s, 'h1', 4)); } });
    expect(saves).toEqual([1024, 2048]);
    const ck = store.entries.get('k')!;
    expect(ck.iteration).toBe(4);
    const arch = { obsSize: 4, numActions: 2, hidden: [64, 64] };
    expect(stateFromCheckpoint(ck, 'h1', arch, '--resume').net.params.map((p) => Array.from(p))).toEqual(full.state.net.params.map((p) => Array.from(p)));
    expect(() => stateFromCheckpoint(ck, 'h2', arch, '--resume')).toThrow(/--resume: checkpoint was trained with config h1, this run's config is h2/);
    expect(() => stateFromCheckpoint(ck, 'h1', { ...arch, hidden: [32, 32] }, '--resume')).toThrow(/--resume: checkpoint architecture 4 inputs → \[64, 64\] → 2 actions differs/);
    // resume half-way: a checkpoint at 1024 steps continued to 2048
    const half = await trainPpo(new CartPoleVecEnv({ numEnvs: 4, seed: 2 }), { ...cfg, steps: 2048 }, 2, { onCheckpoint: (s) => { if (s.globalStep === 1024) store.save('half', checkpointFromState(s, 'h1', 4)); } });
    expect(half.state.globalStep).toBe(2048);
    const resumed = await trainPpo(new CartPoleVecEnv({ numEnvs: 4, seed: 2 }), cfg, 2, { resume: stateFromCheckpoint(store.entries.get('half')!, 'h1', arch, '--resume') });
    expect(resumed.state.globalStep).toBe(2048);
    expect(resumed.history.length).toBe(2);
    expect(resumed.state.adam.t).toBe(4 * 16);
  });
});
