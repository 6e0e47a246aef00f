/**
 * PPO (Schulman et al. 2017) as CleanRL's ppo.py runs it, top to bottom in one loop:
 *   rollout of num_envs × num_steps → GAE(λ) → update_epochs × num_minibatches of
 *   [clipped surrogate + (clipped) value loss − entropy bonus] with global gradient-norm clipping and
 *   Adam (ε 1e-5), the learning rate annealed linearly to 0.
 * Hyper-parameters are the `ppo` config section (core/config/ppo.ts, CleanRL's defaults). The forward and
 * backward pass of each minibatch run on TensorFlow.js (the package's backend: wasm/XNNPACK, ~6× the pure-JS
 * cpu backend on these nets, cpu where wasm cannot load; both deterministic; one tf.tidy per minibatch); rollouts
 * evaluate the same weights in plain JS, batched over the env copies. Randomness (initialisation, action
 * draws, minibatch shuffles) comes from core's seeded Rng, so the same seed gives the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import type { PolicyProgress, VecEnv } from '@skippy/core/rl';
import { ensureMlBackend } from '../backend.ts';
import { actorLogits, criticValues, initPolicyNet, mlpTf, paramTensors, type PolicyNet } from './policyNet.ts';

export type PpoConfig = ExperimentConfig['ppo'];

/** Everything a checkpoint holds besides the config hash: weights, Adam moments and step counters. */
export interface PpoState {
  net: PolicyNet;
  adam: { m: Float32Array[]; v: Float32Array[]; t: number };
  /** Environment steps done (all copies) and update iterations done. */
  globalStep: number;
  iteration: number;
}

export interface TrainPpoOptions {
  /** Continue from this state (its architecture must match the env and config). */
  resume?: PpoState;
  /** One record per update iteration (the logged diagnostics; `iterations` = the updates this call runs in all). */
  onProgress?: (p: PolicyProgress) => void;
  /** Every finished episode with the global step at which it ended. */
  onEpisode?: (step: number, episodeReturn: number, length: number) => void;
  /** Called every config.checkpoint_every steps (when > 0) and at the end. */
  onCheckpoint?: (state: PpoState) => void | Promise<void>;
  /** Checked between updates; training throws when aborted. */
  signal?: { readonly aborted: boolean };
  /** Wall clock in ms for steps/s. @default performance.now */
  now?: () => number;
  /** Awaited between iterations (lets a host breathe). @default none */
  yieldToHost?: () => Promise<void>;
}

export interface PpoResult {
  state: PpoState;
  history: PolicyProgress[];
}

/**
 * computeGae(rewards, values, dones, nextValue, nextDone, numSteps, numEnvs, gamma, lambda, adv, ret) –
 * generalised advantage estimation over a [numSteps × numEnvs] rollout (CleanRL's loop): dones[t] flags
 * that obs[t] began a new episode, so the bootstrap from step t + 1 is cut when dones[t + 1] = 1.
 * Writes advantages into adv and returns = adv + values into ret.
 */
export function computeGae(rewards: Float32Array, values: Float32Array, dones: Float32Array, nextValue: ArrayLike<number>, nextDone: ArrayLike<number>,
  numSteps: number, numEnvs: number, gamma: number, lambda: number, adv: Float32Array, ret: Float32Array): void {
  for (let e = 0; e < numEnvs; e++) {
    let last = 0;
    for (let t = numSteps - 1; t >= 0; t--) {
      const i = t * numEnvs + e;
      const notDone = t === numSteps - 1 ? 1 - nextDone[e] : 1 - dones[i + numEnvs];
      const nextV = t === numSteps - 1 ? nextValue[e] : values[i + numEnvs];
      const delta = rewards[i] + gamma * nextV * notDone - values[i];
      last = delta + gamma * lambda * notDone * last;
      adv[i] = last;
      ret[i] = last + values[i];
    }
  }
}

/** clippedPolicyLoss(newLogp, oldLogp, adv, clip) – mean of max(−A·r, −A·clip(r, 1 − ε, 1 + ε)), r = exp(new − old). */
export function clippedPolicyLoss(newLogp: tf.Tensor1D, oldLogp: tf.Tensor1D, adv: tf.Tensor1D, clip: number): tf.Scalar {
  const ratio = tf.exp(tf.sub(newLogp, oldLogp));
  const l1 = tf.mul(tf.neg(adv), ratio);
  const l2 = tf.mul(tf.neg(adv), tf.clipByValue(ratio, 1 - clip, 1 + clip));
  return tf.mean(tf.maximum(l1, l2));
}

