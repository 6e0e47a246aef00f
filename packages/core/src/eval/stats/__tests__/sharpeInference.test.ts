import { describe, expect, it } from 'vitest';
import { probabilisticSharpeRatio, minTrackRecordLength, expectedMaxSharpe, deflatedSharpeRatio, bootstrapSharpeCi, returnStatistics, sharpeStats } from '../index.ts';
import { createRng } from '../../../util/rng.ts';

describe('deflatedSharpeRatio(stats, trials) — published example', () => {
  // Bailey, D. H. & López de Prado, M. (2014), "The Deflated Sharpe Ratio: Correcting for Selection Bias,
  // Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5), numerical example:
  // N = 100 trials, V[SRₙ] = 1/2 (annualised), best annualised SR = 2.5, T = 1250 daily observations
  // (5 years of 250 days), γ₃ = −3, γ₄ = 10. The paper prints SR₀ ≈ 0.1132 (per day) and DSR ≈ 0.9004.
  // The paper prints 4 decimals, so the published figures are checked to their printed precision; the same
  // numbers recomputed independently with scipy.stats.norm (SR₀ = 0.11317200186513214, DSR = 0.9003968344493903)
  // are checked to 1e-9.
  const ppy = 250;
  const stats = { sharpe: 2.5 / Math.sqrt(ppy), n: 1250, skewness: -3, kurtosis: 10 };
  const res = deflatedSharpeRatio(stats, { nTrials: 100, variance: 0.5 / ppy });
  it('reproduces SR₀ ≈ 0.1132 and DSR ≈ 0.9004', () => {
    expect(res.sr0.toFixed(4)).toBe('0.1132');
    expect(res.dsr.toFixed(4)).toBe('0.9004');
    expect(Math.abs(res.sr0 - 0.11317200186513214)).toBeLessThan(1e-9);
    expect(Math.abs(res.dsr - 0.9003968344493903)).toBeLessThan(1e-9);
    expect(Math.abs(res.sr0 * Math.sqrt(ppy) - 1.7894064662732077)).toBeLessThan(1e-9); // annualised SR₀
  });
  it('uses the sample variance (ddof 1) of the trial Sharpes and N = number of trials', () => {
    const trials = [0.01, 0.03, -0.02, 0.05, 0.0];
    const m = trials.reduce((a, b) => a + b) / 5, v = trials.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
    const r = deflatedSharpeRatio(stats, trials);
    expect(r.nTrials).toBe(5);
    expect(r.trialVariance).toBeCloseTo(v, 15);
    expect(r.sr0).toBeCloseTo(expectedMaxSharpe(5, v), 15);
    expect(expectedMaxSharpe(1, 0.3)).toBe(0);
  });
});

describe('probabilisticSharpeRatio(stats, benchmarkSharpe) / minTrackRecordLength(stats, benchmarkSharpe, confidence)', () => {
  const s = { sharpe: 0.1, n: 500, skewness: -0.5, kurtosis: 5 };
  it('matches an independent scipy computation', () => {
    // scipy: norm.cdf((0.1-0.02)*sqrt(499)/sqrt(1+0.5*0.1+1*0.01)), 1+v*(norm.ppf(0.95)/0.08)**2
    expect(Math.abs(probabilisticSharpeRatio(s, 0.02) - 0.9586960299538809)).toBeLessThan(1e-9);
    expect(Math.abs(minTrackRecordLength(s, 0.02, 0.95) - 449.1056345845528)).toBeLessThan(1e-7);
  });
  it('PSR at T = MinTRL equals the confidence; MinTRL is infinite when SR ≤ SR*', () => {
    for (const p of [0.9, 0.95, 0.99]) {
      const t = minTrackRecordLength(s, 0.03, p);
      expect(probabilisticSharpeRatio({ ...s, n: t }, 0.03)).toBeCloseTo(p, 12);
    }
    expect(minTrackRecordLength(s, 0.1)).toBe(Infinity);
  });
  it('normal returns: PSR(0) = Φ(SR·√(T−1)/√(1 + SR²/2))', () => {
    const n = { sharpe: 0.05, n: 1000, skewness: 0, kurtosis: 3 };
    const z = 0.05 * Math.sqrt(999) / Math.sqrt(1 + 0.0025 / 2);
    expect(probabilisticSharpeRatio(n, 0)).toBeCloseTo(0.5 * (1 + erf(z / Math.SQRT2)), 9);
  });
});

/** Abramowitz–Stegun 7.1.26 is too coarse; use a high-order series for this single check. */
function erf(x: number): number {
  let term = x, sum = x;
  for (let k = 1; k < 200; k++) { term *= -x * x / k; sum += term / (2 * k + 1); }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('bootstrapSharpeCi(returns, {seed, resamples, confidence, method})', () => {
  const rng = createRng(9);
  const r = Float64Array.from({ length: 1500 }, () => 0.001 + 0.01 * rng.normal());
  it('is deterministic per seed and brackets the sample Sharpe with about the analytic width', () => {
    const a = bootstrapSharpeCi(r, { seed: 1, resamples: 600, method: 'iid' });
    expect(bootstrapSharpeCi(r, { seed: 1, resamples: 600, method: 'iid' })).toEqual(a);
    const sr = sharpeStats(r).sharpe;
    expect(a.lower).toBeLessThan(sr);
    expect(a.upper).toBeGreaterThan(sr);
    const se = Math.sqrt((1 + sr * sr / 2) / (r.length - 1));
    expect(a.std / se).toBeGreaterThan(0.85);
    expect(a.std / se).toBeLessThan(1.15);
    const st = bootstrapSharpeCi(r, { seed: 1, resamples: 500, method: 'stationary', meanBlock: 10 });
    expect(st.method).toBe('stationary');
    expect(st.lower).toBeLessThan(st.upper);
  });
});

describe('returnStatistics(returns, options)', () => {
  it('combines the summary with PSR, MinTRL, DSR and a bootstrap interval', () => {
    const rng = createRng(4);
    const r = Float64Array.from({ length: 800 }, () => 0.0005 + 0.01 * rng.normal());
    const st = returnStatistics(r, { periodsPerYear: 365, trialSharpes: [0.01, 0.02, 0.05], bootstrap: { seed: 3, resamples: 200 } });
    const ss = sharpeStats(r);
    expect(st.psr).toBeCloseTo(probabilisticSharpeRatio(ss, 0), 14);
    expect(st.minTrackRecord).toBeCloseTo(minTrackRecordLength(ss, 0, 0.95), 9);
    expect(st.deflated!.nTrials).toBe(3);
    expect(st.sharpeCi!.resamples).toBe(200);
  });
});
