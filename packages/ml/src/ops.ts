/**
 * Tensor building blocks of the nets, written so every op (and its gradient) exists on both the cpu
 * and the wasm backend: a matMul whose gradient uses explicit transposes (XNNPACK is slow on
 * transposed operands), layer norm, weight norm and seeded inverted dropout. (The TCN's causal dilated
 * convolutions are sums of matMuls over time-shifted slices: tcn.ts.)
 */
import * as tf from '@tensorflow/tfjs';

/** a [n × k] · b [k × m] with gradients dy·bᵀ and aᵀ·dy through explicit transposes. */
export const matMul2d = tf.customGrad((a, b, save) => {
  (save as tf.GradSaveFunc)([a as tf.Tensor, b as tf.Tensor]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1]) as tf.Tensor2D), tf.matMul(tf.transpose(saved[0]) as tf.Tensor2D, dy as tf.Tensor2D)],
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** dense(x [n × k], w [k × m], b [m]). */
export function dense(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.add(matMul2d(x, w), b) as tf.Tensor2D;
}

/** layerNorm(x, gain, bias) over the last axis (ε = 1e-5). */
export function layerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gain), bias);
}

/** weightNorm(v [k × cin × cout], g [cout]) = g · v / ‖v‖ per output channel (Salimans & Kingma 2016). */
export function weightNorm(v: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(v), [0, 1], true), 1e-12));
  return tf.mul(tf.div(v, norm), g);
}

/** A dropout applier for one training step: each call draws its mask from its own seed. */
export type Dropout = (x: tf.Tensor) => tf.Tensor;

/** seededDropout(rate, nextSeed) – inverted dropout whose masks come from nextSeed() (deterministic). */
export function seededDropout(rate: number, nextSeed: () => number): Dropout {
  return (x) => {
    if (rate <= 0) return x;
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', nextSeed()), rate), 'float32');
    return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
  };
}

/** Weighted binary cross-entropy from logits: Σ w·bce / Σ w. */
export function weightedBce(logits: tf.Tensor, y: tf.Tensor, w: tf.Tensor): tf.Scalar {
  // max(z, 0) − z·y + log(1 + e^−|z|)
  const l = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.div(tf.sum(tf.mul(l, w)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
}
