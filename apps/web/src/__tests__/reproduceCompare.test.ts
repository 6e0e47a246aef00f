import { describe, expect, it } from 'vitest';
import type { HeadlineMetrics } from '@skippy/core/reports';
import { compareHeadlines, comparePredictions, figureDiff, reproduceBlocker, reproductionVerdict, sameNumber } from '../reproduce/compare.ts';

const headline = (over: Partial<HeadlineMetrics> = {}): HeadlineMetrics => ({
  initialCash: 10_000, finalEquity: 10_123.5, totalReturn: 0.01235, annualizedReturn: 0.5, annualizedVolatility: 0.2, sharpe: 1.25, sortino: 1.9,
  maxDrawdown: 0.031, maxDrawdownDurationBars: 120, calmar: 16.1, hitRate: 0.52, trades: 17, winRate: 0.5882352941176471, turnover: 3.2, exposure: 0.4,
  fees: 12.5, slippage: 3.25, funding: 0, halts: 0, oosAccuracy: 0.53, oosAuc: 0.5512, psr: 0.71, dsr: null, pbo: 0.25, periodsPerYear: 525_600,
  ...over,
} as HeadlineMetrics);

describe('sameNumber(a, b) / figureDiff(key, a, b)', () => {
  it('treats null = null and NaN = NaN as equal, and a number against null as an infinite difference', () => {
    expect(sameNumber(null, null)).toBe(true);
    expect(sameNumber(Number.NaN, Number.NaN)).toBe(true);
    expect(sameNumber(0.1 + 0.2, 0.3)).toBe(false);
    expect(figureDiff('x', 0.1 + 0.2, 0.3).absDiff).toBe(5.551115123125783e-17); // 0.30000000000000004 − 0.3 = 2^-54
    expect(figureDiff('x', 1, null)).toEqual({ key: 'x', server: 1, browser: null, absDiff: Infinity, identical: false });
  });
});

describe('compareHeadlines(server, browser)', () => {
  it('compares every numeric or null field and finds the one that moved, with its exact size', () => {
    const d = compareHeadlines(headline(), headline({ sharpe: 1.2500000000000002 }));
    expect(d).toHaveLength(Object.keys(headline()).length);
    const bad = d.filter((f) => !f.identical);
    expect(bad.map((f) => f.key)).toEqual(['sharpe']);
    expect(bad[0].absDiff).toBe(2.220446049250313e-16); // one ulp of 1.25
    expect(d.find((f) => f.key === 'dsr')).toMatchObject({ server: null, browser: null, identical: true, absDiff: 0 });
  });

  it('counts a field present on one side only as different', () => {
    const d = compareHeadlines(headline(), headline({ haltedShare: 0 }));
    expect(d.find((f) => f.key === 'haltedShare')).toMatchObject({ identical: false, absDiff: Infinity });
  });
});

describe('comparePredictions(server, browser)', () => {
  it('takes the max |Δ| over rows predicted on both sides and counts one-sided and differing rows', () => {
    const server = [Number.NaN, 0.5, 0.25, 0.75, null, 0.6];
    const browser = [Number.NaN, 0.5, 0.2500001, 0.7, Number.NaN, Number.NaN];
    const r = comparePredictions(server, Float64Array.from(browser));
    expect(r).toMatchObject({ serverRows: 6, browserRows: 6, compared: 3, missingOnOneSide: 1, differing: 3, identical: false });
    expect(r.maxAbsDiff).toBeCloseTo(0.05, 15); // |0.75 − 0.7|
  });

  it('is identical for the same values and never for tables of different length', () => {
    const a = Float64Array.of(Number.NaN, 0.1, 0.9);
    expect(comparePredictions(a, Float64Array.from(a))).toMatchObject({ compared: 2, maxAbsDiff: 0, differing: 0, identical: true });
    expect(comparePredictions(a, a.subarray(0, 2)).identical).toBe(false);
  });
});

describe('reproductionVerdict(figures, predictions)', () => {
  it('says identical with the counts when everything agrees', () => {
    const v = reproductionVerdict(compareHeadlines(headline(), headline()), comparePredictions([0.1, 0.2], [0.1, 0.2]));
    expect(v).toEqual({ kind: 'identical', identical: true, text: `Identical: every headline figure (${Object.keys(headline()).length}) and all 2 out-of-sample predictions match the server's bit for bit.` });
  });

  it('names the largest headline difference and the predictions max |Δ| when they differ', () => {
    const v = reproductionVerdict(compareHeadlines(headline(), headline({ trades: 18, sharpe: 1.3 })), comparePredictions([0.5, 0.25], [0.5, 0.125]));
    expect(v).toMatchObject({ kind: 'differs', identical: false });
    expect(v.text).toBe(`Differs: 2 of ${Object.keys(headline()).length} headline figures differ (largest |Δ| 1.00 in trades); 1 of 2 predictions differ, max |Δ| 0.125.`);
  });
});

describe('reproductionVerdict(figures, predictions) within ROUNDING_TOLERANCE', () => {
  it('calls last-bit differences (Math.exp rounded differently by two JS engines) equal up to rounding, with their size', () => {
    // 1/(1+e^-z) for the same float32 logit, with e^-z rounded one way or the other: the next double above 0.6, |Δ| = 2^-53
    const p = 0.6, q = 0.6000000000000001;
    expect(q - p).toBe(2 ** -53);
    const v = reproductionVerdict(compareHeadlines(headline(), headline({ finalEquity: 10_123.500000000002 })), comparePredictions([0.5, p], [0.5, q]));
    expect(v.kind).toBe('rounding');
    expect(v.text).toBe(`Equal up to rounding: 1 of ${Object.keys(headline()).length} headline figures differ (largest |Δ| 1.82e-12 in finalEquity); 1 of 2 predictions differ, max |Δ| 1.11e-16 — every difference ≤ 1e-12, the rest bit for bit.`);
  });

  it('is "differs" once a figure moves by more than 1e-12 of its size, or a prediction by more than 1e-12', () => {
    expect(reproductionVerdict(compareHeadlines(headline(), headline({ sharpe: 1.25 + 1e-9 })), null).kind).toBe('differs');
    expect(reproductionVerdict(compareHeadlines(headline(), headline()), comparePredictions([0.5], [0.5 + 2e-12])).kind).toBe('differs');
    expect(reproductionVerdict(compareHeadlines(headline(), headline()), comparePredictions([0.5, 0.1], [0.5, Number.NaN])).kind).toBe('differs');
  });
});

describe('reproduceBlocker(report)', () => {
  const cfg = (source: string, trainer = 'supervised') => ({ data: { source }, trainer }) as never;
  it('allows a synthetic supervised run and refuses stored data and policy runs with one line each', () => {
    expect(reproduceBlocker({ config: cfg('synthetic'), protocol: { sizing: 'fractional Kelly (cap 0.25) …' } as never })).toBeNull();
    expect(reproduceBlocker({ config: cfg('store'), protocol: undefined })).toMatch(/^Only runs on the synthetic market/);
    expect(reproduceBlocker({ config: cfg('synthetic', 'ppo'), protocol: undefined })).toMatch(/^PPO runs cannot be reproduced here yet/);
    expect(reproduceBlocker({ config: cfg('synthetic'), protocol: { sizing: 'ppo policy: 4 envs × 128 steps' } as never })).toMatch(/^PPO runs cannot be reproduced here yet/);
  });
});
