/**
 * The TCN (Bai, Kolter & Koltun 2018): the causal feature window [window × p] of each sample,
 * standardised per feature with the training windows' scaler (cells before the data or across a gap
 * → 0 after standardising), then `blocks` residual blocks; block k holds two dilated causal
 * convolutions (dilation 2^k, left padding only) each followed by the norm (layer norm, or weight
 * norm on the kernel), ReLU and dropout; a 1×1 convolution maps the residual when the channel count
 * changes. The last time step (the decision bar) feeds one sigmoid unit.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@skippy/core';
import type { ModelData } from '@skippy/core/models';
import type { Forward, InputSource, ParamSpec } from './net.ts';
import { uniformInit } from './net.ts';
import { dense, layerNorm, matMul2d, weightNorm } from './ops.ts';
import type { Scaler } from './scaler.ts';

export interface TcnArch {
  kind: 'tcn'; p: number; window: number; channels: number; blocks: number; kernel_size: number;
  norm: 'layer' | 'weight'; dropout: number;
}

/** Bars the last step's output depends on: 1 + 2(k − 1)(2^blocks − 1). */
export function receptiveField(a: Pick<TcnArch, 'blocks' | 'kernel_size'>): number {
  return 1 + 2 * (a.kernel_size - 1) * (2 ** a.blocks - 1);
}

export function tcnParams(a: TcnArch, rng: Rng): ParamSpec[] {
  const out: ParamSpec[] = [], C = a.channels, k = a.kernel_size;
  const conv = (name: string, cin: number) => {
    const v = uniformInit(k * cin * C, Math.sqrt(6 / (k * cin)), () => rng.next());
    out.push({ name: `${name}.w`, shape: [k, cin, C], init: v });
    out.push({ name: `${name}.b`, shape: [C], init: new Float32Array(C) });
    if (a.norm === 'weight') {
      // g = ‖v‖ per output channel, so the effective kernel starts equal to v
      const g = new Float32Array(C);
      for (let i = 0; i < v.length; i++) g[i % C] += v[i] * v[i];
      for (let c = 0; c < C; c++) g[c] = Math.sqrt(g[c]);
      out.push({ name: `${name}.g`, shape: [C], init: g });
    } else {
      out.push({ name: `${name}.ln_gain`, shape: [C], init: new Float32Array(C).fill(1) });
      out.push({ name: `${name}.ln_bias`, shape: [C], init: new Float32Array(C) });
    }
  };
  let cin = a.p;
  for (let b = 0; b < a.blocks; b++) {
    conv(`block${b}.conv1`, cin);
    conv(`block${b}.conv2`, C);
    if (cin !== C) {
      out.push({ name: `block${b}.res.w`, shape: [1, cin, C], init: uniformInit(cin * C, Math.sqrt(6 / cin), () => rng.next()) });
      out.push({ name: `block${b}.res.b`, shape: [C], init: new Float32Array(C) });
    }
    cin = C;
  }
  out.push({ name: 'out.w', shape: [C, 1], init: uniformInit(C, Math.sqrt(6 / (C + 1)), () => rng.next()) });
  out.push({ name: 'out.b', shape: [1], init: new Float32Array(1) });
  return out;
}

/**
 * The time steps a layer's output is needed at: steps W − 1 − step·(n − 1 − i), i < n (oldest first),
 * all ≥ 0. Only the decision bar's output feeds the head, so each layer is computed only where it
 * reaches it: block b's second convolution (dilation d = 2^b) at its block's grid, its first at
 * step d, and its input at step d one kernel further back (4 blocks, kernel 3, window 64: 148 of 512
 * convolution steps). Steps before the window start are the causal zero padding, as in a full pass.
 */
interface Grid { step: number; n: number }

/** tcnPlan(a) – per block, the grids of its input, its first convolution's output and its output. */
export function tcnPlan(a: Pick<TcnArch, 'window' | 'blocks' | 'kernel_size'>): { input: Grid; mid: Grid; out: Grid }[] {
  const W = a.window, k = a.kernel_size;
  const clip = (step: number, n: number): Grid => ({ step, n: Math.min(n, Math.floor((W - 1) / step) + 1) });
  const plan: { input: Grid; mid: Grid; out: Grid }[] = [];
  let out: Grid = { step: 2 ** (a.blocks - 1), n: 1 };
  for (let b = a.blocks - 1; b >= 0; b--) {
    const d = 2 ** b;
    const mid = clip(d, ((out.n - 1) * out.step) / d + k);
    const input = clip(d, mid.n - 1 + k);
    plan[b] = { input, mid, out };
    out = input;
  }
  return plan;
}

/**
 * taps(h, from, to, back) – [to.n, B, C]: h (time-major [from.n, B, C] on grid `from`) at the steps of
 * grid `to` shifted `back` steps into the past (zeros before step 0). `to.step` and `back` are
 * multiples of `from.step` (or to.n = 1). Contiguous slices only (time is the outer axis).
 */
