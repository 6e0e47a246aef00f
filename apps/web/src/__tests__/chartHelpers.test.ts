import { describe, expect, it } from 'vitest';
import { axisDateFormatter, countCoincident, scatterSymbolSize } from '../report/chartHelpers.ts';

describe('axisDateFormatter(first, last)', () => {
  it('leaves the year out within one year and puts it in when the span crosses one', () => {
    const t = Date.UTC(2024, 0, 2, 3, 4);
    expect(axisDateFormatter(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 31))(t)).toBe('01-02 03:04');
    expect(axisDateFormatter(Date.UTC(2023, 11, 28), Date.UTC(2024, 0, 5))(t)).toBe('2024-01-02 03:04');
    expect(axisDateFormatter(Date.UTC(2017, 7, 17), Date.UTC(2021, 11, 31))(t)).toBe('2024-01-02');
  });
});

describe('countCoincident(xs, ys)', () => {
  it('counts points sharing one coordinate (3,200 of 3,203 at one pair → one point of count 3,200)', () => {
    const xs: number[] = [], ys: number[] = [];
    for (let i = 0; i < 3200; i++) { xs.push(-0.05); ys.push(-0.12); }
    xs.push(0.01, 0.02, 0.01); ys.push(0.3, Number.NaN, 0.3);
    xs.push(0.5); ys.push(0.1);
    const p = countCoincident(xs, ys);
    expect(p).toEqual([{ x: -0.05, y: -0.12, count: 3200 }, { x: 0.01, y: 0.3, count: 2 }, { x: 0.5, y: 0.1, count: 1 }]);
    expect(p.reduce((s, q) => s + q.count, 0)).toBe(3203);
  });
  it('refuses mismatched lengths', () => {
    expect(() => countCoincident([1], [])).toThrow('same length');
  });
});

describe('scatterSymbolSize(count)', () => {
  it('is 4 px for one point, area proportional to the count, capped at 28 px', () => {
    expect(scatterSymbolSize(1)).toBe(4);
    expect(scatterSymbolSize(3)).toBeCloseTo(4 * Math.sqrt(3), 12);
    expect(scatterSymbolSize(49)).toBe(28);
    expect(scatterSymbolSize(3200)).toBe(28);
  });
});