/** valueLoss(newV, oldV, returns, clip, clipVloss) – 0.5 · mean of max((v − R)², (oldV + clip(v − oldV, ±ε) − R)²), or 0.5 · MSE. */
export function valueLoss(newV: tf.Tensor1D, oldV: tf.Tensor1D, returns: tf.Tensor1D, clip: number, clipVloss: boolean): tf.Scalar {
  const unclipped = tf.square(tf.sub(newV, returns));
  if (!clipVloss) return tf.mul(0.5, tf.mean(unclipped));
  const clipped = tf.add(oldV, tf.clipByValue(tf.sub(newV, oldV), -clip, clip));
  return tf.mul(0.5, tf.mean(tf.maximum(unclipped, tf.square(tf.sub(clipped, returns)))));
}

/** Rollout and minibatch buffers, allocated once per training run. */
class Buffers {
  readonly obs: Float32Array; readonly actions: Int32Array; readonly logp: Float32Array; readonly rewards: Float32Array;
  readonly dones: Float32Array; readonly values: Float32Array; readonly adv: Float32Array; readonly ret: Float32Array;
  readonly mbObs: Float32Array; readonly mbOneHot: Float32Array; readonly mbIdx: Int32Array;
  constructor(B: number, M: number, obsSize: number, A: number) {
    this.obs = new Float32Array(B * obsSize); this.actions = new Int32Array(B); this.logp = new Float32Array(B);
    this.rewards = new Float32Array(B); this.dones = new Float32Array(B); this.values = new Float32Array(B);
    this.adv = new Float32Array(B); this.ret = new Float32Array(B);
    this.mbObs = new Float32Array(M * obsSize); this.mbOneHot = new Float32Array(M * A); this.mbIdx = new Int32Array(B);
  }
}

