import { describe, expect, it } from 'vitest';
import { createRng } from '@skippy/core';
import { fitGbdt, gbdtFactory } from '@skippy/core/models/gbdt';
import type { ModelFactory } from '@skippy/core/models';
import { gbdtThreadedFactory, gbdtWorkerThreads } from '../gbdt/index.ts';

describe('gbdtWorkerThreads(helpers) – fitGbdt on worker threads over shared memory', () => {
  it('fits the same trees as one thread (bit-identical leaf values, weights and missing values), twice on the same pool', () => {
    const rng = createRng(9), n = 4000, p = 6;
    const X = new Float64Array(n * p), y = new Float64Array(n), w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < p; f++) X[i * p + f] = rng.next() < 0.02 ? Number.NaN : rng.normal();
      y[i] = rng.next() < 1 / (1 + Math.exp(-(X[i * p] * X[i * p + 1] || 0) - 0.5 * (X[i * p + 2] || 0))) ? 1 : 0;
      w[i] = 0.5 + rng.next();
    }
    const rows = Int32Array.from({ length: n }, (_, i) => i), opts = { maxIter: 20, maxLeafNodes: 20, sampleWeight: w };
    const plain = fitGbdt(X, p, y, rows, opts);
    const threads = gbdtWorkerThreads(1);
    expect(gbdtWorkerThreads(1)).toBe(threads);
    for (let run = 0; run < 2; run++) {
      const par = fitGbdt(X, p, y, rows, { ...opts, threads });
      expect(par.trees.length).toBe(plain.trees.length);
      for (let t = 0; t < plain.trees.length; t++) {
        expect(Array.from(par.trees[t].feature)).toEqual(Array.from(plain.trees[t].feature));
        expect(Array.from(par.trees[t].value)).toEqual(Array.from(plain.trees[t].value));
      }
      expect(Array.from(par.importance)).toEqual(Array.from(plain.importance));
    }
    expect(() => gbdtWorkerThreads(0)).toThrow(/helpers must be an integer in \[1, 16\]; was 0/);
  });

  it('gbdtThreadedFactory(1) predicts exactly what the gbdtFactory of core does (the model contract, early stopping on a validation tail)', async () => {
    const rng = createRng(3), n = 2000, p = 4;
    const X = Float64Array.from({ length: n * p }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => (X[i * p] + X[i * p + 1] * X[i * p + 2] + rng.normal() > 0 ? 1 : 0));
    const spec: Parameters<ModelFactory['fit']>[0] = {
      kind: 'gbdt', learning_rate: 0.1, max_iter: 30, max_leaf_nodes: 31, max_depth: null, min_samples_leaf: 20, l2_regularization: 0, max_bins: 255,
      n_iter_no_change: 10, tol: 1e-7, early_stopping: true, validation_fraction: 0.1,
    };
    const req = { y, rows: Int32Array.from({ length: 1500 }, (_, i) => i), validation: Int32Array.from({ length: 300 }, (_, i) => 1600 + i), seed: 1 };
    const test = Int32Array.from({ length: 100 }, (_, i) => 1900 + i);
    const threaded = gbdtThreadedFactory(1);
    expect(threaded.kind).toBe('gbdt');
    const a = await (await gbdtFactory.fit(spec, { X, p }, req)).predict({ X, p }, test);
    const b = await (await threaded.fit(spec, { X, p }, req)).predict({ X, p }, test);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
