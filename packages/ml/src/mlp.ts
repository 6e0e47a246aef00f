/**
 * The MLP: standardised features → `hidden` dense layers (ReLU, dropout) → one sigmoid unit.
 * He-uniform hidden weights, Glorot-uniform output, zero biases, all drawn from the fit's seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@skippy/core';
import type { ModelData } from '@skippy/core/models';
import type { Forward, InputSource, ParamSpec } from './net.ts';
import { uniformInit } from './net.ts';
import { dense } from './ops.ts';
import type { Scaler } from './scaler.ts';

export interface MlpArch { kind: 'mlp'; p: number; hidden: number[]; dropout: number }

export function mlpParams(a: MlpArch, rng: Rng): ParamSpec[] {
  const out: ParamSpec[] = [];
  let fanIn = a.p;
  a.hidden.forEach((h, l) => {
    out.push({ name: `dense${l}.w`, shape: [fanIn, h], init: uniformInit(fanIn * h, Math.sqrt(6 / fanIn), () => rng.next()) });
    out.push({ name: `dense${l}.b`, shape: [h], init: new Float32Array(h) });
    fanIn = h;
  });
  out.push({ name: 'out.w', shape: [fanIn, 1], init: uniformInit(fanIn, Math.sqrt(6 / (fanIn + 1)), () => rng.next()) });
  out.push({ name: 'out.b', shape: [1], init: new Float32Array(1) });
  return out;
}

export function mlpForward(a: MlpArch): Forward {
  return (w, x, drop) => {
    let h = x;
    for (let l = 0; l < a.hidden.length; l++) {
      h = tf.relu(dense(h, w[`dense${l}.w`], w[`dense${l}.b`]));
      if (drop) h = drop(h);
    }
    return dense(h, w['out.w'], w['out.b']).reshape([-1]);
  };
}

/** Rows of X, standardised with the training scaler; a non-finite cell becomes 0 and marks the row. */
export function mlpInput(a: MlpArch, s: Scaler, data: ModelData): InputSource {
  if (data.p !== a.p) throw new Error(`mlp: the model has ${a.p} features; the data has ${data.p}`);
  return {
    batch(rows) {
      const p = a.p, buf = new Float32Array(rows.length * p), finite = new Uint8Array(rows.length).fill(1);
      for (let r = 0; r < rows.length; r++) {
        const o = rows[r] * p;
        for (let j = 0; j < p; j++) {
          const v = (data.X[o + j] - s.mean[j]) / s.scale[j];
          if (Number.isFinite(v)) buf[r * p + j] = v; else finite[r] = 0;
        }
      }
      return { x: tf.tensor2d(buf, [rows.length, p]), finite };
    },
  };
}
