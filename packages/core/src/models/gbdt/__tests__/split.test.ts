import { describe, expect, it } from 'vitest';
import { binColumns, binOffset, fitBinMapper } from '../binning.ts';
import { buildHistogram, buildRowsHistogram, countBins, histogramSize, subtractHistogram, wordsOf } from '../histogram.ts';
import { emptySplit, findBestSplit } from '../split.ts';
import { fitGbdt } from '../boost.ts';
import { createRng } from '../../../util/rng.ts';

/** The grouped column bins buildHistogram reads. */
function pack(X: Float64Array, p: number, rows: Int32Array) {
  const mapper = fitBinMapper(X, p, rows);
  return { mapper, bins: binColumns(X, p, rows, mapper) };
}

describe('findBestSplit(hist, sumG, sumH, n, ctx, out)', () => {
  it('hand case x = 0,1,2,3, y = 0,0,1,1, λ = 1: split x ≤ 1.5, gain 1/1.5 + 1/1.5 − 0 = 4/3, leaves ∓2/3', () => {
    // baseline log-odds 0 → p = ½: g = p − y = ½, ½, −½, −½; h = ¼ each; G = 0, H = 1.
    // bin 0: G_L = ½, H_L = ¼ → ¼/1.25 + ¼/1.75 = 0.342857; bin 1: 1/1.5 + 1/1.5 = 4/3 (best); bin 2 mirrors bin 0.
    const X = Float64Array.from([0, 1, 2, 3]), rows = Int32Array.from([0, 1, 2, 3]);
    const { bins } = pack(X, 1, rows);
    const gh = Float64Array.from([0.5, 0.25, 0.5, 0.25, -0.5, 0.25, -0.5, 0.25]);
    const hist = new Float64Array(histogramSize(1));
    buildHistogram(bins, 4, 1, gh, null, 0, 4, hist);
    const s = findBestSplit(hist, 0, 1, 4, { p: 1, stride: 256, nBins: Int32Array.from([4]), hasMissing: new Uint8Array(1), minSamplesLeaf: 1, l2: 1 }, emptySplit());
    expect(s.feature).toBe(0);
    expect(s.bin).toBe(1);
    expect(s.gain).toBeCloseTo(4 / 3, 12);
    expect([s.gL, s.hL, s.nL, s.gR, s.hR, s.nR]).toEqual([1, 0.5, 2, -1, 0.5, 2]);
    // the same through fitGbdt: one tree, two leaves, learning rate 1 → leaf values −G/(H+λ) = −1/1.5, +1/1.5
    const y = Float64Array.from([0, 0, 1, 1]);
    const model = fitGbdt(X, 1, y, rows, { maxIter: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 1, l2Regularization: 1 });
    const t = model.trees[0];
    expect(model.baseline).toBe(0);
    expect(Array.from(t.feature)).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(1.5);
    expect(t.value[1]).toBeCloseTo(-2 / 3, 12);
    expect(t.value[2]).toBeCloseTo(2 / 3, 12);
    expect(model.importance[0]).toBeCloseTo(4 / 3, 12);
  });

  it('skips empty bins without changing the result: the same split as scoring every bin (sparse histograms, missing values, ties)', () => {
    const rng = createRng(8), p = 3, nb = 40; // finite bins 0..nb − 1, missing values in bin 255
    /** The scan of every bin, as published (no skipping): left to right missing right, then right to left missing left. */
    const reference = (hist: Float64Array, G: number, H: number, n: number, miss: boolean[], msl: number) => {
      let best = { gain: -1, feature: -1, bin: -1, missingLeft: false };
      const score = (g: number, h: number) => (g * g) / (h + 1e-15);
      for (let f = 0; f < p; f++) {
        const base = f * 256 * 3;
        let gL = 0, hL = 0, nL = 0;
        for (let b = 0; b < (miss[f] ? nb : nb - 1); b++) { // missing values stay right
          gL += hist[base + 3 * b]; hL += hist[base + 3 * b + 1]; nL += hist[base + 3 * b + 2];
          if (nL < msl || hL < 1e-3) continue;
          if (n - nL < msl || H - hL < 1e-3) break;
          const gain = score(gL, hL) + score(G - gL, H - hL) - score(G, H);
          if (gain > best.gain && gain > 0) best = { gain, feature: f, bin: b, missingLeft: false };
        }
        if (!miss[f]) continue;
        let gR = 0, hR = 0, nR = 0;
        for (let b = nb - 2; b >= 0; b--) {
          gR += hist[base + 3 * (b + 1)]; hR += hist[base + 3 * (b + 1) + 1]; nR += hist[base + 3 * (b + 1) + 2];
          if (nR < msl || hR < 1e-3) continue;
          if (n - nR < msl || H - hR < 1e-3) break;
          const gain = score(G - gR, H - hR) + score(gR, hR) - score(G, H);
          if (gain > best.gain && gain > 0) best = { gain, feature: f, bin: b, missingLeft: true };
        }
      }
      return best;
    };
    for (let trial = 0; trial < 200; trial++) {
      const hist = new Float64Array(histogramSize(p)), miss = [false, rng.next() < 0.5, true];
      let G = 0, H = 0, n = 0;
      const rows = 5 + rng.int(60); // few rows over 40 bins: most bins empty
      for (let f = 0; f < p; f++) {
        let g0 = 0, h0 = 0, n0 = 0;
        for (let r = 0; r < rows; r++) {
          // integer-valued gradients make exact ties between different bins common
          const b = miss[f] && rng.next() < 0.1 ? 255 : rng.int(nb), g = rng.int(5) - 2, h = 1 + rng.int(2);
          hist[f * 768 + 3 * b] += g; hist[f * 768 + 3 * b + 1] += h; hist[f * 768 + 3 * b + 2] += 1;
          g0 += g; h0 += h; n0++;
        }
        if (f === 0) { G = g0; H = h0; n = n0; }
        else { // every feature sums to the same node totals: rescale the histogram's first finite bin
          hist[f * 768] += G - g0; hist[f * 768 + 1] += H - h0; hist[f * 768 + 2] += n - n0;
        }
      }
      const msl = 1 + rng.int(4);
      const got = findBestSplit(hist, G, H, n, { p, stride: 256, nBins: Int32Array.from([nb, nb, nb]), hasMissing: Uint8Array.from(miss, Number), minSamplesLeaf: msl, l2: 0 }, emptySplit());
      const want = reference(hist, G, H, n, miss, msl);
      expect([got.feature, got.bin, got.missingLeft, got.gain]).toEqual([want.feature, want.bin, want.missingLeft, want.gain]);
    }
  });

  it('min_samples_leaf excludes splits that leave fewer rows on a side', () => {
    const X = Float64Array.from([0, 1, 2, 3]), rows = Int32Array.from([0, 1, 2, 3]);
    const { bins } = pack(X, 1, rows);
    const gh = Float64Array.from([2, 0.25, -0.1, 0.25, -0.1, 0.25, -0.1, 0.25]);
    const hist = new Float64Array(histogramSize(1));
    buildHistogram(bins, 4, 1, gh, null, 0, 4, hist);
    const ctx = { p: 1, stride: 256, nBins: Int32Array.from([4]), hasMissing: new Uint8Array(1), minSamplesLeaf: 1, l2: 0 };
    expect(findBestSplit(hist, 1.7, 1, 4, ctx, emptySplit()).bin).toBe(0);
    expect(findBestSplit(hist, 1.7, 1, 4, { ...ctx, minSamplesLeaf: 2 }, emptySplit()).bin).toBe(1);
    expect(findBestSplit(hist, 1.7, 1, 4, { ...ctx, minSamplesLeaf: 3 }, emptySplit()).gain).toBe(-1);
  });
});

