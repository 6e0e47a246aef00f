import { describe, expect, it } from 'vitest';
import { fitGbdt, predictGbdt, predictGbdtRaw } from '../boost.ts';
import { binaryAuc } from '../loss.ts';
import { gbdtFactory, gbdtFromJSON, gbdtToJSON } from '../factory.ts';
import { fitLogistic, predictLogistic } from '../../logistic.ts';
import { primaryModelSchema } from '../../../config/models.ts';
import { createRng } from '../../../util/rng.ts';

const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

/** y = 1{x0·x1 > 0} with x uniform on [−1, 1]² plus `extra` noise features. */
function xor(n: number, seed: number, extra = 0) {
  const rng = createRng(seed), p = 2 + extra;
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < p; f++) X[i * p + f] = rng.uniform(-1, 1);
    y[i] = X[i * p] * X[i * p + 1] > 0 ? 1 : 0;
  }
  return { X, y, p };
}

describe('fitGbdt(X, p, y, rows, options)', () => {
  it('learns XOR, which a logistic model cannot (held-out AUC > 0.97 vs ≈ 0.5)', () => {
    const { X, y, p } = xor(3000, 1, 2);
    const train = range(0, 2000), test = range(2000, 3000);
    const model = fitGbdt(X, p, y, train, { maxIter: 50 });
    const yTest = Float64Array.from(test, (i) => y[i]);
    expect(binaryAuc(predictGbdt(model, X, test), yTest)!).toBeGreaterThan(0.97);
    const lin = fitLogistic(X, y, train, { p });
    expect(Math.abs(binaryAuc(predictLogistic(lin, X, test), yTest)! - 0.5)).toBeLessThan(0.06);
  });

  it('integer sample weights equal duplicated rows', () => {
    const rng = createRng(5), n = 300, p = 3;
    const X = Float64Array.from({ length: n * p }, () => Math.round(rng.normal() * 10) / 10); // < 255 distinct: same bins either way
    const y = Float64Array.from({ length: n }, (_, i) => (X[i * p] + 0.5 * rng.normal() > 0 ? 1 : 0));
    const w = Float64Array.from({ length: n }, () => 1 + rng.int(3));
    const dupRows: number[] = [];
    for (let i = 0; i < n; i++) for (let c = 0; c < w[i]; c++) dupRows.push(i);
    const opts = { maxIter: 20, minSamplesLeaf: 1, maxLeafNodes: 8 };
    const a = fitGbdt(X, p, y, range(0, n), { ...opts, sampleWeight: w });
    const b = fitGbdt(X, p, y, Int32Array.from(dupRows), opts);
    const pa = predictGbdtRaw(a, X, range(0, n)), pb = predictGbdtRaw(b, X, range(0, n));
    for (let i = 0; i < n; i++) expect(pa[i]).toBeCloseTo(pb[i], 9);
    expect(a.baseline).toBeCloseTo(b.baseline, 12);
  });

  it('routes missing values: NaN alone on the right (threshold +∞), NaN joining the low bins on the left, unseen NaN to the larger child', () => {
    const o = { maxIter: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 1 };
    // y = 1 exactly where x is missing → the split "every finite value left, missing right"
    const X1 = Float64Array.from([1, 2, 3, 4, Number.NaN, Number.NaN]), y1 = Float64Array.from([0, 0, 0, 0, 1, 1]);
    const m1 = fitGbdt(X1, 1, y1, range(0, 6), o);
    expect(m1.trees[0].threshold[0]).toBe(Number.POSITIVE_INFINITY);
    expect(m1.trees[0].missingLeft[0]).toBe(0);
    const p1 = predictGbdt(m1, Float64Array.from([Number.NaN, 2.5]), range(0, 2));
    expect(p1[0]).toBeGreaterThan(0.5);
    expect(p1[1]).toBeLessThan(0.5);
    // y = 1 for x ≤ 2 and for missing → split at 2.5 with missing values left (right-to-left scan)
    const y2 = Float64Array.from([1, 1, 0, 0, 1, 1]);
    const m2 = fitGbdt(X1, 1, y2, range(0, 6), o);
    expect(m2.trees[0].threshold[0]).toBe(2.5);
    expect(m2.trees[0].missingLeft[0]).toBe(1);
    const p2 = predictGbdt(m2, Float64Array.from([Number.NaN, 1, 4]), range(0, 3));
    expect(p2[0]).toBe(p2[1]);
    expect(p2[2]).toBeLessThan(0.5);
    // no missing value in training: NaN follows the child with more samples (4 rows right of 2.5)
    const X3 = Float64Array.from([1, 2, 3, 4, 5, 6]), y3 = Float64Array.from([0, 0, 1, 1, 1, 1]);
    const m3 = fitGbdt(X3, 1, y3, range(0, 6), o);
    expect(m3.trees[0].threshold[0]).toBe(2.5);
    expect(m3.trees[0].missingLeft[0]).toBe(0);
  });

  it('early stopping stops on noise labels, by scikit-learn\'s rule on the validation loss', () => {
    const rng = createRng(9), n = 3000, p = 4;
    const X = Float64Array.from({ length: n * p }, () => rng.normal());
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const m = fitGbdt(X, p, y, range(0, 2400), { maxIter: 200, validation: range(2400, n), nIterNoChange: 5, tol: 0 });
    expect(m.trees.length).toBeLessThan(200);
    expect(m.history.length).toBe(m.trees.length);
    // scores: −validation loss at the baseline (iteration 0, computed here by hand) and after each tree
    const b = m.baseline;
    let l0 = 0;
    for (let i = 2400; i < n; i++) l0 += Math.log1p(Math.exp(b)) - y[i] * b;
    const scores = [-l0 / 600, ...m.history.map((h) => -h.validLoss!)];
    const stops = (k: number) => k >= 6 && scores.slice(k - 5, k).every((s) => !(s > scores[k - 6]));
    expect(stops(scores.length)).toBe(true);
    for (let k = 1; k < scores.length; k++) expect(stops(k)).toBe(false);
    expect(m.history.every((h) => h.validAuc !== null && h.trainAuc === null)).toBe(true);
    const full = fitGbdt(X, p, y, range(0, 2400), { maxIter: 30 });
    expect(full.trees.length).toBe(30);
    expect(full.history.every((h) => h.validLoss === null)).toBe(true);
    // training loss falls monotonically on the training rows
    for (let k = 1; k < full.history.length; k++) expect(full.history[k].trainLoss).toBeLessThanOrEqual(full.history[k - 1].trainLoss + 1e-12);
  });

  it('is deterministic: the same inputs and seed give the same JSON', () => {
    const { X, y, p } = xor(2000, 3, 3);
    const opts = { maxIter: 15, seed: 4, binSubsample: 500 };
    const a = JSON.stringify(gbdtToJSON(fitGbdt(X, p, y, range(0, 2000), opts)));
    const b = JSON.stringify(gbdtToJSON(fitGbdt(X, p, y, range(0, 2000), opts)));
    expect(a).toBe(b);
  });
});

