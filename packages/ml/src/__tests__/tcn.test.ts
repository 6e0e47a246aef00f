import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@skippy/core';
import { ensureMlBackend, modelFromJSON, receptiveField, rocAuc, tcnFactory } from '../index.ts';
import { tcnForward, tcnParams, tcnPlan, type TcnArch } from '../tcn.ts';
import { causalConv1d, fullTcnLogits, range, spec, toyData } from './helpers.ts';

const small = spec({ kind: 'tcn', window: 8, channels: 8, blocks: 2, kernel_size: 2, epochs: 12, batch_size: 64, learning_rate: 0.01, dropout: 0.05 });

describe('causalConv1d(x, w, b, dilation) – the reference convolution of the tests', () => {
  it('output at step t does not change when steps after t change (left padding only)', async () => {
    await ensureMlBackend();
    const x = tf.randomNormal([2, 10, 3], 0, 1, 'float32', 1) as tf.Tensor3D, w = tf.randomNormal([3, 3, 4], 0, 1, 'float32', 2), b = tf.zeros([4]);
    const y0 = causalConv1d(x, w, b, 2).arraySync() as number[][][];
    const buf = x.arraySync() as number[][][];
    for (const row of buf) for (let t = 6; t < 10; t++) row[t] = row[t].map((v) => v + 5);
    const y1 = causalConv1d(tf.tensor3d(buf), w, b, 2).arraySync() as number[][][];
    for (let r = 0; r < 2; r++) for (let t = 0; t < 10; t++) for (let c = 0; c < 4; c++) {
      if (t < 6) expect(y1[r][t][c]).toBeCloseTo(y0[r][t][c], 5); else if (c === 0 && t === 9) expect(y1[r][t][c]).not.toBeCloseTo(y0[r][t][c], 5);
    }
    tf.dispose([x, w, b]);
  });
});

