import type { FittedModel, ModelData } from '../models/index.ts';
import { createRng } from '../util/rng.ts';

/** Mean log-loss of p against y on the listed positions (p clipped to [1e−15, 1 − 1e−15]; NaN p skipped). */
function logLoss(y: Float64Array, rows: Int32Array, p: Float64Array): number {
  let s = 0, n = 0;
  for (let k = 0; k < rows.length; k++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[k])), t = y[rows[k]];
    if (!Number.isFinite(p[k]) || !Number.isFinite(t)) continue;
    s -= t === 1 ? Math.log(q) : Math.log(1 - q); n++;
  }
  return n ? s / n : Number.NaN;
}

/**
 * permutationImportance(model, data, y, rows, seed) – AFML ch. 8.3 mean decrease accuracy on an
 * out-of-sample window: for each feature j, the rows' values of feature j are permuted among the rows
 * (a seeded shuffle; for sequence models the whole window of feature j moves with its row) and the
 * increase in log-loss over the unpermuted predictions is the feature's importance (> 0: the model
 * relies on it out of sample; ≈ 0 or < 0: it does not). Works for every model of the contract.
 */
export async function permutationImportance(model: FittedModel, data: ModelData, y: Float64Array, rows: Int32Array, seed: number, baseline?: Float64Array): Promise<Float64Array> {
  const p = data.p, out = new Float64Array(p).fill(Number.NaN);
  if (rows.length < 2) return out;
  const base = logLoss(y, rows, baseline ?? await model.predict(data, rows));
  const rng = createRng(seed);
  for (let j = 0; j < p; j++) {
    const perm = Int32Array.from(rows);
    for (let i = perm.length - 1; i > 0; i--) { const k = rng.int(i + 1); const t = perm[i]; perm[i] = perm[k]; perm[k] = t; }
    // row rows[k] takes feature j from row perm[k]
    const X = data.X.slice();
    for (let k = 0; k < rows.length; k++) X[rows[k] * p + j] = data.X[perm[k] * p + j];
    const windows = data.windows;
    const permuted: ModelData = {
      X, p,
      ...(windows ? {
        windows: (r: Int32Array, length: number) => {
          const own = windows(r, length);
          const partner = new Int32Array(r.length);
          const at = new Map<number, number>();
          for (let k = 0; k < rows.length; k++) at.set(rows[k], perm[k]);
          for (let k = 0; k < r.length; k++) partner[k] = at.get(r[k]) ?? r[k];
          const other = windows(partner, length);
          for (let k = 0; k < r.length; k++) for (let t = 0; t < length; t++) { const o = (k * length + t) * p + j; own[o] = other[o]; }
          return own;
        },
      } : {}),
    };
    out[j] = logLoss(y, rows, await model.predict(permuted, rows)) - base;
  }
  return out;
}