describe('gbdtFactory.fit(spec, data, request) / gbdtFromJSON(json)', () => {
  it('fits through the model contract; the JSON restores the same predictions', async () => {
    const { X, y, p } = xor(2500, 8, 1);
    const spec = primaryModelSchema.parse({ kind: 'gbdt', max_iter: 40 });
    const points: number[] = [];
    const fitted = await gbdtFactory.fit(spec, { X, p }, { y, rows: range(0, 1800), validation: range(1800, 2000), seed: 1, onProgress: (e) => points.push(e.iteration) });
    expect(fitted.kind).toBe('gbdt');
    expect(fitted.coef).toBeNull();
    expect(fitted.importance!.length).toBe(p);
    expect(fitted.importance![2]).toBeLessThan(fitted.importance![0]);
    expect(points).toEqual(fitted.history.map((h) => h.iteration));
    expect(points[0]).toBe(1);
    const test = range(2000, 2500);
    const restored = gbdtFromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(Array.from(await restored.predict({ X, p }, test))).toEqual(Array.from(await fitted.predict({ X, p }, test)));
    await expect(gbdtFactory.fit(spec, { X, p }, { y, rows: range(0, 100), seed: 1, signal: { aborted: true } })).rejects.toThrow(/aborted/);
  });
});

describe('binaryAuc(score, y)', () => {
  it('equals the pair count with ties as ½', () => {
    const rng = createRng(2), n = 200;
    const s = Float64Array.from({ length: n }, () => Math.round(rng.normal() * 4) / 4), y = Float64Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    let num = 0, den = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (y[i] === 1 && y[j] === 0) { den++; num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0; }
    expect(binaryAuc(s, y)).toBeCloseTo(num / den, 12);
  });
});
