import { describe, expect, it } from 'vitest';
import { averageActiveBets, betSizeFromProbability, discreteBetSize } from '../index.ts';
import { createRng } from '../../util/rng.ts';

describe('betSizeFromProbability(p)', () => {
  it('m = 2Φ(z) − 1 with z = (p − ½)/√(p(1 − p)) (reference: scipy norm.cdf and mpmath erf(z/√2))', () => {
    // p = 0.6: z = 0.1/√0.24 = √(1/24) = 0.20412414523193148, m = erf(z/√2) = 0.161743513614173694…
    expect(betSizeFromProbability(0.6)).toBeCloseTo(0.1617435136141737, 15);
    expect(betSizeFromProbability(0.55)).toBeCloseTo(0.08005561918299264, 15); // z = 0.10050378152592129
    expect(betSizeFromProbability(0.9)).toBeCloseTo(0.8175775605482642, 15); // z = 4/3
    expect(betSizeFromProbability(0.3)).toBeCloseTo(-0.3374794164599426, 15); // z = −0.4364357804719848
    expect(betSizeFromProbability(0.99)).toBeCloseTo(0.9999991550377108, 14); // z = 4.924685294770137
  });
  it('is 0 at p = ½, ±1 at p = 1 and 0, odd around ½, NaN outside [0, 1]', () => {
    expect(betSizeFromProbability(0.5)).toBe(0);
    expect(betSizeFromProbability(1)).toBe(1);
    expect(betSizeFromProbability(0)).toBe(-1);
    expect(betSizeFromProbability(0.2)).toBeCloseTo(-betSizeFromProbability(0.8), 15);
    for (const p of [-0.1, 1.0001, Number.NaN]) expect(betSizeFromProbability(p)).toBeNaN();
  });
});

describe('averageActiveBets(start, end, size, nBars)', () => {
  it('averages the sizes of the bets with start ≤ t < end, 0 when none (hand-computed)', () => {
    // bets: [1,4) +1, [2,3) −0.5, [0,2) +0.5, [5,9) −0.2 (cut at 6), [3,3) 7 (never active)
    const out = averageActiveBets(Int32Array.from([1, 2, 0, 5, 3]), Int32Array.from([4, 3, 2, 9, 3]), Float64Array.from([1, -0.5, 0.5, -0.2, 7]), 6);
    // t=0: 0.5 | t=1: (1 + 0.5)/2 | t=2: (1 − 0.5)/2 | t=3: 1 | t=4: none | t=5: −0.2
    expect([...out]).toEqual([0.5, 0.75, 0.25, 1, 0, -0.2]);
  });
  it('matches a naive per-bar scan on random unsorted bets and ignores their order', () => {
    const rng = createRng(7);
    const n = 60, nBars = 50;
    const start = Int32Array.from({ length: n }, () => Math.floor(rng.next() * nBars));
    const end = Int32Array.from(start, (s) => s + Math.floor(rng.next() * 12));
    const size = Float64Array.from({ length: n }, () => 2 * rng.next() - 1);
    const out = averageActiveBets(start, end, size, nBars);
    for (let t = 0; t < nBars; t++) {
      let s = 0, c = 0;
      for (let i = 0; i < n; i++) if (start[i] <= t && t < end[i]) { s += size[i]; c++; }
      expect(out[t]).toBeCloseTo(c > 0 ? s / c : 0, 12);
    }
    const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
    const rev = averageActiveBets(Int32Array.from(perm, (i) => start[i]), Int32Array.from(perm, (i) => end[i]), Float64Array.from(perm, (i) => size[i]), nBars);
    rev.forEach((v, t) => expect(v).toBeCloseTo(out[t], 12));
  });
  it('is causal when end is fixed at start: bets opened after t0 do not change bars ≤ t0', () => {
    const rng = createRng(9);
    const n = 40, nBars = 30, hold = 5, t0 = 14;
    const start = Int32Array.from({ length: n }, () => Math.floor(rng.next() * nBars));
    const end = Int32Array.from(start, (s) => s + hold);
    const size = Float64Array.from({ length: n }, () => 2 * rng.next() - 1);
    const a = averageActiveBets(start, end, size, nBars);
    const size2 = Float64Array.from(size, (x, i) => (start[i] > t0 ? -x * 3 : x));
    const b = averageActiveBets(start, end, size2, nBars);
    expect([...b.subarray(0, t0 + 1)]).toEqual([...a.subarray(0, t0 + 1)]);
  });
  it('throws on mismatched lengths, a negative start or a non-finite size', () => {
    expect(() => averageActiveBets(new Int32Array(2), new Int32Array(1), new Float64Array(2), 3)).toThrow(/same length/);
    expect(() => averageActiveBets(Int32Array.from([-1]), Int32Array.from([2]), Float64Array.from([1]), 3)).toThrow(/start\[0\]/);
    expect(() => averageActiveBets(Int32Array.from([0]), Int32Array.from([2]), Float64Array.from([Number.NaN]), 3)).toThrow(/size\[0\]/);
  });
});

describe('discreteBetSize(m, step)', () => {
  it('round(m/step)·step clipped to [−1, 1], halves to even (pandas round)', () => {
    expect(discreteBetSize(0.16, 0.1)).toBeCloseTo(0.2, 15);
    expect(discreteBetSize(0.14, 0.1)).toBeCloseTo(0.1, 15);
    expect(discreteBetSize(0.25, 0.5)).toBe(0); // 0.5 → 0
    expect(discreteBetSize(0.75, 0.5)).toBe(1); // 1.5 → 2 → 1
    expect(discreteBetSize(-0.75, 0.5)).toBe(-1); // −1.5 → −2 → −1
    expect(discreteBetSize(1, 0.4)).toBeCloseTo(0.8, 15); // 2.5 → 2
    expect(discreteBetSize(0.95, 0.6)).toBe(1); // 1.58 → 2 → 1.2 → clipped to 1
    expect(discreteBetSize(-0.95, 0.6)).toBe(-1);
    expect(discreteBetSize(-0.04, 0.1)).toBe(0); // not −0
    expect(discreteBetSize(0.3, 1)).toBe(0);
    expect(discreteBetSize(Number.NaN, 0.1)).toBeNaN();
  });
  it('throws unless step is in (0, 1]', () => {
    expect(() => discreteBetSize(0.5, 0)).toThrow(/step/);
    expect(() => discreteBetSize(0.5, 1.5)).toThrow(/step/);
  });
});
