/** overfittingPrep (run in the chart worker): the histogram and scatter figures the overfitting section shows. */
import { describe, expect, it } from 'vitest';
import { overfittingPrep } from '../workers/chartPrep.ts';

describe('overfittingPrep(logits, is, oos, bins, maxDrawn)', () => {
  it('counts coincident pairs, spans, totals and bins by hand', () => {
    const logits = Float64Array.from([-1, -0.5, 0, 0.5, 1, Number.NaN]);
    // pairs: (1,2)×3, (0.5,-1)×1, (2,0)×2, one non-finite pair dropped
    const is = Float64Array.from([1, 0.5, 1, 2, 1, 2, Number.NaN]);
    const oos = Float64Array.from([2, -1, 2, 0, 2, 0, 1]);
    const p = overfittingPrep(logits, is, oos, 4, 4000);
    expect(Array.from(p.hist.edges)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(Array.from(p.hist.counts)).toEqual([1, 1, 1, 2]);
    expect(p.hist.skipped).toBe(1);
    expect(Array.from(p.x)).toEqual([1, 0.5, 2]);
    expect(Array.from(p.y)).toEqual([2, -1, 0]);
    expect(Array.from(p.count)).toEqual([3, 1, 2]);
    expect({ distinct: p.distinct, total: p.total, maxCount: p.maxCount, lo: p.lo, hi: p.hi }).toEqual({ distinct: 3, total: 6, maxCount: 3, lo: 0.5, hi: 2 });
  });

  it('thins to every ⌈distinct / maxDrawn⌉-th distinct point but keeps totals and span over all of them', () => {
    const n = 10;
    const is = Float64Array.from({ length: n }, (_, i) => i);
    const oos = Float64Array.from({ length: n }, (_, i) => -i);
    const p = overfittingPrep(new Float64Array(0), is, oos, 2, 4);
    // step ⌈10 / 4⌉ = 3: points 0, 3, 6, 9
    expect(Array.from(p.x)).toEqual([0, 3, 6, 9]);
    expect(Array.from(p.y)).toEqual([-0, -3, -6, -9]);
    expect({ distinct: p.distinct, total: p.total, lo: p.lo, hi: p.hi }).toEqual({ distinct: 10, total: 10, lo: 0, hi: 9 });
  });

  it('no pairs: nothing drawn, an infinite span', () => {
    const p = overfittingPrep(new Float64Array(0), new Float64Array(0), new Float64Array(0), 3, 10);
    expect(p.x.length).toBe(0);
    expect(p.distinct).toBe(0);
    expect(p.lo).toBe(Infinity);
  });
});
