import { createRng, experimentSchema } from '@skippy/core';
import type { ModelsConfig } from '@skippy/core';
import type { ModelData } from '@skippy/core/models';
import * as tf from '@tensorflow/tfjs';
import { dense, layerNorm, weightNorm } from '../ops.ts';
import type { TcnArch } from '../tcn.ts';

/** A validated primary-model spec (schema defaults filled in). */
type Primary = ModelsConfig['primary'];
export function spec<K extends Primary['kind']>(primary: { kind: K } & Record<string, unknown>): Extract<Primary, { kind: K }> {
  return experimentSchema.parse({ models: { primary } }).models.primary as Extract<Primary, { kind: K }>;
}

/**
 * A toy sequence set: one series of T bars × p features (standard normal); sample i decides at bar
 * i + offset. The target depends on the product of two lags (invisible to a linear model).
 */
export function toyData(n: number, p: number, seed = 1, offset = 8): { data: ModelData; y: Float64Array } {
  const rng = createRng(seed), T = n + offset;
  const cols = Array.from({ length: p }, () => Float64Array.from({ length: T }, () => rng.normal()));
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i + offset;
    for (let j = 0; j < p; j++) X[i * p + j] = cols[j][t];
    y[i] = cols[0][t - 2] * cols[1][t - 3] + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  const windows = (rows: Int32Array, length: number) => {
    const out = new Float32Array(rows.length * length * p).fill(Number.NaN);
    for (let r = 0; r < rows.length; r++) {
      const t0 = rows[r] + offset;
      for (let k = 0; k < length; k++) {
        const t = t0 - length + 1 + k;
        if (t < 0) continue;
        for (let j = 0; j < p; j++) out[(r * length + k) * p + j] = cols[j][t];
      }
    }
    return out;
  };
  return { data: { X, p, windows }, y };
}

export const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

/**
 * The reference TCN pass over every step, batch-major [B × W × cin] (the published definition, Bai et al. 2018):
 * causalConv1d pads (k − 1)·d zeros on the left and concatenates the k shifted copies (im2col).
 */
export function causalConv1d(x: tf.Tensor3D, w: tf.Tensor, b: tf.Tensor, dilation: number): tf.Tensor3D {
  const [B, W, cin] = x.shape;
  const [k, , cout] = w.shape;
  const pad = (k - 1) * dilation;
  const xp = pad > 0 ? tf.pad(x, [[0, 0], [pad, 0], [0, 0]]) : x;
  const parts: tf.Tensor[] = [];
  for (let j = 0; j < k; j++) parts.push(tf.slice(xp, [0, j * dilation, 0], [B, W, cin]));
  const cols = tf.concat(parts, 2).reshape([B * W, k * cin]);
  return tf.add(tf.matMul(cols, w.reshape([k * cin, cout])), b).reshape([B, W, cout]) as tf.Tensor3D;
}

/** fullTcnLogits(a, w, x [B × W × p]) – every block on every step, then the last step's logit (inference). */
export function fullTcnLogits(a: TcnArch, w: Record<string, tf.Tensor>, x: tf.Tensor3D): tf.Tensor {
  const conv = (h: tf.Tensor3D, name: string, d: number): tf.Tensor3D => {
    const kernel = a.norm === 'weight' ? weightNorm(w[`${name}.w`], w[`${name}.g`]) : w[`${name}.w`];
    let y: tf.Tensor = causalConv1d(h, kernel, w[`${name}.b`], d);
    if (a.norm === 'layer') y = layerNorm(y, w[`${name}.ln_gain`], w[`${name}.ln_bias`]);
    return tf.relu(y) as tf.Tensor3D;
  };
  let h = x;
  for (let b = 0; b < a.blocks; b++) {
    const d = 2 ** b;
    const y = conv(conv(h, `block${b}.conv1`, d), `block${b}.conv2`, d);
    const res = w[`block${b}.res.w`] ? causalConv1d(h, w[`block${b}.res.w`], w[`block${b}.res.b`], 1) : h;
    h = tf.relu(tf.add(y, res)) as tf.Tensor3D;
  }
  const [B, W, C] = h.shape;
  return dense(tf.slice(h, [0, W - 1, 0], [B, 1, C]).reshape([B, C]), w['out.w'], w['out.b']).reshape([-1]);
}
