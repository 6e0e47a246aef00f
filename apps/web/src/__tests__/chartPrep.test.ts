import { describe, expect, it } from 'vitest';
import { drawdownSeries, heatmapMatrix, histogram, overlayEquities, prepareEquity } from '../workers/chartPrep.ts';

describe('drawdownSeries(equity)', () => {
  it('is equity / running peak − 1 (≤ 0)', () => {
    const dd = drawdownSeries(Float64Array.from([100, 110, 99, 121, 60.5]));
    expect(Array.from(dd)).toEqual([0, 0, 99 / 110 - 1, 0, -0.5]);
  });
  it('does not mutate its input', () => {
    const e = Float64Array.from([1, 2, 1]);
    drawdownSeries(e);
    expect(Array.from(e)).toEqual([1, 2, 1]);
  });
});

describe('prepareEquity(ts, equity, threshold)', () => {
  it('downsamples a million points to the threshold and keeps the full-series max drawdown', () => {
    const n = 1_000_000;
    const ts = new Float64Array(n), eq = new Float64Array(n);
    for (let i = 0; i < n; i++) { ts[i] = i * 60_000; eq[i] = 100_000 + 1000 * Math.sin(i / 5000) + i * 0.01; }
    eq[500_000] = 50_000; // one deep spike LTTB must keep and the drawdown must see
    const r = prepareEquity(ts, eq, 1000);
    expect(r.equity.x.length).toBe(1000);
    expect(r.drawdown.y.length).toBe(1000);
    expect(r.points).toBe(n);
    expect(r.equity.x[0]).toBe(0);
    expect(r.equity.x[999]).toBe(ts[n - 1]);
    expect(Array.from(r.equity.y)).toContain(50_000);
    let peak = -Infinity;
    for (let i = 0; i < 500_000; i++) peak = Math.max(peak, eq[i]);
    expect(r.maxDrawdown).toBeCloseTo(50_000 / peak - 1, 6);
    expect(r.maxDrawdownAt).toBe(ts[500_000]);
  });
  it('returns copies when the series is shorter than the threshold', () => {
    const ts = Float64Array.from([1, 2, 3]), eq = Float64Array.from([1, 0.5, 1]);
    const r = prepareEquity(ts, eq, 100);
    expect(Array.from(r.equity.y)).toEqual([1, 0.5, 1]);
    expect(Array.from(r.drawdown.y)).toEqual([0, -0.5, 0]);
    expect(r.equity.y).not.toBe(eq);
  });
});

describe('overlayEquities(curves, threshold)', () => {
  it('rebases each curve to 1 at its first point', () => {
    const [a] = overlayEquities([{ x: Float64Array.from([0, 1, 2]), y: Float64Array.from([200, 220, 180]) }], 10);
    expect(Array.from(a.y)).toEqual([1, 1.1, 0.9]);
  });
});

describe('heatmapMatrix(ts, values, rows, maxColumns)', () => {
  it('averages each time bucket per asset and ignores NaN', () => {
    // 4 times × 2 assets, row-major
    const ts = Float64Array.from([0, 1, 2, 3]);
    const v = Float64Array.from([1, 10, 3, NaN, 5, 50, 7, 70]);
    const r = heatmapMatrix(ts, v, 2, 2);
    expect(r.columns).toBe(2);
    expect(Array.from(r.bucketTs)).toEqual([0, 2]);
    expect(Array.from(r.cells)).toEqual([0, 0, 2, 0, 1, 10, 1, 0, 6, 1, 1, 60]);
    expect(r.min).toBe(2);
    expect(r.max).toBe(60);
  });
  it('throws when values do not match ts × rows', () => {
    expect(() => heatmapMatrix(Float64Array.from([0, 1]), new Float64Array(3), 2, 2)).toThrow(/values.length/);
  });
});

describe('histogram(values, bins, range?)', () => {
  it('counts into equal-width bins, the maximum in the last bin, non-finite skipped', () => {
    const h = histogram(Float64Array.from([0, 0.5, 1, 1.5, 2, NaN]), 2);
    expect(Array.from(h.edges)).toEqual([0, 1, 2]);
    expect(Array.from(h.counts)).toEqual([2, 3]);
    expect(h.skipped).toBe(1);
  });
  it('handles a constant series', () => {
    const h = histogram(Float64Array.from([3, 3, 3]), 4);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
