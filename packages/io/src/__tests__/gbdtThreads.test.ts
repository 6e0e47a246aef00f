import { describe, expect, it } from 'vitest';
import { createRng } from '@skippy/core';
import { fitGbdt } from '@skippy/core/models/gbdt';
import { gbdtWorkerThreads } from '../gbdt/index.ts';

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
});
