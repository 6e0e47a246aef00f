import { describe, expect, it } from 'vitest';
import { corwinSchultzSpread } from '../proxies/corwinSchultzSpread.ts';
import { tickRuleSignedVolume } from '../proxies/tickRuleSignedVolume.ts';
import { asOfJoin } from '../derivatives/asOfJoin.ts';
import { fundingRateDelta } from '../derivatives/fundingRateDelta.ts';
import { openInterestDelta } from '../derivatives/openInterestDelta.ts';
import { sentimentAsOf } from '../derivatives/sentimentAsOf.ts';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('corwinSchultzSpread(high, low)', () => {
  it('follows the two-period formula on bars t−1, t and floors negatives at 0', () => {
    const high = f64([101, 102, 110]);
    const low = f64([99, 100, 100]);
    const s = corwinSchultzSpread(high, low);
    expect(s[0]).toBeNaN();
    const b = Math.log(101 / 99) ** 2 + Math.log(102 / 100) ** 2;
    const g = Math.log(102 / 99) ** 2;
    const k = 3 - 2 * Math.sqrt(2);
    const a = (Math.sqrt(2 * b) - Math.sqrt(b)) / k - Math.sqrt(g / k);
    const expected = Math.max(0, (2 * (Math.exp(a) - 1)) / (1 + Math.exp(a)));
    expect(s[1]).toBeCloseTo(expected, 15);
    // a large move between bars makes γ dominate → negative estimate → 0
    expect(corwinSchultzSpread(f64([101, 121]), f64([100, 120]))[1]).toBe(0);
  });
  it('is positive for two identical bars with a range', () => {
    // β = 2·ln(H/L)², γ = ln(H/L)² → α = (2 − √2)·ln(H/L)/k − ln(H/L)/√k > 0
    expect(corwinSchultzSpread(f64([101, 101]), f64([99, 99]))[1]).toBeGreaterThan(0);
  });
});

describe('tickRuleSignedVolume(close, volume)', () => {
  it('signs volume by the last non-zero close change; NaN until one exists', () => {
    const v = tickRuleSignedVolume(f64([10, 10, 11, 11, 9, 9]), f64([1, 2, 3, 4, 5, 6]));
    expect(v[0]).toBeNaN();
    expect(v[1]).toBeNaN();
    expect([...v.subarray(2)]).toEqual([3, 4, -5, -6]);
  });
});

describe('asOfJoin(targetTs, knownAt, values, {lagMs})', () => {
  it('takes the last row known at or before each target (ties: the later row)', () => {
    const out = asOfJoin(f64([0, 10, 15, 20, 30]), f64([10, 20, 20]), f64([1, 2, 3]));
    expect(out[0]).toBeNaN();
    expect([...out.subarray(1)]).toEqual([1, 1, 3, 3]);
  });
  it('honours a lag and unsorted targets', () => {
    expect([...asOfJoin(f64([25, 12, 31]), f64([10, 20]), f64([1, 2]), { lagMs: 5 })]).toEqual([2, NaN, 2]);
  });
  it('throws when knownAt goes backwards', () => {
    expect(() => asOfJoin(f64([1]), f64([2, 1]), f64([1, 1]))).toThrow(/non-decreasing/);
  });
});

describe('tier 3: fundingRateDelta / openInterestDelta / sentimentAsOf(barCloseTs, series)', () => {
  it('funding delta is known from the settlement time on', () => {
    const f = { name: 'f', ts: f64([100, 200, 300]), value: f64([0.01, 0.03, 0.02]) };
    const d = fundingRateDelta(f64([150, 199, 200, 299, 300]), f);
    expect(d[0]).toBeNaN(); // only one settlement known
    expect(d[1]).toBeNaN();
    expect(d[2]).toBeCloseTo(0.02, 15);
    expect(d[3]).toBeCloseTo(0.02, 15);
    expect(d[4]).toBeCloseTo(-0.01, 15);
  });
  it('oi_delta is the bar-to-bar change of the as-of open interest', () => {
    const oi = { name: 'oi', ts: f64([0, 10]), value: f64([100, 110]), availableAt: f64([5, 15]) };
    const d = openInterestDelta(f64([5, 10, 15, 20]), oi);
    expect(d[0]).toBeNaN();
    expect(d[1]).toBe(0);
    expect(d[2]).toBeCloseTo(0.1, 15);
    expect(d[3]).toBe(0);
  });
  it('sentiment is used only from its publication time (+ lag)', () => {
    const s = { name: 's', ts: f64([0, 86_400_000]), value: f64([40, 60]), availableAt: f64([86_400_000, 172_800_000]) };
    const v = sentimentAsOf(f64([86_399_999, 86_400_000, 172_800_000]), s, { publicationLagMs: 0 });
    expect(v[0]).toBeNaN();
    expect([v[1], v[2]]).toEqual([40, 60]);
    expect(sentimentAsOf(f64([172_800_000]), s, { publicationLagMs: 1 })[0]).toBe(40);
  });
});