/** trainPpo(env, config, seed, opts) – trains a fresh (or resumed) agent for config.steps environment steps. */
export async function trainPpo(env: VecEnv, config: PpoConfig, seed: number, opts: TrainPpoOptions = {}): Promise<PpoResult> {
  await ensureMlBackend();
  const now = opts.now ?? (() => performance.now());
  const N = env.numEnvs, S = config.num_steps, B = N * S, D = env.obsSize, A = env.numActions;
  if (N !== config.num_envs) throw new Error(`env has ${N} copies; ppo.num_envs is ${config.num_envs}`);
  const M = B / config.num_minibatches;
  if (!Number.isInteger(M)) throw new Error(`num_envs × num_steps (${B}) must be divisible by num_minibatches (${config.num_minibatches})`);
  const iterations = Math.max(1, Math.floor(config.steps / B));
  const root = createRng(seed);
  const state: PpoState = opts.resume ?? {
    net: initPolicyNet({ obsSize: D, numActions: A, hidden: config.hidden }, root.fork('init')),
    adam: { m: [], v: [], t: 0 }, globalStep: 0, iteration: 0,
  };
  const net = state.net;
  if (net.obsSize !== D || net.numActions !== A) throw new Error(`policy expects ${net.obsSize} inputs and ${net.numActions} actions; the env has ${D} and ${A}`);
  if (state.adam.m.length === 0) { state.adam.m = net.params.map((p) => new Float32Array(p.length)); state.adam.v = net.params.map((p) => new Float32Array(p.length)); }
  const layers = net.hidden.length + 1;
  const buf = new Buffers(B, M, D, A);
  const logits = new Float64Array(N * A), vals = new Float64Array(N), act = new Int32Array(N);
  const nextDone = new Float32Array(N);
  const history: PolicyProgress[] = [];
  const recent: number[] = [];
  env.reset();
  let checkpointMark = config.checkpoint_every > 0 ? Math.floor(state.globalStep / config.checkpoint_every) : 0;

  for (let iteration = state.iteration + 1; iteration <= iterations; iteration++) {
    if (opts.signal?.aborted) throw new Error('PPO training aborted');
    const t0 = now();
    const rng = root.fork(`iteration:${iteration}`);
    const lr = config.anneal_lr ? (1 - (iteration - 1) / iterations) * config.learning_rate : config.learning_rate;
    const finished: number[] = [];

    // ---- rollout: num_steps steps of every copy, actions drawn from the current policy
    for (let step = 0; step < S; step++) {
      state.globalStep += N;
      buf.obs.set(env.obs, step * N * D);
      buf.dones.set(nextDone, step * N);
      actorLogits(net, env.obs, N, logits);
      criticValues(net, env.obs, N, vals);
      for (let e = 0; e < N; e++) {
        const i = step * N + e;
        const a = sampleLogSoftmax(logits, e * A, A, rng, buf.logp, i);
        act[e] = a; buf.actions[i] = a; buf.values[i] = vals[e];
      }
      env.step(act);
      for (let e = 0; e < N; e++) {
        buf.rewards[step * N + e] = env.reward[e];
        nextDone[e] = env.terminated[e] || env.truncated[e] ? 1 : 0;
      }
      for (const ep of env.takeEpisodes()) {
        finished.push(ep.return);
        recent.push(ep.return); if (recent.length > 20) recent.shift();
        opts.onEpisode?.(state.globalStep, ep.return, ep.length);
      }
    }
    criticValues(net, env.obs, N, vals);
    computeGae(buf.rewards, buf.values, buf.dones, vals, nextDone, S, N, config.gamma, config.gae_lambda, buf.adv, buf.ret);

    // ---- update: update_epochs × num_minibatches gradient steps
    const diag = { pg: 0, v: 0, ent: 0, kl: 0, oldKl: 0, clipfracs: 0, batches: 0 };
    for (let i = 0; i < B; i++) buf.mbIdx[i] = i;
    let stop = false;
    for (let epoch = 0; epoch < config.update_epochs && !stop; epoch++) {
      shuffle(buf.mbIdx, rng);
      for (let start = 0; start < B; start += M) {
        minibatchStep(net, state, buf, start, M, D, A, layers, lr, config, diag);
      }
      if (config.target_kl !== null && diag.kl > config.target_kl) stop = true;
    }
    state.iteration = iteration;

    const elapsed = (now() - t0) / 1000;
    const rec: PolicyProgress = {
      // iterations: the updates this call runs in all (lets a host bucket the records it streams)
      step: state.globalStep, iteration, iterations, learning_rate: lr,
      episodic_return: finished.length ? finished.reduce((s, x) => s + x, 0) / finished.length : Number.NaN,
      mean_return_20: recent.length ? recent.reduce((s, x) => s + x, 0) / recent.length : Number.NaN,
      episodes: finished.length,
      policy_loss: diag.pg, value_loss: diag.v, entropy: diag.ent, old_approx_kl: diag.oldKl, approx_kl: diag.kl,
      clipfrac: diag.batches ? diag.clipfracs / diag.batches : Number.NaN,
      explained_variance: explainedVariance(buf.values, buf.ret),
      steps_per_s: elapsed > 0 ? B / elapsed : Number.NaN,
    };
    history.push(rec);
    opts.onProgress?.(rec);
    if (opts.onCheckpoint && config.checkpoint_every > 0) {
      const mark = Math.floor(state.globalStep / config.checkpoint_every);
      if (mark > checkpointMark && iteration < iterations) { checkpointMark = mark; await opts.onCheckpoint(state); }
    }
    if (opts.yieldToHost) await opts.yieldToHost();
  }
  if (opts.onCheckpoint) await opts.onCheckpoint(state);
  return { state, history };
}

/** Draws an action from softmax(logits[o … o + A)) and writes its log-probability into logp[i]. */
function sampleLogSoftmax(logits: Float64Array, o: number, A: number, rng: Rng, logp: Float32Array, i: number): number {
  let max = -Infinity;
  for (let a = 0; a < A; a++) if (logits[o + a] > max) max = logits[o + a];
  let z = 0;
  for (let a = 0; a < A; a++) z += Math.exp(logits[o + a] - max);
  const lse = max + Math.log(z);
  let u = rng.next(), pick = A - 1;
  for (let a = 0; a < A; a++) {
    u -= Math.exp(logits[o + a] - lse);
    if (u < 0) { pick = a; break; }
  }
  logp[i] = logits[o + pick] - lse;
  return pick;
}

function shuffle(idx: Int32Array, rng: Rng): void {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1), t = idx[i];
    idx[i] = idx[j]; idx[j] = t;
  }
}

