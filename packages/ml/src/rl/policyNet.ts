/**
 * The actor and critic of CleanRL's discrete-action PPO agent: two tanh MLPs (hidden 64 × 64 by default)
 * with orthogonal initialisation (gain √2 on hidden layers, 0.01 on the actor's output, 1 on the
 * critic's) and zero biases. The weights live in Float32Arrays (the master copy the optimiser updates and
 * checkpoints save); the update's forward and backward pass runs on TensorFlow.js tensors built from them
 * (`mlpTf`, on the package's backend: wasm, or cpu where wasm cannot load), and rollouts / greedy acting use the same arithmetic in plain JS, batched over the env copies
 * (`actorLogits`, `criticValues`) – one read per step, no tensor per env step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@skippy/core';
import { dense } from '../ops.ts';

export interface PolicyArchitecture {
  obsSize: number;
  numActions: number;
  hidden: number[];
}

export interface PolicyNet extends PolicyArchitecture {
  /** Actor W1, b1, …, W_L, b_L then critic W1, b1, …; W is [in × out] row-major. */
  params: Float32Array[];
  shapes: [number, number][];
}

/** layerSizes(arch, head) – [in, h1, …, hk, out] of the actor (head = numActions) or the critic (head = 1). */
function layerSizes(arch: PolicyArchitecture, head: number): number[] {
  return [arch.obsSize, ...arch.hidden, head];
}

/**
 * orthogonal(rows, cols, gain, rng) – torch.nn.init.orthogonal_ for a weight stored [in = rows × out = cols]:
 * QR of a Gaussian matrix (modified Gram–Schmidt, so diag(R) > 0 as after torch's sign fix) × gain.
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  const m = Math.max(rows, cols), n = Math.min(rows, cols);
  const q = new Float64Array(m * n); // column-major: column j at [j*m, (j+1)*m)
  for (let i = 0; i < m * n; i++) q[i] = rng.normal();
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[k * m + i] * q[j * m + i];
      for (let i = 0; i < m; i++) q[j * m + i] -= dot * q[k * m + i];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[j * m + i] * q[j * m + i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[j * m + i] /= norm;
  }
  const out = new Float32Array(rows * cols);
  // rows ≥ cols: W[r][c] = Q[r][c]; else W = Qᵀ with Q [cols × rows]
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows >= cols ? q[c * m + r] : q[r * m + c]);
  return out;
}

/** initPolicyNet(arch, rng) – CleanRL's layer_init: orthogonal weights, zero biases; actor first, then critic. */
export function initPolicyNet(arch: PolicyArchitecture, rng: Rng): PolicyNet {
  const params: Float32Array[] = [], shapes: [number, number][] = [];
  for (const [head, outGain] of [[arch.numActions, 0.01], [1, 1]] as const) {
    const sizes = layerSizes(arch, head);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const gain = l + 2 === sizes.length ? outGain : Math.SQRT2;
      params.push(orthogonal(sizes[l], sizes[l + 1], gain, rng));
      shapes.push([sizes[l], sizes[l + 1]]);
      params.push(new Float32Array(sizes[l + 1]));
      shapes.push([1, sizes[l + 1]]);
    }
  }
  return { ...arch, hidden: [...arch.hidden], params, shapes };
}

/** Parameter tensors of one net as consumed by mlpTf. */
export function paramTensors(net: PolicyNet): tf.Tensor[] {
  return net.params.map((p, i) => (net.shapes[i][0] === 1 ? tf.tensor1d(p) : tf.tensor2d(p, net.shapes[i])));
}

/** mlpTf(x, params, first, layers) – tanh MLP on tensors: params[first …] hold W, b pairs. */
export function mlpTf(x: tf.Tensor2D, params: tf.Tensor[], first: number, layers: number): tf.Tensor2D {
  let h = x;
  for (let l = 0; l < layers; l++) {
    const z = dense(h, params[first + 2 * l], params[first + 2 * l + 1]);
    h = l < layers - 1 ? tf.tanh(z) : z;
  }
  return h;
}

/** Scratch buffers for batched JS forward passes. */
const scratch = new Map<number, [Float64Array, Float64Array]>();
function buffers(size: number): [Float64Array, Float64Array] {
  let b = scratch.get(size);
  if (!b) { b = [new Float64Array(size), new Float64Array(size)]; scratch.set(size, b); }
  return b;
}

function mlpJs(net: PolicyNet, first: number, head: number, obs: Float32Array, n: number, out: Float64Array): void {
  const sizes = layerSizes(net, head), L = sizes.length - 1;
  const widest = Math.max(...sizes) * n;
  const [a, b] = buffers(widest);
  let inp: Float64Array | Float32Array = obs, cur = a, next = b;
  for (let l = 0; l < L; l++) {
    const W = net.params[first + 2 * l], bias = net.params[first + 2 * l + 1], din = sizes[l], dout = sizes[l + 1];
    const dst = l === L - 1 ? out : cur;
    for (let r = 0; r < n; r++) {
      const ro = r * din, oo = r * dout;
      for (let c = 0; c < dout; c++) dst[oo + c] = bias[c];
      for (let k = 0; k < din; k++) {
        const x = inp[ro + k];
        if (x === 0) continue;
        const wo = k * dout;
        for (let c = 0; c < dout; c++) dst[oo + c] += x * W[wo + c];
      }
      if (l < L - 1) for (let c = 0; c < dout; c++) dst[oo + c] = Math.tanh(dst[oo + c]);
    }
    inp = dst; cur = next; next = dst === out ? next : dst;
  }
}

/** actorLogits(net, obs, n, out) – logits of n observations (n × obsSize) into out (n × numActions). */
export function actorLogits(net: PolicyNet, obs: Float32Array, n: number, out: Float64Array): void {
  mlpJs(net, 0, net.numActions, obs, n, out);
}

/** criticValues(net, obs, n, out) – state values of n observations into out (n). */
export function criticValues(net: PolicyNet, obs: Float32Array, n: number, out: Float64Array): void {
  mlpJs(net, 2 * (net.hidden.length + 1), 1, obs, n, out);
}

/** greedyActions(net, obs, n, out) – argmax of the logits per row (the first on ties). */
export function greedyActions(net: PolicyNet, obs: Float32Array, n: number, out: Int32Array): void {
  const A = net.numActions, logits = new Float64Array(n * A);
  actorLogits(net, obs, n, logits);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let a = 1; a < A; a++) if (logits[r * A + a] > logits[r * A + best]) best = a;
    out[r] = best;
  }
}
