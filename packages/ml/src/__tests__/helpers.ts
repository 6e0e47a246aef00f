import { createRng, experimentSchema } from '@skippy/core';
import type { ModelsConfig } from '@skippy/core';
import type { ModelData } from '@skippy/core/models';

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