/** One gradient step on the minibatch mbIdx[start … start + M): loss, gradient-norm clip, Adam. */
function minibatchStep(net: PolicyNet, state: PpoState, buf: Buffers, start: number, M: number, D: number, A: number, layers: number, lr: number, config: PpoConfig,
  diag: { pg: number; v: number; ent: number; kl: number; oldKl: number; clipfracs: number; batches: number }): void {
  const oldLogp = new Float32Array(M), adv = new Float32Array(M), ret = new Float32Array(M), oldV = new Float32Array(M);
  buf.mbOneHot.fill(0);
  for (let k = 0; k < M; k++) {
    const i = buf.mbIdx[start + k];
    buf.mbObs.set(buf.obs.subarray(i * D, (i + 1) * D), k * D);
    buf.mbOneHot[k * A + buf.actions[i]] = 1;
    oldLogp[k] = buf.logp[i]; adv[k] = buf.adv[i]; ret[k] = buf.ret[i]; oldV[k] = buf.values[i];
  }
  if (config.norm_adv) normaliseAdvantages(adv);
  const out = tf.tidy(() => {
    const obs = tf.tensor2d(buf.mbObs, [M, D]), onehot = tf.tensor2d(buf.mbOneHot, [M, A]);
    const oldLp = tf.tensor1d(oldLogp), advT = tf.tensor1d(adv), retT = tf.tensor1d(ret), oldVT = tf.tensor1d(oldV);
    const kept: tf.Tensor[] = [];
    const grads = tf.grads((...p: tf.Tensor[]) => {
      const logp = tf.logSoftmax(mlpTf(obs, p, 0, layers));
      const newLogp = tf.sum(tf.mul(logp, onehot), 1) as tf.Tensor1D;
      const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)));
      const newV = tf.reshape(mlpTf(obs, p, 2 * layers, layers), [-1]) as tf.Tensor1D;
      const pg = clippedPolicyLoss(newLogp, oldLp, advT, config.clip_coef);
      const v = valueLoss(newV, oldVT, retT, config.clip_coef, config.clip_vloss);
      kept.push(tf.keep(newLogp), tf.keep(pg), tf.keep(v), tf.keep(entropy));
      return tf.add(tf.sub(pg, tf.mul(config.ent_coef, entropy)), tf.mul(config.vf_coef, v));
    })(paramTensors(net));
    return [...kept, ...grads];
  });
  const newLogp = out[0].dataSync() as Float32Array;
  diag.pg = out[1].dataSync()[0]; diag.v = out[2].dataSync()[0]; diag.ent = out[3].dataSync()[0];
  let kl = 0, oldKl = 0, clipped = 0;
  for (let k = 0; k < M; k++) {
    const lr_ = newLogp[k] - oldLogp[k], r = Math.exp(lr_);
    oldKl += -lr_; kl += r - 1 - lr_;
    if (Math.abs(r - 1) > config.clip_coef) clipped++;
  }
  diag.kl = kl / M; diag.oldKl = oldKl / M; diag.clipfracs += clipped / M; diag.batches++;
  const grads = out.slice(4).map((g) => g.dataSync() as Float32Array);
  tf.dispose(out);
  adamStep(net, state, grads, lr, config.max_grad_norm);
}

/** (x − mean) / (std + 1e-8) with the unbiased std (torch's default), in place. */
export function normaliseAdvantages(x: Float32Array): void {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  const sd = n > 1 ? Math.sqrt(v / (n - 1)) : Number.NaN;
  for (let i = 0; i < n; i++) x[i] = (x[i] - m) / (sd + 1e-8);
}

/**
 * adamStep(net, state, grads, lr, maxNorm) – torch's clip_grad_norm_ (scale by maxNorm / (‖g‖ + 1e-6) when
 * above 1) then torch.optim.Adam (β 0.9, 0.999, ε 1e-5): p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
 */
export function adamStep(net: PolicyNet, state: PpoState, grads: Float32Array[], lr: number, maxNorm: number): void {
  let sq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  const norm = Math.sqrt(sq), clip = Math.min(1, maxNorm / (norm + 1e-6));
  const b1 = 0.9, b2 = 0.999, eps = 1e-5;
  const t = ++state.adam.t;
  const bc1 = 1 - b1 ** t, bc2 = Math.sqrt(1 - b2 ** t), step = lr / bc1;
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k], p = net.params[k], m = state.adam.m[k], v = state.adam.v[k];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] * clip;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      p[i] -= (step * m[i]) / (Math.sqrt(v[i]) / bc2 + eps);
    }
  }
}

/** 1 − Var(returns − values) / Var(returns) (population variances, as np.var); NaN when Var(returns) = 0. */
export function explainedVariance(values: Float32Array, returns: Float32Array): number {
  const n = values.length;
  let my = 0, md = 0;
  for (let i = 0; i < n; i++) { my += returns[i]; md += returns[i] - values[i]; }
  my /= n; md /= n;
  let vy = 0, vd = 0;
  for (let i = 0; i < n; i++) { vy += (returns[i] - my) ** 2; vd += (returns[i] - values[i] - md) ** 2; }
  return vy === 0 ? Number.NaN : 1 - vd / vy;
}