describe('tcnForward(arch) – only the steps the decision bar depends on', () => {
  it('plans 148 of the 512 convolution steps for 4 blocks × kernel 3 on a 64-bar window', () => {
    const plan = tcnPlan({ window: 64, blocks: 4, kernel_size: 3 });
    expect(plan.map((b) => [b.input.n, b.mid.n, b.out.n])).toEqual([[61, 59, 29], [29, 27, 13], [13, 11, 5], [5, 3, 1]]);
    expect(plan.map((b) => [b.input.step, b.mid.step, b.out.step])).toEqual([[1, 1, 2], [2, 2, 4], [4, 4, 8], [8, 8, 8]]);
    expect(plan.reduce((s, b) => s + b.mid.n + b.out.n, 0)).toBe(148);
    // a window shorter than the receptive field: grids stop at step 0
    expect(tcnPlan({ window: 8, blocks: 3, kernel_size: 3 }).map((b) => [b.input.n, b.mid.n, b.out.n])).toEqual([[8, 8, 4], [4, 4, 2], [2, 2, 1]]);
  });

  it('gives the decision bar the same logit as the full pass over every step (both norms, short and long windows)', async () => {
    await ensureMlBackend();
    const arches: TcnArch[] = [
      { kind: 'tcn', p: 5, window: 64, channels: 8, blocks: 4, kernel_size: 3, norm: 'layer', dropout: 0 },
      { kind: 'tcn', p: 3, window: 10, channels: 6, blocks: 3, kernel_size: 3, norm: 'weight', dropout: 0 },
      { kind: 'tcn', p: 4, window: 16, channels: 4, blocks: 2, kernel_size: 2, norm: 'layer', dropout: 0 },
      { kind: 'tcn', p: 4, window: 9, channels: 4, blocks: 3, kernel_size: 4, norm: 'weight', dropout: 0 },
    ];
    for (const a of arches) {
      const before = tf.memory().numTensors;
      const rng = createRng(a.window);
      const w = Object.fromEntries(tcnParams(a, rng).map((p) => [p.name, tf.tensor(p.init.map((v) => (p.name.endsWith('.b') || p.name.endsWith('ln_bias') ? v + 0.1 * rng.normal() : v)), p.shape)]));
      const B = 7, x = new Float32Array(B * a.window * a.p).map(() => rng.normal());
      const timeMajor = new Float32Array(x.length);
      for (let r = 0; r < B; r++) for (let t = 0; t < a.window; t++) for (let j = 0; j < a.p; j++) timeMajor[(t * B + r) * a.p + j] = x[(r * a.window + t) * a.p + j];
      const got = tf.tidy(() => tcnForward(a)(w, tf.tensor3d(timeMajor, [a.window, B, a.p]), null).dataSync());
      const want = tf.tidy(() => fullTcnLogits(a, w, tf.tensor3d(x, [B, a.window, a.p])).dataSync());
      expect(got.length).toBe(B);
      for (let r = 0; r < B; r++) expect(got[r]).toBeCloseTo(want[r], 4);
      tf.dispose(Object.values(w));
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe('tcnFactory.fit(spec, data, request)', () => {
  it('learns a product of two lags from the window (out-of-sample AUC > 0.8)', async () => {
    const { data, y } = toyData(1500, 3);
    const m = await tcnFactory.fit({ ...small, norm: 'layer' }, data, { y, rows: range(0, 1200), seed: 1 });
    const test = range(1200, 1500);
    expect(rocAuc(Float64Array.from(test, (i) => y[i]), await m.predict(data, test))).toBeGreaterThan(0.8);
    expect(receptiveField(small)).toBe(7);
  });

  it('is deterministic for both norms; a NaN decision bar gives NaN, NaN padding does not; no tensor leaks', async () => {
    const { data, y } = toyData(300, 2);
    for (const norm of ['layer', 'weight'] as const) {
      const before = tf.memory().numTensors;
      const fit = () => tcnFactory.fit({ ...small, norm, epochs: 2 }, data, { y, rows: range(0, 200), validation: range(200, 250), seed: 3 });
      const a = await fit(), b = await fit();
      const pa = await a.predict(data, range(0, 300));
      expect(Array.from(await b.predict(data, range(0, 300)))).toEqual(Array.from(pa));
      // sample 0 decides at bar 8 with an 8-bar window: full; a 16-bar window would be half NaN
      expect(pa.every(Number.isFinite)).toBe(true);
      const restored = modelFromJSON(JSON.parse(JSON.stringify(a.toJSON())));
      expect(Array.from(await restored.predict(data, range(250, 300)))).toEqual(Array.from(pa.subarray(250)));
      expect(tf.memory().numTensors).toBe(before);
    }
    const long = await tcnFactory.fit({ ...small, window: 16, epochs: 1 }, data, { y, rows: range(0, 200), seed: 3 });
    expect((await long.predict(data, Int32Array.of(0))).every(Number.isFinite)).toBe(true);
    const windows = (rows: Int32Array, length: number) => { const w = data.windows!(rows, length); for (let r = 0; r < rows.length; r++) w[(r * length + length - 1) * 2] = Number.NaN; return w; };
    expect((await long.predict({ ...data, windows }, Int32Array.of(5)))[0]).toBeNaN();
  });

  it('needs data.windows', async () => {
    const { data, y } = toyData(100, 2);
    await expect(tcnFactory.fit(small, { X: data.X, p: 2 }, { y, rows: range(0, 100), seed: 1 })).rejects.toThrow(/windows/);
  });
});

describe('epoch_samples: uniqueness – ⌈ū · n⌉ draws per epoch, ∝ the sample weights', () => {
  /** The rows each training batch asked for (data.windows calls after the scaler's one pass over every row). */
  const recorder = (data: ReturnType<typeof toyData>['data'], n: number) => {
    const calls: Int32Array[] = [];
    let scaled = false;
    const windows = (rows: Int32Array, length: number) => {
      if (scaled) calls.push(Int32Array.from(rows)); else if (rows.length === n) scaled = true;
      return data.windows!(rows, length);
    };
    return { data: { ...data, windows }, calls };
  };

  it('draws ⌈ū · n⌉ rows per epoch, never a zero-weight row, rows in proportion to their weights; every row once per epoch with `all` or without ū', async () => {
    const { data, y } = toyData(400, 2);
    const weights = new Float64Array(400);
    for (let i = 0; i < 400; i++) weights[i] = i < 100 ? 0 : i < 250 ? 1 : 3; // mean 1.5 on rows 0–399
    const a = recorder(data, 400);
    const m = await tcnFactory.fit({ ...small, epochs: 20, batch_size: 64, patience: 100 }, a.data, { y, rows: range(0, 400), weights, uniqueness: 0.2475, seed: 5 });
    expect(m.history).toHaveLength(20);
    // 20 epochs × ⌈0.2475 · 400⌉ = 99 draws, in batches of 64 + 35
    expect(a.calls.map((c) => c.length)).toEqual(Array.from({ length: 20 }, () => [64, 35]).flat());
    const count = new Float64Array(400);
    for (const c of a.calls) for (const i of c) count[i]++;
    expect(count.subarray(0, 100).every((c) => c === 0)).toBe(true);
    const low = count.subarray(100, 250).reduce((s, c) => s + c, 0), high = count.subarray(250).reduce((s, c) => s + c, 0);
    expect(low + high).toBe(1980);
    // expected shares 150 : 450 of the weight → 495 : 1485 draws (binomial sd ≈ 19)
    expect(Math.abs(low - 495)).toBeLessThan(80);
    // same seed, same draws
    const b = recorder(data, 400);
    await tcnFactory.fit({ ...small, epochs: 20, batch_size: 64, patience: 100 }, b.data, { y, rows: range(0, 400), weights, uniqueness: 0.2475, seed: 5 });
    expect(b.calls).toEqual(a.calls);
    for (const req of [{ uniqueness: 0.2475, all: true }, { uniqueness: undefined, all: false }]) {
      const c = recorder(data, 400);
      await tcnFactory.fit({ ...small, epochs: 2, batch_size: 64, ...(req.all ? { epoch_samples: 'all' as const } : {}) }, c.data, { y, rows: range(0, 400), weights, ...(req.uniqueness ? { uniqueness: req.uniqueness } : {}), seed: 5 });
      expect(c.calls.reduce((s, x) => s + x.length, 0)).toBe(800);
      for (let e = 0; e < 2; e++) expect(new Set(c.calls.slice(e * 7, e * 7 + 7).flatMap((x) => Array.from(x))).size).toBe(400);
    }
  });
});
