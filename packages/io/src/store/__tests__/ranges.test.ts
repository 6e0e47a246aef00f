import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coverageRanges, gapStats, missingRanges } from '../ranges.ts';

describe('coverageRanges(ts, intervalMs)', () => {
  it('splits at gaps; each range ends at the last bar close', () => {
    expect(coverageRanges(Float64Array.of(0, 60, 120, 300, 360, 600), 60)).toEqual([[0, 180], [300, 420], [600, 660]]);
    expect(coverageRanges(new Float64Array(0), 60)).toEqual([]);
  });
});

describe('gapStats(ts, intervalMs)', () => {
  it('counts gaps and the bars missing in them', () => {
    expect(gapStats(Float64Array.of(0, 60, 120, 300, 360, 600), 60)).toEqual({ gaps: 2, missingBars: 2 + 3 });
  });
});

describe('missingRanges(coverage, start, end)', () => {
  it('hand cases', () => {
    expect(missingRanges([[100, 200], [300, 400]], 0, 500)).toEqual([[0, 100], [200, 300], [400, 500]]);
    expect(missingRanges([[100, 200], [300, 400]], 150, 350)).toEqual([[200, 300]]);
    expect(missingRanges([[100, 200]], 100, 200)).toEqual([]);
    expect(missingRanges([], 5, 10)).toEqual([[5, 10]]);
  });
  it('property: missing ∪ covered∩[start,end) tiles [start, end) exactly, on a bar grid', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), fc.nat(59), fc.nat(60), (present, a, len) => {
      const ts = Float64Array.from(present.flatMap((p, i) => (p ? [i] : [])));
      const start = a, end = Math.min(60, a + len);
      const miss = missingRanges(coverageRanges(ts, 1), start, end);
      for (let t = start; t < end; t++) {
        const inMissing = miss.some(([x, y]) => t >= x && t < y);
        expect(inMissing).toBe(!(t < present.length && present[t]));
      }
    }));
  });
});
