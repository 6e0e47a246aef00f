import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { sharedDataPath } from '@skippy/io';
import { logReturn } from '../price/logReturn.ts';
import { momentum } from '../price/momentum.ts';
import { averageTrueRange, trueRange } from '../price/averageTrueRange.ts';
import { rollingZScore } from '../price/rollingZScore.ts';

const f64 = (xs: number[]) => Float64Array.from(xs);

/** Naive two-pass z-score (sample std), the independent reference. */
function naiveZ(x: Float64Array, w: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let t = w - 1; t < x.length; t++) {
    let s = 0;
    for (let j = t - w + 1; j <= t; j++) s += x[j];
    const m = s / w;
    let q = 0;
    let allEqual = true;
    for (let j = t - w + 1; j <= t; j++) {
      q += (x[j] - m) ** 2;
      if (x[j] !== x[t]) allEqual = false;
    }
    out[t] = allEqual ? 0 : (x[t] - m) / Math.sqrt(q / (w - 1));
  }
  return out;
}

function expectClose(a: Float64Array, b: Float64Array, rel: number) {
  expect(a.length).toBe(b.length);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Number.isNaN(b[i]) ? (Number.isNaN(a[i]) ? 0 : Infinity) : Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
    if (!(err <= worstErr)) {
      worstErr = err;
      worst = i;
    }
  }
  expect(worstErr, `row ${worst}: ${a[worst]} vs ${b[worst]}`).toBeLessThanOrEqual(rel);
}

describe('logReturn(close, k)', () => {
  it('is ln(c_t / c_{t-k}) with NaN for t < k', () => {
    const r = logReturn(f64([100, 110, 121, 100]), 2);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeNaN();
    expect(r[2]).toBeCloseTo(Math.log(1.21), 15);
    expect(r[3]).toBeCloseTo(Math.log(100 / 110), 15);
  });
  it('returns all NaN when k ≥ n and throws on k ≤ 0', () => {
    expect([...logReturn(f64([1, 2]), 5)].every(Number.isNaN)).toBe(true);
    expect(() => logReturn(f64([1, 2]), 0)).toThrow(/k must be a positive integer/);
  });
});

describe('momentum(close, k)', () => {
  it('is c_t / c_{t-k} − 1', () => {
    const m = momentum(f64([100, 50, 125, 200]), 2);
    expect(m[1]).toBeNaN();
    expect(m[2]).toBeCloseTo(0.25, 15);
    expect(m[3]).toBeCloseTo(3, 15);
  });
});

describe('averageTrueRange(high, low, close, {window, smoothing})', () => {
  // TR_1 = max(12-9, |12-10|, |9-10|) = 3; TR_2 = max(11-10, |11-11|, |10-11|) = 1; TR_3 = max(14-12, |14-10|, |12-10|) = 4
  const high = f64([11, 12, 11, 14, 13]);
  const low = f64([9, 9, 10, 12, 12]);
  const close = f64([10, 11, 10, 13, 12.5]);
  it("wilder: first value at t = w is mean(TR_1..TR_w), then (ATR·(w−1) + TR)/w", () => {
    const a = averageTrueRange(high, low, close, { window: 2 });
    expect(a[0]).toBeNaN();
    expect(a[1]).toBeNaN();
    expect(a[2]).toBe(2); // (3 + 1) / 2
    expect(a[3]).toBe(3); // (2·1 + 4) / 2
    // TR_4 = max(1, |13-13|, |12-13|) = 1 → (3 + 1)/2
    expect(a[4]).toBe(2);
  });
  it('sma: mean of the last w true ranges', () => {
    const a = averageTrueRange(high, low, close, { window: 2, smoothing: 'sma' });
    expect([a[2], a[3], a[4]]).toEqual([2, 2.5, 2.5]);
  });
  it('trueRange(h, l, prevClose) uses the gap to the previous close', () => {
    expect(trueRange(14, 12, 10)).toBe(4);
    expect(trueRange(9, 8, 10)).toBe(2);
  });
  it('sma equals a naive window mean on random data (recompute path included)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 1, max: 2, noNaN: true }), { minLength: 30, maxLength: 3000 }), fc.integer({ min: 1, max: 25 }), (xs, w) => {
      const c = Float64Array.from(xs);
      const h = c.map((v) => v * 1.01);
      const l = c.map((v) => v * 0.99);
      const a = averageTrueRange(h, l, c, { window: w, smoothing: 'sma' });
      for (let t = w; t < c.length; t += 37) {
        let s = 0;
        for (let j = t - w + 1; j <= t; j++) s += trueRange(h[j], l[j], c[j - 1]);
        expect(Math.abs(a[t] - s / w)).toBeLessThan(1e-12);
      }
    }), { numRuns: 30 });
  });
});

describe('rollingZScore(x, w)', () => {
  it('uses the sample std (n−1) over the window including t', () => {
    // window [1, 2, 3]: mean 2, sample std 1 → z = 1
    const z = rollingZScore(f64([1, 2, 3, 3, 3, 3]), 3);
    expect(z[0]).toBeNaN();
    expect(z[1]).toBeNaN();
    expect(z[2]).toBe(1);
    // window [2, 3, 3]: mean 8/3, std sqrt(1/3) → (3 − 8/3)/sqrt(1/3)
    expect(z[3]).toBeCloseTo((3 - 8 / 3) / Math.sqrt(1 / 3), 14);
    expect(z[5]).toBe(0); // constant window → 0
  });
  it('is 0 for a constant window of an inexact decimal', () => {
    const z = rollingZScore(new Float64Array(200).fill(50000.1), 20);
    expect(z[19]).toBe(0);
    expect(z[199]).toBe(0);
  });
  it('matches a naive two-pass on random walks with flat stretches (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 10, maxLength: 2000 }), fc.integer({ min: 2, max: 30 }), (steps, w) => {
      let p = 10000;
      const x = Float64Array.from(steps, (s) => (p += s * 0.1));
      expectClose(rollingZScore(x, w), naiveZ(x, w), 1e-9);
    }), { numRuns: 60 });
  });
  it('NaN inside the window gives NaN until it leaves', () => {
    const z = rollingZScore(f64([1, 2, NaN, 4, 5, 6, 7]), 3);
    expect([z[2], z[3], z[4]].every(Number.isNaN)).toBe(true);
    expect(z[5]).toBe(1);
  });
});

const btcPath = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
describe.runIf(btcPath)('rollingZScore on real BTC 1m closes (needs ../shared/data)', () => {
  it('matches a naive two-pass to 1e-9 relative for w = 5 and 20', () => {
    const rows = JSON.parse(gunzipSync(readFileSync(btcPath!)).toString('utf8')) as number[][];
    const close = Float64Array.from(rows, (r) => r[4]);
    expect(close.length).toBeGreaterThan(40_000);
    for (const w of [5, 20]) expectClose(rollingZScore(close, w), naiveZ(close, w), 1e-9);
  });
});
