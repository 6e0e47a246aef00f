import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planFetch } from '../planFetch.ts';
import { coverageRanges } from '../../store/ranges.ts';

describe('planFetch(coverage, {start, end, intervalMs, limit})', () => {
  it('pages each missing range from its start: calls = Σ ceil(bars / limit)', () => {
    const p = planFetch([[100, 200]], { start: 0, end: 500, intervalMs: 10, limit: 4 });
    expect(p.missing).toEqual([[0, 100], [200, 500]]);
    expect(p.missingBars).toBe(10 + 30);
    expect(p.pages.length).toBe(3 + 8);
    expect(p.pages[0]).toEqual({ since: 0, bars: 4, lastOpen: 30 });
    expect(p.pages[2]).toEqual({ since: 80, bars: 2, lastOpen: 90 });
    expect(p.pages[3]).toEqual({ since: 200, bars: 4, lastOpen: 230 });
  });
  it('snaps to the grid and plans nothing for a covered range', () => {
    expect(planFetch([[0, 1000]], { start: 5, end: 995, intervalMs: 10, limit: 1000 }).pages).toEqual([]);
    expect(planFetch([], { start: 5, end: 36, intervalMs: 10, limit: 1000 }).missing).toEqual([[10, 30]]);
  });
  it('property: pages tile exactly the missing bars, never a stored one', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { maxLength: 80 }), fc.integer({ min: 1, max: 7 }), (present, limit) => {
      const ts = Float64Array.from(present.flatMap((p, i) => (p ? [i * 10] : [])));
      const plan = planFetch(coverageRanges(ts, 10), { start: 0, end: 800, intervalMs: 10, limit });
      const fetched: number[] = [];
      for (const pg of plan.pages) {
        expect(pg.bars).toBeLessThanOrEqual(limit);
        for (let t = pg.since; t <= pg.lastOpen; t += 10) fetched.push(t);
      }
      const want: number[] = [];
      for (let i = 0; i < 80; i++) if (!present[i]) want.push(i * 10);
      expect(fetched).toEqual(want);
      expect(plan.missingBars).toBe(want.length);
    }));
  });
});