function taps(h: tf.Tensor3D, from: Grid, to: Grid, back: number): tf.Tensor3D {
  const r = to.n === 1 ? 1 : to.step / from.step, e = back / from.step;
  const last = from.n - 1 - e, first = last - r * (to.n - 1) - (r - 1); // the block read is [first, last]
  const pad = first < 0 ? -first : 0;
  const hp = pad > 0 ? tf.pad(h, [[pad, 0], [0, 0], [0, 0]]) : h;
  const [, B, C] = h.shape;
  const block = tf.slice(hp, [first + pad, 0, 0], [r * to.n, B, C]);
  if (r === 1) return block;
  return tf.slice(block.reshape([to.n, r, B * C]), [0, r - 1, 0], [to.n, 1, B * C]).reshape([to.n, B, C]);
}

/**
 * conv(h, from, to, w [k × cin × cout], b, dilation) – the causal dilated convolution's output at grid
 * `to`: Σ_j taps(h, (k − 1 − j)·dilation) · w[j] + b, as k matMuls on [to.n·B × cin].
 */
function gridConv(h: tf.Tensor3D, from: Grid, to: Grid, w: tf.Tensor, b: tf.Tensor, dilation: number): tf.Tensor3D {
  const [k, cin, cout] = w.shape, B = h.shape[1];
  let y: tf.Tensor | null = null;
  for (let j = 0; j < k; j++) {
    const x = taps(h, from, to, (k - 1 - j) * dilation).reshape([to.n * B, cin]);
    const wj = k === 1 ? w.reshape([cin, cout]) : tf.slice(w, [j, 0, 0], [1, cin, cout]).reshape([cin, cout]);
    const t = matMul2d(x, wj);
    y = y === null ? t : tf.add(y, t);
  }
  return tf.add(y!, b).reshape([to.n, B, cout]) as tf.Tensor3D;
}

/**
 * tcnForward(a) – logits of the decision bar. x is time-major [window × B × p] (tcnInput); every layer
 * is evaluated on its tcnPlan grid only, which gives the decision bar exactly what a pass over all
 * steps would (the causal convolutions, the per-step layer norm and the residual sums are the same).
 */
export function tcnForward(a: TcnArch): Forward {
  const plan = tcnPlan(a), xGrid: Grid = { step: 1, n: a.window };
  return (w, x, drop) => {
    const conv = (h: tf.Tensor3D, from: Grid, to: Grid, name: string, dilation: number): tf.Tensor3D => {
      const kernel = a.norm === 'weight' ? weightNorm(w[`${name}.w`], w[`${name}.g`]) : w[`${name}.w`];
      let y: tf.Tensor = gridConv(h, from, to, kernel, w[`${name}.b`], dilation);
      if (a.norm === 'layer') y = layerNorm(y, w[`${name}.ln_gain`], w[`${name}.ln_bias`]);
      y = tf.relu(y);
      return (drop ? drop(y) : y) as tf.Tensor3D;
    };
    let h = x as tf.Tensor3D, grid = xGrid;
    for (let b = 0; b < a.blocks; b++) {
      const d = 2 ** b, { mid, out } = plan[b];
      const y = conv(conv(h, grid, mid, `block${b}.conv1`, d), mid, out, `block${b}.conv2`, d);
      const skip = taps(h, grid, out, 0);
      const res = w[`block${b}.res.w`] ? gridConv(skip, out, out, w[`block${b}.res.w`], w[`block${b}.res.b`], 1) : skip;
      h = tf.relu(tf.add(y, res)) as tf.Tensor3D;
      grid = out;
    }
    const [, B, C] = h.shape; // grid.n = 1: the decision bar
    return dense(h.reshape([B, C]), w['out.w'], w['out.b']).reshape([-1]);
  };
}

/** The windows of the listed rows, standardised; a row whose decision bar is not finite is marked. */
export function tcnInput(a: TcnArch, s: Scaler, data: ModelData): InputSource {
  const windows = data.windows;
  if (!windows) throw new Error('tcn: the model data has no windows(rows, length) builder (sequence models need a run\'s causal feature windows)');
  if (data.p !== a.p) throw new Error(`tcn: the model has ${a.p} features; the data has ${data.p}`);
  return {
    batch(rows) {
      const W = a.window, p = a.p, R = rows.length;
      const win = windows(rows, W);
      const finite = new Uint8Array(R).fill(1);
      // time-major [W × R × p] (tcnForward slices time, the outer axis, in contiguous blocks)
      const x = new Float32Array(win.length);
      for (let r = 0; r < R; r++) {
        for (let k = 0; k < W; k++) {
          const o = (r * W + k) * p, t = (k * R + r) * p;
          for (let j = 0; j < p; j++) {
            const v = (win[o + j] - s.mean[j]) / s.scale[j];
            if (Number.isFinite(v)) x[t + j] = v;
            else if (k === W - 1) finite[r] = 0;
          }
        }
      }
      return { x: tf.tensor3d(x, [W, R, p]), finite };
    },
  };
}

/** Scaler over every finite cell of the training windows (fitted in chunks). */
export function tcnScalerInput(a: TcnArch, data: ModelData, rows: Int32Array, add: (v: ArrayLike<number>, o: number) => void): void {
  const windows = data.windows;
  if (!windows) throw new Error('tcn: the model data has no windows(rows, length) builder (sequence models need a run\'s causal feature windows)');
  const chunk = 2048, W = a.window, p = a.p;
  for (let s = 0; s < rows.length; s += chunk) {
    const sub = rows.subarray(s, Math.min(rows.length, s + chunk));
    const win = windows(sub, W);
    for (let c = 0; c < sub.length * W; c++) add(win, c * p);
  }
}
