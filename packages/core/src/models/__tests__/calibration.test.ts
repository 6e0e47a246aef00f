import { describe, expect, it } from 'vitest';
import { applyPlatt, fitPlatt, logitScores } from '../index.ts';

// Reference optima computed offline on the same objective (Platt targets t₊ = (N₊+1)/(N₊+2), t₋ = 1/(N₋+2),
// weighted class counts as in scikit-learn's _sigmoid_calibration) with scipy.optimize.minimize(trust-exact)
// polished by numpy Newton steps until the gradient was ≤ 6e-15. scikit-learn's own L-BFGS (gtol 1e-6) stops
// within ~1e-7 of these: e.g. (a, b) = (−0.83254564, 0.31055324) for the first case.
const s = Float64Array.from([-2.1, -1.3, -0.7, -0.2, 0.1, 0.4, 0.8, 1.1, 1.7, 2.5, 3.0, -0.5]);
const y = Int8Array.from([0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0]);
const all = Int32Array.from({ length: 12 }, (_, i) => i);

describe('fitPlatt(scores, y, rows, options)', () => {
  it('matches the independent optimum on all rows (N₊ = N₋ = 6: t₊ = 7/8, t₋ = 1/8)', () => {
    const m = fitPlatt(s, y, all);
    expect(m.converged).toBe(true);
    expect(m.n).toBe(12);
    expect(m.a).toBeCloseTo(-0.8325456295184829, 12);
    expect(m.b).toBeCloseTo(0.31055323188257167, 12);
  });
  it('reads only the given rows, in any order', () => {
    // rows 9, 0, 2, 4, 5, 6, 7, 8, 1, 11: N₊ = 5, N₋ = 5 → t₊ = 6/7, t₋ = 1/7
    const m = fitPlatt(s, y, Int32Array.from([9, 0, 2, 4, 5, 6, 7, 8, 1, 11]));
    expect(m.n).toBe(10);
    expect(m.a).toBeCloseTo(-0.7608267888582343, 12);
    expect(m.b).toBeCloseTo(0.1526840699096381, 12);
  });
  it('uses sample weights in the loss and in the class counts (N₊ = 7.75, N₋ = 7)', () => {
    const w = Float64Array.from([1, 2, 0.5, 1, 1, 3, 1, 1, 0.25, 1, 2, 1]);
    const m = fitPlatt(s, y, all, { sampleWeight: w });
    expect(m.a).toBeCloseTo(-1.0026958311805205, 12);
    expect(m.b).toBeCloseTo(0.23154078200781092, 12);
  });
  it('stays finite when the scores separate the classes, and handles large raw scores', () => {
    // separable: t₊ = 3/4, t₋ = 1/4; symmetric data → b = 0
    const sep = fitPlatt(Float64Array.from([-1, -0.5, 0.5, 1]), [0, 0, 1, 1], Int32Array.from([0, 1, 2, 3]));
    expect(sep.a).toBeCloseTo(-1.3479927879678462, 12);
    expect(sep.b).toBeCloseTo(0, 12);
    const big = fitPlatt(Float64Array.from([40, -35, 10, -5, 60, -50]), [1, 0, 0, 1, 1, 0], Int32Array.from([0, 1, 2, 3, 4, 5]));
    expect(big.a).toBeCloseTo(-0.025693245525241076, 12);
    expect(big.b).toBeCloseTo(0.08094695610530778, 12);
  });
  it('skips rows with a non-finite score or label, and counts y > 0 as the positive class', () => {
    const s2 = Float64Array.from([...s, Number.NaN, 0.3]);
    const y2 = Float64Array.from([...Array.from(y, (v) => (v > 0 ? 1 : -1)), 1, Number.NaN]);
    const m = fitPlatt(s2, y2, Int32Array.from({ length: 14 }, (_, i) => i));
    expect(m.n).toBe(12);
    expect(m.a).toBeCloseTo(-0.8325456295184829, 12);
  });
  it('returns the identity on logits {a: −1, b: 0} for one class, fewer than 2 rows, or equal scores', () => {
    const one = fitPlatt(s, new Int8Array(12), all);
    expect(one).toEqual({ a: -1, b: 0, n: 12, converged: false });
    expect(fitPlatt(s, y, Int32Array.from([3]))).toEqual({ a: -1, b: 0, n: 1, converged: false });
    expect(fitPlatt(s, y, new Int32Array(0))).toEqual({ a: -1, b: 0, n: 0, converged: false });
    expect(fitPlatt(new Float64Array(12).fill(0.4), y, all)).toEqual({ a: -1, b: 0, n: 12, converged: false });
  });
  it('throws on mismatched lengths or a row out of range', () => {
    expect(() => fitPlatt(s, [1, 0], all)).toThrow(/y must/);
    expect(() => fitPlatt(s, y, Int32Array.from([12]))).toThrow(/rows\[0\]/);
  });
});

describe('applyPlatt(model, scores)', () => {
  it('gives 1/(1 + exp(a·s + b)); the identity model returns the probability a logit stands for', () => {
    const p = applyPlatt({ a: -0.8325456295184829, b: 0.31055323188257167 }, Float64Array.from([0, 1, -2000, 800, Number.NaN]));
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(0.31055323188257167)), 15); // 0.42297…
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-0.8325456295184829 + 0.31055323188257167)), 15);
    expect(p[2]).toBe(0); // z = 1665: e^{−z} underflows to 0, where a naive 1/(1 + e^z) computes e^z = ∞
    expect(p[3]).toBe(1);
    expect(p[4]).toBeNaN();
    const probs = Float64Array.from([0.1, 0.5, 0.93]);
    const back = applyPlatt({ a: -1, b: 0 }, logitScores(probs));
    probs.forEach((q, i) => expect(back[i]).toBeCloseTo(q, 15));
  });
});

describe('logitScores(probabilities, eps)', () => {
  it('ln(p/(1 − p)) with p clipped to [eps, 1 − eps]', () => {
    const z = logitScores(Float64Array.from([0.5, 0.75, 0, 1, Number.NaN]));
    expect(z[0]).toBe(0);
    expect(z[1]).toBeCloseTo(Math.log(3), 15);
    expect(z[2]).toBeCloseTo(Math.log(1e-6 / (1 - 1e-6)), 9); // −13.8155…
    expect(z[3]).toBeCloseTo(-z[2], 9);
    expect(z[4]).toBeNaN();
    expect(logitScores(Float64Array.from([0]), 0.01)[0]).toBeCloseTo(Math.log(0.01 / 0.99), 15);
  });
});
