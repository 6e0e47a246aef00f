/**
 * trainNet(params, forward, input, request, options) – the training loop shared by the MLP and the
 * TCN: Adam on the weighted binary cross-entropy, seeded mini-batch shuffling (or, with epochDraws, a
 * fresh weighted draw of rows each epoch) and dropout masks,
 * one history point per epoch (training loss and AUC from the epoch's batches; validation loss and
 * AUC in inference mode), early stopping on request.validation with the best weights restored.
 * Every tensor is disposed before it returns: the result is plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@skippy/core';
import type { FitRequest, TrainingProgress } from '@skippy/core/models';
import { rocAuc } from './auc.ts';
import type { Forward, InputSource, ParamSpec, Weights } from './net.ts';
import { seededDropout, weightedBce } from './ops.ts';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a validation improvement before stopping. */
  patience: number;
  dropout: number;
  /** Rows per inference chunk. @default 2048 */
  predictChunk?: number;
  /**
   * Draws per epoch instead of every row: each epoch draws this many rows with replacement, row i with
   * probability ∝ its weight (the shuffle rng), and their loss is unweighted — the weighted loss in
   * expectation (the TCN's `epoch_samples: uniqueness`). Absent or ≥ the rows: every row, weighted.
   */
  epochDraws?: number;
}

const yieldToHost = () => new Promise<void>((r) => setTimeout(r, 0));

/** logits of `rows` in inference mode, in chunks. */
export function predictLogits(w: Record<string, tf.Tensor>, forward: Forward, input: InputSource, rows: Int32Array, chunk = 2048): { logits: Float32Array; finite: Uint8Array } {
  const logits = new Float32Array(rows.length), finite = new Uint8Array(rows.length);
  for (let s = 0; s < rows.length; s += chunk) {
    const sub = rows.subarray(s, Math.min(rows.length, s + chunk));
    const b = input.batch(sub);
    const out = tf.tidy(() => forward(w, b.x, null));
    logits.set(out.dataSync() as Float32Array, s);
    finite.set(b.finite, s);
    out.dispose(); b.x.dispose();
  }
  return { logits, finite };
}

function bce(z: number, y: number): number {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

export async function trainNet(params: ParamSpec[], forward: Forward, input: InputSource, req: FitRequest, o: TrainOptions): Promise<{ weights: Weights; history: TrainingProgress[] }> {
  const rng = createRng(req.seed >>> 0);
  const shuffleRng = rng.fork('shuffle'), dropRng = rng.fork('dropout');
  const drop = seededDropout(o.dropout, () => dropRng.int(2_147_483_647));
  const vars: Record<string, tf.Variable> = {};
  for (const p of params) { const t = tf.tensor(p.init, p.shape); vars[p.name] = tf.variable(t, true); t.dispose(); }
  const varList = params.map((p) => vars[p.name]);
  const optimizer = tf.train.adam(o.learningRate);
  const weightOf = (i: number) => (req.weights ? req.weights[i] : 1);
  const rows = req.rows;
  // per-epoch draws ∝ weight (cumulative weights, binary search), or every row reshuffled
  const draws = o.epochDraws !== undefined && o.epochDraws >= 1 && o.epochDraws < rows.length ? Math.ceil(o.epochDraws) : 0;
  const cum = draws ? new Float64Array(rows.length) : null;
  if (cum) { let c = 0; for (let k = 0; k < rows.length; k++) cum[k] = c += weightOf(rows[k]); }
  const lossWeight = draws ? () => 1 : weightOf;
  const n = draws || rows.length, bs = Math.max(1, Math.min(o.batchSize, n));
  const order = draws ? new Int32Array(draws) : Int32Array.from(rows);
  const history: TrainingProgress[] = [];
  let best: Weights | null = null, bestLoss = Infinity, bad = 0;
  const snapshot = (): Weights => new Map(params.map((p) => [p.name, { shape: p.shape, data: Float32Array.from(vars[p.name].dataSync() as Float32Array) }]));
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      if (req.signal?.aborted) throw new Error(`fit aborted at epoch ${epoch}`);
      if (cum) {
        const total = cum[cum.length - 1];
        for (let d = 0; d < draws; d++) {
          const u = shuffleRng.next() * total;
          let lo = 0, hi = cum.length - 1;
          while (lo < hi) { const mid = (lo + hi) >>> 1; if (cum[mid] > u) hi = mid; else lo = mid + 1; }
          order[d] = rows[lo];
        }
      } else {
        for (let i = n - 1; i > 0; i--) { const j = shuffleRng.int(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
      }
      const epochLogits = new Float32Array(n), epochY = new Float64Array(n);
      let lossSum = 0, wSum = 0;
      for (let s = 0; s < n; s += bs) {
        const batch = order.subarray(s, Math.min(n, s + bs));
        const yb = Float32Array.from(batch, (i) => req.y[i]), wb = Float32Array.from(batch, (i) => lossWeight(i));
        const { x } = input.batch(batch);
        const yt = tf.tensor1d(yb), wt = tf.tensor1d(wb);
        let kept: tf.Tensor | null = null;
        const loss = optimizer.minimize(() => {
          const z = forward(vars, x, drop);
          kept = tf.keep(z);
          return weightedBce(z, yt, wt);
        }, true, varList)!;
        const bw = wb.reduce((a, b) => a + b, 0);
        lossSum += (loss.dataSync()[0]) * bw; wSum += bw;
        epochLogits.set((kept as unknown as tf.Tensor).dataSync() as Float32Array, s);
        epochY.set(yb, s);
        tf.dispose([loss, x, yt, wt, kept as unknown as tf.Tensor]);
      }
      const point: TrainingProgress = { iteration: epoch, trainLoss: wSum > 0 ? lossSum / wSum : Number.NaN, validLoss: null, trainAuc: rocAuc(epochY, epochLogits), validAuc: null };
      if (req.validation && req.validation.length > 0) {
        const { logits } = predictLogits(vars, forward, input, req.validation, o.predictChunk);
        let l = 0, w = 0;
        const yv = Float64Array.from(req.validation, (i) => req.y[i]);
        for (let k = 0; k < logits.length; k++) { const wk = weightOf(req.validation[k]); l += wk * bce(logits[k], yv[k]); w += wk; }
        point.validLoss = w > 0 ? l / w : Number.NaN;
        point.validAuc = rocAuc(yv, logits);
      }
      history.push(point);
      req.onProgress?.(point);
      if (point.validLoss !== null) {
        if (point.validLoss < bestLoss - 1e-7) { bestLoss = point.validLoss; best = snapshot(); bad = 0; }
        else if (++bad >= o.patience) break;
      }
      await yieldToHost();
    }
    return { weights: best ?? snapshot(), history };
  } finally {
    optimizer.dispose();
    tf.dispose(varList);
  }
}