describe('buildHistogram(bins, m, p, gh, idx, start, stop, out) / subtractHistogram(parent, child, out)', () => {
  it('parent − smaller child equals the sibling built directly (6 features: two groups of four, the second padded)', () => {
    const rng = createRng(11), n = 500, p = 6;
    const X = Float64Array.from({ length: n * p }, () => (rng.next() < 0.05 ? Number.NaN : rng.normal()));
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const { bins } = pack(X, p, rows);
    const gh = Float64Array.from({ length: 2 * n }, (_, j) => (j % 2 ? rng.next() : rng.normal()));
    const idx = Int32Array.from(rows).sort((a, b) => (a % 3 === 0 ? 0 : 1) - (b % 3 === 0 ? 0 : 1) || a - b);
    const cut = Math.ceil(n / 3);
    const size = histogramSize(p), parent = new Float64Array(size), small = new Float64Array(size), direct = new Float64Array(size), sub = new Float64Array(size);
    buildHistogram(bins, n, p, gh, null, 0, n, parent);
    buildHistogram(bins, n, p, gh, idx, 0, cut, small);
    buildHistogram(bins, n, p, gh, idx, cut, n, direct);
    subtractHistogram(parent, small, sub);
    for (let j = 0; j < size; j++) expect(sub[j]).toBeCloseTo(direct[j], 10);
    // counts: every row of each feature lands in exactly one bin
    for (let f = 0; f < p; f++) {
      let count = 0;
      for (let b = 0; b < 256; b++) count += parent[(f * 256 + b) * 3 + 2];
      expect(count).toBe(n);
    }
    // the same sums as a plain per-row loop, in the same order (bit for bit)
    const naive = new Float64Array(size);
    for (let k = cut; k < n; k++) {
      const i = idx[k];
      for (let f = 0; f < p; f++) { const j = (f * 256 + bins[binOffset(f, n) + 4 * i]) * 3; naive[j] += gh[2 * i]; naive[j + 1] += gh[2 * i + 1]; naive[j + 2] += 1; }
    }
    expect(Array.from(direct.subarray(0, p * 768))).toEqual(Array.from(naive.subarray(0, p * 768)));
    // the root's counts, counted once and copied, equal the summed ones
    const counts = new Float64Array(2 * 4 * 256), viaCounts = new Float64Array(size);
    countBins(wordsOf(bins), n, 2, counts);
    buildRowsHistogram(wordsOf(bins), n, 2, gh, 0, n, viaCounts, counts);
    expect(Array.from(viaCounts)).toEqual(Array.from(parent));
  });
});
