import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSideCsv } from '../parseSideCsv.ts';
import { labelsToCsv } from '../labelsToCsv.ts';
import { cusumEvents } from '../cusumEvents.ts';
import { movingAverageSide } from '../movingAverageSide.ts';
import { rollingReturnStd } from '../rollingReturnStd.ts';
import { labelsConfigToOptions } from '../labelsConfigToOptions.ts';
import { validateLabelInput } from '../validateLabelInput.ts';
import { experimentSchema } from '../../config/schema.ts';
import { tripleBarrierLabels } from '../tripleBarrierLabels.ts';

const ts = Float64Array.from([1000, 2000, 3000]);

describe('parseSideCsv(text, barTs, source)', () => {
  it('reads ts,side or side-only files', () => {
    expect([...parseSideCsv('ts,side\n1000,1\n2000,-1\n3000,0\n', ts, 's.csv')]).toEqual([1, -1, 0]);
    expect([...parseSideCsv('side\n1\n1\n-1\n', ts, 's.csv')]).toEqual([1, 1, -1]);
  });
  it('rejects files that do not line up with the bars', () => {
    expect(() => parseSideCsv('ts,side\n1000,1\n2000,1\n', ts, 's.csv')).toThrow(/s\.csv: expected one side per bar \(3 rows\), got 2/);
    expect(() => parseSideCsv('ts,side\n1000,1\n2500,1\n3000,1\n', ts, 's.csv')).toThrow(/s\.csv:3: ts: expected 2000/);
    expect(() => parseSideCsv('ts,side\n1000,1\n2000,2\n3000,1\n', ts, 's.csv')).toThrow(/s\.csv:3: side: expected -1, 0 or 1, got "2"/);
    expect(() => parseSideCsv('ts,dir\n1000,1\n', ts, 's.csv')).toThrow(/s\.csv:1: expected a header with a `side` column/);
  });
});

describe('cusumEvents(close, threshold)', () => {
  it('fires when the cumulative log return passes ±h and resets', () => {
    const close = Float64Array.from([100, 100.5, 101, 101.5, 100.5, 99.5]);
    // log returns ≈ .00499, .00496, .00494 (S+ = .0149 > .01 at t = 3 → event, reset), −.00990, −.01000 (S− = −.0199 < −.01 at t = 5)
    expect([...cusumEvents(close, 0.01)]).toEqual([3, 5]);
  });
});

describe('movingAverageSide(close, window)', () => {
  it('is the sign of c_t − SMA_w(t), 0 in the warm-up', () => {
    // SMA_3: t2 = 2 (c 3 → +1), t3 = 7/3 (c 2 → −1), t4 = 7/3 (c 2 → −1)
    expect([...movingAverageSide(Float64Array.from([1, 2, 3, 2, 2]), 3)]).toEqual([0, 0, 1, -1, -1]);
  });
  it('matches a naive SMA on long random series (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 40 }), (xs, w) => {
      const c = Float64Array.from(xs);
      const s = movingAverageSide(c, w);
      for (let t = w - 1; t < c.length; t += 13) {
        let m = 0;
        for (let j = t - w + 1; j <= t; j++) m += c[j];
        m /= w;
        expect(s[t]).toBe(c[t] > m + 1e-9 ? 1 : c[t] < m - 1e-9 ? -1 : 0);
      }
    }), { numRuns: 30 });
  });
});

describe('rollingReturnStd(close, w)', () => {
  it('is the sample std of simple returns, first value at t = w, and matches a naive pass (fast-check)', () => {
    const s = rollingReturnStd(Float64Array.from([100, 110, 99, 99]), 2);
    expect(s[1]).toBeNaN();
    const r1 = 0.1, r2 = 99 / 110 - 1;
    expect(s[2]).toBeCloseTo(Math.abs(r1 - r2) / Math.SQRT2, 14);
    fc.assert(fc.property(fc.array(fc.double({ min: 0.99, max: 1.01, noNaN: true }), { minLength: 3, maxLength: 3000 }), fc.integer({ min: 2, max: 50 }), (g, w) => {
      let p = 100;
      const c = Float64Array.from(g, (x) => (p *= x));
      const out = rollingReturnStd(c, w);
      for (let t = w; t < c.length; t += 17) {
        const r: number[] = [];
        for (let j = t - w + 1; j <= t; j++) r.push(c[j] / c[j - 1] - 1);
        const m = r.reduce((a, b) => a + b, 0) / w;
        const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
        expect(Math.abs(out[t] - sd)).toBeLessThan(1e-12);
      }
    }), { numRuns: 30 });
  });
});

describe('labelsConfigToOptions(config) / validateLabelInput(bars, options, source)', () => {
  it('maps the default labels config', () => {
    const o = labelsConfigToOptions(experimentSchema.parse({}).labels);
    expect(o).toMatchObject({ horizons: [10, 20, 50], multiplier: 2, pt: 1, sl: 1, minReturn: 0.001, touch: 'close', ambiguity: 'sl_first', volatility: { kind: 'atr', window: 20, smoothing: 'wilder' } });
  });
  it('rejects horizons and windows longer than the data and NaN prices', () => {
    const c = Float64Array.from([1, 2, 3, 4]);
    const bars = { symbol: 'T', intervalMs: 1, ts: c, open: c, high: c, low: c, close: c, volume: c };
    expect(() => validateLabelInput(bars, { horizons: [2, 4] }, 'f')).toThrow(/labels\.max_holding_periods\[1\]: expected a horizon shorter than the data \(4 bars\), got 4/);
    expect(() => validateLabelInput(bars, { horizons: [0] }, 'f')).toThrow(/max_holding_periods\[0\]: expected a positive integer, got 0/);
    expect(() => validateLabelInput(bars, { horizons: [1], volatility: { kind: 'std', window: 5 } }, 'f')).toThrow(/window shorter than the data/);
    const bad = { ...bars, close: Float64Array.from([1, NaN, 3, 4]) };
    expect(() => validateLabelInput(bad, { horizons: [1] }, 'f')).toThrow(/f: bar 2 .*close: expected a positive finite price, got NaN/);
  });
});

describe('labelsToCsv(sets)', () => {
  it('writes the documented columns, barrier as pt|sl|vb', () => {
    const c = Float64Array.from([128, 128, 129, 127, 127]);
    const bars = { symbol: 'T', intervalMs: 1, ts: Float64Array.from([10, 11, 12, 13, 14]), open: c, high: c, low: c, close: c, volume: c };
    const sets = tripleBarrierLabels(bars, { horizons: [1], multiplier: 1, volatility: { kind: 'atr', window: 1 }, minReturn: 0, side: Int8Array.from([1, 1, 1, -1, 1]) });
    const csv = labelsToCsv(sets).trim().split('\n');
    expect(csv[0]).toBe('horizon,t0,t1,t0_idx,t1_idx,barrier,ret,label,trgt,side,meta');
    expect(csv[1]).toBe(`1,11,12,1,2,pt,${129 / 128 - 1},1,0,1,1`);
    expect(csv[2]).toBe(`1,12,13,2,3,sl,${127 / 129 - 1},-1,${1 / 129},1,0`);
  });
});
