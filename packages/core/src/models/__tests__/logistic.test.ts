import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from '../index.ts';
import { createRng } from '../../util/rng.ts';

// Tiny case: x1 = i/3 − 2, x2 = 3·sin(i) + 1, i = 0..11. Reference optimum computed independently with
// scipy.optimize.minimize(BFGS, gtol 1e-13) on Σ sᵢ(log(1+e^z) − y·z) + λ/2‖w‖² over features standardised
// with numpy mean/std(ddof=1).
const n = 12;
const X = new Float64Array(n * 2);
for (let i = 0; i < n; i++) { X[2 * i] = i / 3 - 2; X[2 * i + 1] = 3 * Math.sin(i) + 1; }
const y = Int8Array.from([0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1]);
const all = Int32Array.from({ length: n }, (_, i) => i);

describe('fitLogistic(X, y, trainIdx, {p, l2, maxIter, tol, sampleWeight})', () => {
  it('matches an independent scipy optimum (λ = 1)', () => {
    const m = fitLogistic(X, y, all, { p: 2, l2: 1, tol: 1e-12 });
    expect(m.converged).toBe(true);
    expect(m.intercept).toBeCloseTo(0.3941790331321276, 8);
    expect(m.coef[0]).toBeCloseTo(0.8188726160799811, 8);
    expect(m.coef[1]).toBeCloseTo(-0.17212645296481635, 8);
    expect(m.objective).toBeCloseTo(6.911158761500224, 10);
  });
  it('matches scipy with sample weights 1 + (i mod 3)/2 and λ = 0.1', () => {
    const sw = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3) * 0.5);
    const m = fitLogistic(X, y, all, { p: 2, l2: 0.1, tol: 1e-12, sampleWeight: sw });
    expect(m.intercept).toBeCloseTo(0.345730983406487, 8);
    expect(m.coef[0]).toBeCloseTo(0.8948832299155522, 8);
    expect(m.coef[1]).toBeCloseTo(-0.13661719247461404, 8);
    expect(m.objective).toBeCloseTo(10.665940562381119, 10);
  });
  it('meets the KKT condition, agrees with a finite-difference gradient, and standardises on training rows only', () => {
    const rng = createRng(3);
    const N = 400, p = 3;
    const Xr = new Float64Array(N * p), yr = new Int8Array(N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < p; j++) Xr[i * p + j] = rng.normal() * (j + 1) + j;
      yr[i] = rng.next() < 1 / (1 + Math.exp(-(Xr[i * p] - 0.5 * Xr[i * p + 2]))) ? 1 : -1;
    }
    Xr[5 * p + 1] = NaN; // a NaN row in training is excluded and counted
    const train = Int32Array.from({ length: 300 }, (_, i) => i);
    const m = fitLogistic(Xr, yr, train, { p, l2: 0.5, tol: 1e-10 });
    expect(m.nDropped).toBe(1);
    expect(m.nUsed).toBe(299);
    expect(m.gradNorm).toBeLessThan(1e-10);
    // objective at the optimum is below every nearby point (finite-difference check of ∇ = 0)
    const obj = (b: number, w: number[]) => {
      let f = 0;
      for (const r of train) {
        if (r === 5) continue;
        let z = b;
        for (let j = 0; j < p; j++) z += w[j] * (Xr[r * p + j] - m.mean[j]) / m.scale[j];
        f += Math.log1p(Math.exp(z)) - (yr[r] > 0 ? z : 0);
      }
      return f + 0.25 * w.reduce((a, v) => a + v * v, 0);
    };
    const w0 = [...m.coef], h = 1e-5;
    expect(obj(m.intercept, w0)).toBeCloseTo(m.objective, 8);
    for (let j = 0; j < p; j++) {
      const up = w0.slice(), dn = w0.slice(); up[j] += h; dn[j] -= h;
      expect(Math.abs((obj(m.intercept, up) - obj(m.intercept, dn)) / (2 * h))).toBeLessThan(1e-5);
    }
    // standardisation uses training rows only: changing test rows does not change the model
    const X2 = Xr.slice(); for (let i = 300 * p; i < N * p; i++) X2[i] = 1e9;
    expect([...fitLogistic(X2, yr, train, { p, l2: 0.5, tol: 1e-10 }).coef]).toEqual([...m.coef]);
    // raw and standardised forms give the same probabilities
    const rows = Int32Array.from([300, 301, 302]);
    const pr = predictLogistic(m, Xr, rows);
    for (let k = 0; k < 3; k++) {
      let z = m.intercept;
      for (let j = 0; j < p; j++) z += m.coef[j] * (Xr[rows[k] * p + j] - m.mean[j]) / m.scale[j];
      expect(pr[k]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    }
    expect(predictLogistic(m, Xr, Int32Array.from([5]))[0]).toBeNaN();
  });
  it('is deterministic and the objective never increases across iterations (maxIter sweep)', () => {
    let prev = Infinity;
    for (let it = 0; it <= 6; it++) {
      const m = fitLogistic(X, y, all, { p: 2, l2: 0.01, maxIter: it, tol: 1e-14 });
      expect(m.objective).toBeLessThanOrEqual(prev + 1e-12);
      prev = m.objective;
    }
    expect(fitLogistic(X, y, all, { p: 2 })).toEqual(fitLogistic(X, y, all, { p: 2 }));
  });

  it('stops at the round-off minimum when tol is unattainable (no line-search spin to maxIter)', () => {
    // 40k noisy rows: the mean gradient cannot reach 1e-30, so the fit must stop once no Newton step lowers the objective
    const rng = createRng(9);
    const m = 40_000, Xb = new Float64Array(m * 3), yb = new Int8Array(m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < 3; j++) Xb[3 * i + j] = rng.normal();
      yb[i] = rng.next() < 1 / (1 + Math.exp(-0.3 * Xb[3 * i])) ? 1 : 0;
    }
    const rows = Int32Array.from({ length: m }, (_, i) => i);
    const model = fitLogistic(Xb, yb, rows, { p: 3, l2: 1, maxIter: 100, tol: 1e-30 });
    expect(model.iterations).toBeLessThan(15);
    expect(model.converged).toBe(true);
    expect(model.gradNorm).toBeLessThan(1e-12);
    const reference = fitLogistic(Xb, yb, rows, { p: 3, l2: 1, maxIter: 100, tol: 1e-10 });
    expect(Math.abs(model.objective - reference.objective)).toBeLessThanOrEqual(1e-9 * reference.objective);
  });
});
