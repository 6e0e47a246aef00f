import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@skippy/core';
import { mlpFactory, modelFromJSON, rocAuc } from '../index.ts';
import { range, spec } from './helpers.ts';

/** y = 1 when x0·x1 > 0 (XOR of signs): a linear model scores AUC ≈ 0.5 here. */
function xorData(n: number, seed = 3) {
  const rng = createRng(seed), p = 3;
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * p + j] = rng.normal();
    y[i] = X[i * p] * X[i * p + 1] > 0 ? 1 : 0;
  }
  return { data: { X, p }, y };
}

const small = spec({ kind: 'mlp', hidden: [16, 8], epochs: 30, batch_size: 64, learning_rate: 0.01, dropout: 0.05 });

describe('mlpFactory.fit(spec, data, request)', () => {
  it('learns a sign interaction a linear model cannot see (out-of-sample AUC > 0.85)', async () => {
    const { data, y } = xorData(1200);
    const m = await mlpFactory.fit(small, data, { y, rows: range(0, 900), seed: 1 });
    const test = range(900, 1200);
    const p = await m.predict(data, test);
    expect(rocAuc(Float64Array.from(test, (i) => y[i]), p)).toBeGreaterThan(0.85);
    expect(m.history).toHaveLength(30);
    expect(m.history[29].trainLoss).toBeLessThan(m.history[0].trainLoss);
  });

  it('is deterministic: the same seed gives identical predictions; another seed differs', async () => {
    const { data, y } = xorData(400);
    const fit = (seed: number) => mlpFactory.fit({ ...small, epochs: 3 }, data, { y, rows: range(0, 300), seed }).then((m) => m.predict(data, range(300, 400)));
    const [a, b, c] = [await fit(5), await fit(5), await fit(6)];
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('uses request.weights: zero-weight rows do not move the fit', async () => {
    const { data, y } = xorData(400);
    const flipped = Float64Array.from(y, (v, i) => (i >= 150 && i < 300 ? 1 - v : v));
    const w = Float64Array.from(y, (_, i) => (i >= 150 && i < 300 ? 0 : 1));
    const base = await mlpFactory.fit({ ...small, epochs: 2, dropout: 0 }, data, { y, rows: range(0, 300), weights: w, seed: 2 });
    const flip = await mlpFactory.fit({ ...small, epochs: 2, dropout: 0 }, data, { y: flipped, rows: range(0, 300), weights: w, seed: 2 });
    const [pa, pb] = [await base.predict(data, range(300, 400)), await flip.predict(data, range(300, 400))];
    for (let k = 0; k < pa.length; k++) expect(pb[k]).toBeCloseTo(pa[k], 5);
  });

  it('stops early on request.validation and restores the best epoch', async () => {
    const { data, y } = xorData(600);
    const noisy = Float64Array.from(y, (v, i) => (i % 3 === 0 ? 1 - v : v));
    const m = await mlpFactory.fit({ ...small, epochs: 200, patience: 2, learning_rate: 0.05 }, data, { y: noisy, rows: range(0, 400), validation: range(400, 600), seed: 4 });
    expect(m.history.length).toBeLessThan(200);
    const losses = m.history.map((h) => h.validLoss!);
    const best = Math.min(...losses);
    expect(losses.slice(-2).every((l) => l >= best)).toBe(true);
    // restored weights reproduce the best epoch's validation loss
    const pv = await m.predict(data, range(400, 600));
    let l = 0;
    for (let k = 0; k < 200; k++) { const t = noisy[400 + k], q = Math.min(1 - 1e-7, Math.max(1e-7, pv[k])); l -= t * Math.log(q) + (1 - t) * Math.log(1 - q); }
    expect(l / 200).toBeCloseTo(best, 3);
  });

  it('reports each epoch to onProgress and throws when the signal aborts', async () => {
    const { data, y } = xorData(200);
    const seen: number[] = [];
    const signal = { aborted: false };
    await expect(mlpFactory.fit({ ...small, epochs: 10 }, data, {
      y, rows: range(0, 200), seed: 1, signal,
      onProgress: (e) => { seen.push(e.iteration); if (e.iteration === 3) signal.aborted = true; },
    })).rejects.toThrow(/aborted at epoch 4/);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('toJSON() → modelFromJSON(json) predicts the same; NaN for a non-finite row; no tensor leaks', async () => {
    const { data, y } = xorData(300);
    const before = tf.memory().numTensors;
    const m = await mlpFactory.fit({ ...small, epochs: 2 }, data, { y, rows: range(0, 200), validation: range(200, 250), seed: 9 });
    const p = await m.predict(data, range(250, 300));
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(Array.from(await modelFromJSON(json).predict(data, range(250, 300)))).toEqual(Array.from(p));
    expect(tf.memory().numTensors).toBe(before);
    const X = Float64Array.from(data.X); X[299 * 3] = Number.NaN;
    const q = await m.predict({ X, p: 3 }, Int32Array.of(298, 299));
    expect(Number.isFinite(q[0])).toBe(true);
    expect(q[1]).toBeNaN();
    expect(() => modelFromJSON({ kind: 'mlp' })).toThrow(/skippy-ml\/1/);
  });
});
