import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sharpeRatio, annualizedSharpe, sortinoRatio, maxDrawdown, summarizeReturns, returnMoments, normalCdf, normalQuantile } from '../index.ts';

// Reference numbers computed independently with numpy/scipy (np.std(ddof=1), scipy.stats.skew,
// scipy.stats.kurtosis(fisher=False), scipy.stats.norm) and pasted here.
const R = [0.01, -0.02, 0.015, 0.0, 0.03, -0.01, 0.005, -0.025, 0.02, 0.01];

describe('sharpeRatio(returns)', () => {
  it('is mean / sample std (ddof 1), not annualised', () => {
    expect(sharpeRatio(R)).toBeCloseTo(0.20013619341040373, 14);
    expect(annualizedSharpe(R, 252)).toBeCloseTo(0.20013619341040373 * Math.sqrt(252), 12);
  });
  it('skips non-finite values and is NaN for < 2 values or zero std', () => {
    expect(sharpeRatio([NaN, ...R, Infinity])).toBeCloseTo(0.20013619341040373, 14);
    expect(sharpeRatio([0.1])).toBeNaN();
    expect(sharpeRatio([0.1, 0.1, 0.1])).toBeNaN();
  });
});

describe('returnMoments(returns)', () => {
  it('uses population skewness and raw kurtosis (scipy bias=True, fisher=False)', () => {
    const m = returnMoments(R);
    expect(m.skewness).toBeCloseTo(-0.29464068168228036, 12);
    expect(m.kurtosis).toBeCloseTo(2.0939571902679504, 12);
  });
});

describe('sortinoRatio(returns, {target})', () => {
  it('divides the mean by the downside deviation over all n periods', () => {
    expect(sortinoRatio(R)).toBeCloseTo(0.3299831645537221, 12);
    expect(sortinoRatio([0.01, 0.02, 0.03])).toBe(Infinity);
  });
});

describe('maxDrawdown(equity)', () => {
  it('finds peak, trough, recovery and duration on a hand case', () => {
    const e = [1, 1.2, 0.9, 1.0, 0.6, 1.1, 1.3, 1.25, 1.3];
    const d = maxDrawdown(e);
    expect(d.maxDrawdown).toBeCloseTo(0.5, 15);
    expect(d.peakIdx).toBe(1);
    expect(d.troughIdx).toBe(4);
    expect(d.recoveryIdx).toBe(6);
    expect(d.durationBars).toBe(5);
    expect(d.longestUnderwaterBars).toBe(5);
  });
  it('counts an open drawdown to the end', () => {
    const d = maxDrawdown([1, 2, 1.5, 1.8]);
    expect(d.maxDrawdown).toBeCloseTo(0.25, 15);
    expect(d.recoveryIdx).toBe(-1);
    expect(d.durationBars).toBe(2);
  });
  it('is 0 for a non-decreasing curve and matches a brute-force O(n²) scan', () => {
    expect(maxDrawdown([1, 1, 2, 3]).maxDrawdown).toBe(0);
    fc.assert(fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
      let brute = 0;
      for (let i = 0; i < xs.length; i++) for (let j = i; j < xs.length; j++) brute = Math.max(brute, 1 - xs[j] / xs[i]);
      expect(maxDrawdown(xs).maxDrawdown).toBeCloseTo(brute, 12);
    }));
  });
});

describe('summarizeReturns(returns, {periodsPerYear})', () => {
  it('compounds equity from 1 and reports drawdown, hit rate and Calmar', () => {
    const s = summarizeReturns(R, { periodsPerYear: 252 });
    expect(s.n).toBe(10);
    expect(s.totalReturn).toBeCloseTo(0.03413713611270808, 14);
    expect(s.maxDrawdown).toBeCloseTo(0.029923750000000138, 14);
    expect(s.hitRate).toBeCloseTo(6 / 9, 15);
    expect(s.calmar).toBeCloseTo(s.annualizedReturn / s.maxDrawdown, 12);
    expect(s.annualizedReturn).toBeCloseTo(Math.pow(1.03413713611270808, 25.2) - 1, 10);
  });
});

describe('normalCdf(x) / normalQuantile(p)', () => {
  // scipy.stats.norm.cdf / norm.ppf
  const cdf: [number, number][] = [[-8, 6.22096057427174e-16], [-5, 2.866515718791933e-07], [-3, 0.0013498980316300933], [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869], [0, 0.5], [0.3, 0.6179114221889526], [1, 0.8413447460685429], [2, 0.9772498680518208], [3, 0.9986501019683699],
    [5, 0.9999997133484281], [8, 0.9999999999999993]];
  const ppf: [number, number][] = [[1e-12, -7.034483825301131], [1e-6, -4.753424308822899], [0.001, -3.090232306167813], [0.01, -2.3263478740408408],
    [0.02425, -1.972961051311885], [0.05, -1.6448536269514729], [0.3, -0.5244005127080409], [0.5, 0], [0.7, 0.5244005127080407],
    [0.975, 1.959963984540054], [0.99, 2.3263478740408408], [0.999999, 4.753424308817087]];
  it('Φ matches scipy to 1e-12 absolute and 1e-9 relative in the tail', () => {
    for (const [x, v] of cdf) {
      expect(Math.abs(normalCdf(x) - v)).toBeLessThan(1e-12);
      expect(Math.abs(normalCdf(x) - v) / v).toBeLessThan(1e-9);
    }
  });
  it('Φ⁻¹ matches scipy to 1e-9 and inverts Φ', () => {
    for (const [p, v] of ppf) expect(Math.abs(normalQuantile(p) - v)).toBeLessThan(1e-9);
    for (let p = 0.001; p < 1; p += 0.0137) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 13);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.2)).toBeNaN();
  });
});
