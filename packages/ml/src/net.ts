import type * as tf from '@tensorflow/tfjs';
import type { Dropout } from './ops.ts';

/** One parameter tensor of a net: name, shape and initial values. */
export interface ParamSpec { name: string; shape: number[]; init: Float32Array }

/** Fitted parameter values by name (plain arrays: no tensor outlives a fit or a predict call). */
export type Weights = Map<string, { shape: number[]; data: Float32Array }>;

/** forward(weights, x, dropout) – logits [B] (dropout null: inference). */
export type Forward = (w: Record<string, tf.Tensor>, x: tf.Tensor, drop: Dropout | null) => tf.Tensor;

/** The model's inputs for listed rows: x (the caller disposes it) and whether each row's inputs are finite. */
export interface InputSource {
  batch(rows: Int32Array): { x: tf.Tensor; finite: Uint8Array };
}

/** Uniform(−limit, limit) initial values from a seeded draw. */
export function uniformInit(size: number, limit: number, next: () => number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * next() - 1) * limit;
  return out;
}
