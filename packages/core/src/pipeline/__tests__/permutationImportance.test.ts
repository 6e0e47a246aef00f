import { describe, expect, it } from 'vitest';
import type { FittedModel, ModelData } from '../../models/index.ts';
import { permutationImportance } from '../permutationImportance.ts';

const sig = (z: number) => 1 / (1 + Math.exp(-z));
/** A model that reads only feature 0 (row matrix) or only feature 0 of the last window step (sequence). */
const model = (useWindows: boolean): FittedModel => ({
  kind: 'test', coef: null, importance: null, history: [], toJSON: () => ({}),
  async predict(d: ModelData, rows: Int32Array) {
    if (!useWindows) return Float64Array.from(rows, (i) => sig(3 * d.X[i * d.p]));
    const w = d.windows!(rows, 2);
    return Float64Array.from(rows, (_, k) => sig(3 * w[(k * 2 + 1) * d.p]));
  },
});

describe('permutationImportance(model, data, y, rows, seed) – AFML MDA on out-of-sample rows', () => {
  const n = 200, p = 2;
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { X[i * p] = Math.sin(i * 1.7); X[i * p + 1] = Math.cos(i * 0.3); y[i] = X[i * p] > 0 ? 1 : 0; }
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  it('is exactly 0 for a feature the model never reads and clearly positive for the one it relies on', async () => {
    const imp = await permutationImportance(model(false), { X, p }, y, rows, 1);
    expect(imp[1]).toBe(0);
    expect(imp[0]).toBeGreaterThan(0.3);
  });
  it('moves a sequence model\'s whole feature window with its row', async () => {
    const windows = (r: Int32Array, length: number) => {
      const out = new Float32Array(r.length * length * p);
      for (let k = 0; k < r.length; k++) for (let t = 0; t < length; t++) for (let j = 0; j < p; j++) out[(k * length + t) * p + j] = X[r[k] * p + j];
      return out;
    };
    const imp = await permutationImportance(model(true), { X, p, windows }, y, rows, 1);
    expect(imp[1]).toBe(0);
    expect(imp[0]).toBeGreaterThan(0.3);
    const again = await permutationImportance(model(true), { X, p, windows }, y, rows, 1);
    expect(Array.from(again)).toEqual(Array.from(imp));
  });
});
