/**
 * The fitted net behind the model contract: plain weight arrays + scaler + architecture. predict
 * builds the weight tensors, scores in chunks and disposes everything; toJSON / modelFromJSON
 * round-trip it exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { FittedModel, TrainingProgress } from '@skippy/core/models';
import { ensureMlBackend } from './backend.ts';
import type { MlpArch } from './mlp.ts';
import { mlpForward, mlpInput } from './mlp.ts';
import type { Forward, InputSource, Weights } from './net.ts';
import type { Scaler } from './scaler.ts';
import { scalerFromJSON, scalerToJSON } from './scaler.ts';
import type { TcnArch } from './tcn.ts';
import { tcnForward, tcnInput } from './tcn.ts';
import type { ModelData } from '@skippy/core/models';
import { predictLogits } from './train.ts';

export type Arch = MlpArch | TcnArch;

export const CHECKPOINT_FORMAT = 'skippy-ml/1';

/** What toJSON returns. */
export interface MlCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  kind: Arch['kind'];
  arch: Arch;
  scaler: { mean: number[]; scale: number[] };
  params: { name: string; shape: number[]; data: number[] }[];
  history: TrainingProgress[];
}

export function forwardOf(a: Arch): Forward { return a.kind === 'mlp' ? mlpForward(a) : tcnForward(a); }
export function inputOf(a: Arch, s: Scaler, data: ModelData): InputSource { return a.kind === 'mlp' ? mlpInput(a, s, data) : tcnInput(a, s, data); }

export function fittedNet(arch: Arch, scaler: Scaler, weights: Weights, history: TrainingProgress[]): FittedModel {
  const forward = forwardOf(arch);
  return {
    kind: arch.kind,
    async predict(data, rows) {
      await ensureMlBackend();
      const w: Record<string, tf.Tensor> = {};
      for (const [name, v] of weights) w[name] = tf.tensor(v.data, v.shape);
      try {
        const { logits, finite } = predictLogits(w, forward, inputOf(arch, scaler, data), rows);
        const out = new Float64Array(rows.length);
        for (let k = 0; k < rows.length; k++) out[k] = finite[k] ? 1 / (1 + Math.exp(-logits[k])) : Number.NaN;
        return out;
      } finally {
        tf.dispose(Object.values(w));
      }
    },
    coef: null,
    importance: null,
    history,
    toJSON: (): MlCheckpoint => ({
      format: CHECKPOINT_FORMAT, kind: arch.kind, arch, scaler: scalerToJSON(scaler),
      params: [...weights].map(([name, v]) => ({ name, shape: v.shape, data: Array.from(v.data) })),
      history,
    }),
  };
}

/** modelFromJSON(json) – the FittedModel a checkpoint (toJSON of an mlp / tcn fit) describes. */
export function modelFromJSON(json: unknown): FittedModel {
  const c = json as Partial<MlCheckpoint> | null;
  if (!c || c.format !== CHECKPOINT_FORMAT || !c.arch || !c.scaler || !Array.isArray(c.params)) {
    throw new Error(`modelFromJSON: expected a ${CHECKPOINT_FORMAT} checkpoint (toJSON() of an mlp or tcn model)`);
  }
  const weights: Weights = new Map(c.params.map((p) => [p.name, { shape: p.shape, data: Float32Array.from(p.data) }]));
  return fittedNet(c.arch, scalerFromJSON(c.scaler), weights, c.history ?? []);
}
