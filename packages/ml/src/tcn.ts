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
import { causalConv1d, dense, layerNorm, weightNorm } from './ops.ts';
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

export function tcnForward(a: TcnArch): Forward {
  return (w, x, drop) => {
    const conv = (h: tf.Tensor3D, name: string, dilation: number): tf.Tensor3D => {
      const kernel = a.norm === 'weight' ? weightNorm(w[`${name}.w`], w[`${name}.g`]) : w[`${name}.w`];
      let y: tf.Tensor = causalConv1d(h, kernel, w[`${name}.b`], dilation);
      if (a.norm === 'layer') y = layerNorm(y, w[`${name}.ln_gain`], w[`${name}.ln_bias`]);
      y = tf.relu(y);
      return (drop ? drop(y) : y) as tf.Tensor3D;
    };
    let h = x as tf.Tensor3D;
    for (let b = 0; b < a.blocks; b++) {
      const d = 2 ** b;
      const y = conv(conv(h, `block${b}.conv1`, d), `block${b}.conv2`, d);
      const res = w[`block${b}.res.w`] ? causalConv1d(h, w[`block${b}.res.w`], w[`block${b}.res.b`], 1) : h;
      h = tf.relu(tf.add(y, res)) as tf.Tensor3D;
    }
    const [B, W, C] = h.shape;
    const last = tf.slice(h, [0, W - 1, 0], [B, 1, C]).reshape([B, C]);
    return dense(last, w['out.w'], w['out.b']).reshape([-1]);
  };
}

/** The windows of the listed rows, standardised; a row whose decision bar is not finite is marked. */
export function tcnInput(a: TcnArch, s: Scaler, data: ModelData): InputSource {
  const windows = data.windows;
  if (!windows) throw new Error('tcn: the model data has no windows(rows, length) builder (sequence models need a run\'s causal feature windows)');
  if (data.p !== a.p) throw new Error(`tcn: the model has ${a.p} features; the data has ${data.p}`);
  return {
    batch(rows) {
      const W = a.window, p = a.p;
      const win = windows(rows, W);
      const finite = new Uint8Array(rows.length).fill(1);
      for (let r = 0; r < rows.length; r++) {
        for (let k = 0; k < W; k++) {
          const o = (r * W + k) * p;
          for (let j = 0; j < p; j++) {
            const v = (win[o + j] - s.mean[j]) / s.scale[j];
            if (Number.isFinite(v)) win[o + j] = v;
            else { win[o + j] = 0; if (k === W - 1) finite[r] = 0; }
          }
        }
      }
      return { x: tf.tensor3d(win, [rows.length, W, p]), finite };
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
