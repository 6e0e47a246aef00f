import { describe, expect, it } from 'vitest';
import { createRng } from '../../../util/rng.ts';
import { binColumns, binOf, binRows, columnThresholds, fitBinColumns, fitBinMapper } from '../binning.ts';

describe('fitBinMapper(X, p, rows, options) / binRows(X, p, rows, mapper)', () => {
  it('few distinct values: thresholds are midpoints of consecutive distinct values; NaN goes to the missing bin', () => {
    // one feature: 1, 2, 2, 3, NaN, 5  → distinct 1, 2, 3, 5 → midpoints 1.5, 2.5, 4
    const X = Float64Array.from([1, 2, 2, 3, Number.NaN, 5]);
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const m = fitBinMapper(X, 1, rows);
    expect(Array.from(m.thresholds[0])).toEqual([1.5, 2.5, 4]);
    expect(m.missingBin).toBe(255);
    expect(Array.from(binRows(X, 1, rows, m))).toEqual([0, 1, 1, 2, 255, 3]);
  });

  it('thresholds come from the training rows only', () => {
    const X = Float64Array.from([1, 2, 100, 200]);
    const m = fitBinMapper(X, 1, Int32Array.from([0, 1]));
    expect(Array.from(m.thresholds[0])).toEqual([1.5]);
    expect(Array.from(binRows(X, 1, Int32Array.from([0, 1, 2, 3]), m))).toEqual([0, 1, 1, 1]);
  });

  it('more distinct values than bins: inner quantiles by the midpoint rule (numpy percentile(0..9, [25, 50, 75], "midpoint") = 2.5, 4.5, 6.5)', () => {
    const sorted = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(Array.from(columnThresholds(sorted, 4))).toEqual([2.5, 4.5, 6.5]);
    // (n − 1)·q integral: n = 5, q = 1/4, 2/4, 3/4 → positions 1, 2, 3 → the order statistics themselves
    expect(Array.from(columnThresholds(Float64Array.from([0, 10, 20, 30, 40]), 4))).toEqual([10, 20, 30]);
  });

  it('row stride pads each row; the bin of x counts the thresholds strictly below it (x equal to a threshold stays left)', () => {
    const thr = Float64Array.from([1.5, 2.5, 4]);
    expect([0, 1.5, 1.6, 2.5, 4, 4.1, Number.POSITIVE_INFINITY].map((x) => binOf(thr, x))).toEqual([0, 0, 1, 1, 2, 3, 3]);
    const X = Float64Array.from([1, 10, 2, 20]);
    const m = fitBinMapper(X, 2, Int32Array.from([0, 1]));
    expect(Array.from(binRows(X, 2, Int32Array.from([0, 1]), m, 4))).toEqual([0, 0, 0, 0, 1, 1, 0, 0]);
  });

  it('a seeded subsample of at most `subsample` rows: same seed same thresholds', () => {
    const n = 5000, X = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 1000);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const a = fitBinMapper(X, 1, rows, { subsample: 1000, seed: 3, maxBins: 16 });
    const b = fitBinMapper(X, 1, rows, { subsample: 1000, seed: 3, maxBins: 16 });
    expect(Array.from(a.thresholds[0])).toEqual(Array.from(b.thresholds[0]));
    expect(a.thresholds[0].length).toBe(15);
  });

  it('fitBinColumns = fitBinMapper + binColumns (sorted-order binning; radix sort = Float64Array#sort, −0 before +0, NaN missing), with and without a subsample', () => {
    const rng = createRng(4), n = 3000, p = 6;
    const X = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      X[i * p] = rng.normal() * 1e6;
      X[i * p + 1] = Math.round(rng.normal() * 3) / 2; // few distinct values, ±0
      X[i * p + 2] = rng.next() < 0.1 ? Number.NaN : rng.uniform(-1e-300, 1e-300);
      X[i * p + 3] = rng.next() < 0.5 ? -0 : 0;
      X[i * p + 4] = rng.next() < 0.01 ? Number.NEGATIVE_INFINITY : rng.next() < 0.01 ? Number.POSITIVE_INFINITY : rng.normal();
      X[i * p + 5] = (rng.next() < 0.5 ? 1 : -1) * (1 + rng.int(rng.next() < 0.5 ? 20 : 3000) * Number.EPSILON); // equal high words: long and short runs
    }
    const rows = Int32Array.from({ length: 2500 }, (_, k) => (k * 7) % n);
    for (const opts of [{}, { maxBins: 16 }, { subsample: 1000, seed: 2 }]) {
      const a = fitBinColumns(X, p, rows, opts), m = fitBinMapper(X, p, rows, opts);
      expect(a.mapper.thresholds.map((t) => Array.from(t))).toEqual(m.thresholds.map((t) => Array.from(t)));
      expect(Array.from(a.bins)).toEqual(Array.from(binColumns(X, p, rows, m)));
      if ('subsample' in opts) continue;
      for (const f of [0, 5]) {
        const sorted = Float64Array.from(rows, (i) => X[i * p + f]).sort();
        expect(Array.from(m.thresholds[f])).toEqual(Array.from(columnThresholds(sorted, opts.maxBins ?? 255)));
      }
    }
  });
});
