import { describe, expect, it } from 'vitest';
import { fitGbdt } from '../boost.ts';
import type { GbdtModel } from '../boost.ts';
import { binColumns, fitBinMapper } from '../binning.ts';
import { buildHistogram, histogramRange, histogramSize, wordsOf } from '../histogram.ts';
import { featureRange, gbdtTask } from '../parallel.ts';
import type { GbdtShared, GbdtThreads } from '../parallel.ts';
import { emptySplit, findBestSplit } from '../split.ts';
import { createRng } from '../../../util/rng.ts';

/** Threads simulated in one thread: run() runs the parts last to first (parts are disjoint, so the order does not matter) and counts the steps. */
class InlineThreads implements GbdtThreads {
  state: GbdtShared | null = null;
  steps = 0;
  constructor(readonly helpers: number) {}
  buffer(byteLength: number): ArrayBufferLike { return new ArrayBuffer(byteLength); }
  attach(state: GbdtShared): void { this.state = state; }
  run(): void { this.steps++; for (let k = this.helpers; k >= 0; k--) gbdtTask(this.state!, k); }
  detach(): void { this.state = null; }
}

function data(n: number, p: number, seed: number) {
  const rng = createRng(seed), X = new Float64Array(n * p), y = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < p; f++) X[i * p + f] = f % 3 === 2 ? Math.round(rng.normal() * 4) : rng.normal();
    if (rng.next() < 0.05) X[i * p + 1] = Number.NaN;
    y[i] = rng.next() < 1 / (1 + Math.exp(-(X[i * p] * 1.5 - (X[i * p + 2] > 1 ? 1 : 0) + 0.3 * rng.normal()))) ? 1 : 0;
    w[i] = 0.5 + rng.next();
  }
  return { X, y, w, rows: Int32Array.from({ length: n }, (_, i) => i) };
}

const same = (a: GbdtModel, b: GbdtModel) => {
  expect(b.trees.length).toBe(a.trees.length);
  for (let t = 0; t < a.trees.length; t++) {
    expect(Array.from(b.trees[t].feature)).toEqual(Array.from(a.trees[t].feature));
    expect(Array.from(b.trees[t].bin)).toEqual(Array.from(a.trees[t].bin));
    expect(Array.from(b.trees[t].missingLeft)).toEqual(Array.from(a.trees[t].missingLeft));
    expect(Array.from(b.trees[t].value)).toEqual(Array.from(a.trees[t].value)); // bit-identical doubles
  }
  expect(Array.from(b.importance)).toEqual(Array.from(a.importance));
  expect(b.history.map((e) => e.trainLoss)).toEqual(a.history.map((e) => e.trainLoss));
};

describe('histogramRange / findBestSplit over feature ranges', () => {
  it('ranges that cut groups of four (one, two or three lanes; rows through idx or contiguous, odd counts) give exactly the one-pass histogram and split', () => {
    const n = 500, p = 7, rng = createRng(11);
    const X = Float64Array.from({ length: n * p }, () => (rng.next() < 0.03 ? Number.NaN : rng.normal()));
    const rows = Int32Array.from({ length: n }, (_, i) => i), mapper = fitBinMapper(X, p, rows, { maxBins: 32 });
    const bins = binColumns(X, p, rows, mapper), words = wordsOf(bins);
    const gh = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 ? 0.1 + rng.next() : rng.normal()));
    const idx = Int32Array.from({ length: 200 }, () => rng.int(n)), ordered = new Float64Array(400);
    for (let k = 0; k < 200; k++) { ordered[2 * k] = gh[2 * idx[k]]; ordered[2 * k + 1] = gh[2 * idx[k] + 1]; }
    const full = new Float64Array(histogramSize(p)), parts = new Float64Array(histogramSize(p)), rowsFull = new Float64Array(histogramSize(p));
    buildHistogram(bins, n, p, gh, idx, 0, 199, full); // an odd row count: the two-row kernels' tail
    buildHistogram(bins, n, p, gh, null, 3, 3 + 199, rowsFull);
    for (const cuts of [[0, 3, 7], [0, 1, 2, 5, 6, 7], [0, 4, 8], [0, 2, 4, 6, 7], [0, 1, 3, 5, 7]]) {
      parts.fill(Number.NaN);
      for (let k = 0; k + 1 < cuts.length; k++) histogramRange(words, n, idx, 0, 199, ordered, parts, cuts[k], cuts[k + 1], null);
      expect(Array.from(parts.subarray(0, p * 768))).toEqual(Array.from(full.subarray(0, p * 768)));
      parts.fill(Number.NaN);
      for (let k = 0; k + 1 < cuts.length; k++) histogramRange(words, n, null, 3, 199, gh.subarray(6), parts, cuts[k], cuts[k + 1], null);
      expect(Array.from(parts.subarray(0, p * 768))).toEqual(Array.from(rowsFull.subarray(0, p * 768)));
    }
    buildHistogram(bins, n, p, gh, idx, 0, 200, full);
    let G = 0, H = 0;
    for (let k = 0; k < 200; k++) { G += ordered[2 * k]; H += ordered[2 * k + 1]; }
    const ctx = { p, stride: 256, nBins: Int32Array.from(mapper.thresholds, (t) => t.length + 1), hasMissing: new Uint8Array(p).fill(1), minSamplesLeaf: 5, l2: 0.5 };
    const whole = findBestSplit(full, G, H, 200, ctx, emptySplit());
    let merged = emptySplit();
    for (let part = 0; part < 3; part++) {
      const [f0, f1] = featureRange(p, part, 3);
      const s = findBestSplit(full, G, H, 200, ctx, emptySplit(), f0, f1);
      if (s.gain > merged.gain) merged = s;
    }
    expect(whole.gain).toBeGreaterThan(0);
    expect(merged).toEqual(whole);
  });
});

describe('fitGbdt(…, { threads })', () => {
  it('cut into 2 and 3 parts, fits bit-identical trees, gains and losses (weights, missing values, 5 features)', () => {
    const { X, y, w, rows } = data(3000, 5, 4);
    const opts = { maxIter: 15, maxLeafNodes: 15, minSamplesLeaf: 10, sampleWeight: w, validation: Int32Array.from({ length: 500 }, (_, i) => 2500 + i) };
    const train = rows.subarray(0, 2500);
    const plain = fitGbdt(X, 5, y, train, opts);
    for (const helpers of [1, 2]) {
      const threads = new InlineThreads(helpers);
      const par = fitGbdt(X, 5, y, train, { ...opts, threads });
      same(plain, par);
      expect(threads.steps).toBeGreaterThan(plain.trees.length * 2); // gradients + root + children steps per tree
      expect(threads.state).toBeNull(); // detached
    }
  });

  it('detaches when the fit throws, and ignores threads when the histograms would not fit the shared-memory cap', () => {
    const { X, y, rows } = data(400, 3, 5);
    const threads = new InlineThreads(1);
    expect(() => fitGbdt(X, 3, y, rows, { maxIter: 5, threads, signal: { aborted: true } })).toThrow(/aborted/);
    expect(threads.state).toBeNull();
    const big = new InlineThreads(1);
    fitGbdt(X, 3, y, rows, { maxIter: 2, maxLeafNodes: 4096, threads: big });
    expect(big.steps).toBe(0);
  });
});
