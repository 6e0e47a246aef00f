import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lttb } from '../lttb.ts';

/** Straightforward reference implementation (array of objects) of the same bucket rule. */
function reference(x: number[], y: number[], m: number): number[] {
  const n = x.length;
  if (m >= n || m < 3) return x.map((_, i) => i);
  const every = (n - 2) / (m - 2);
  const out = [0];
  let a = 0;
  for (let j = 0; j < m - 2; j++) {
    const start = Math.floor(j * every) + 1, end = Math.floor((j + 1) * every) + 1;
    const nEnd = j === m - 3 ? n : Math.min(n, Math.floor((j + 2) * every) + 1);
    const next = x.slice(end, nEnd).map((xi, k) => [xi, y[end + k]]);
    const ax2 = next.reduce((s, p) => s + p[0], 0) / next.length, ay2 = next.reduce((s, p) => s + p[1], 0) / next.length;
    let best = start, bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((x[a] - ax2) * (y[i] - y[a]) - (x[a] - x[i]) * (ay2 - y[a]));
      if (area > bestArea) { bestArea = area; best = i; }
    }
    out.push(best); a = best;
  }
  out.push(n - 1);
  return out;
}

describe('lttb(x, y, threshold)', () => {
  it('keeps the spike of a flat line with one peak, plus both ends', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i);
    const y = new Float64Array(10); y[4] = 5;
    const r = lttb(x, y, 4);
    // every = 8/2 = 4: bucket 0 = positions 1..4 (holds the spike), bucket 1 = 5..8
    expect(Array.from(r.index)).toEqual([0, 4, 5, 9]);
    expect(r.y[1]).toBe(5);
  });

  it('returns a copy of every point when n ≤ threshold', () => {
    const x = Float64Array.of(1, 2, 3), y = Float64Array.of(4, 5, 6);
    const r = lttb(x, y, 10);
    expect(Array.from(r.x)).toEqual([1, 2, 3]);
    expect(r.x).not.toBe(x);
  });

  it('hand case: 7 points into 4 (buckets of 2.5 points)', () => {
    // every = 5/2 = 2.5 → bucket 0 = positions 1..2, bucket 1 = positions 3..5, last = 6
    const x = Float64Array.of(0, 1, 2, 3, 4, 5, 6), y = Float64Array.of(0, 3, 1, 0, -4, 1, 0);
    const r = lttb(x, y, 4);
    // bucket 0: next-bucket mean = (3,-1); triangle with (0,0): pos1 area |0·... | → |(0−3)(3−0) − (0−1)(−1−0)| = |−9 − 1| = 10; pos2: |(−3)(1) − (−2)(−1)| = 5 → pos 1
    // bucket 1: a = (1,3), next = (6,0): pos3 |(1−6)(0−3) − (1−3)(0−3)| = |15 − 6| = 9; pos4 |(−5)(−7) − (−3)(−3)| = 26; pos5 |(−5)(−2) − (−4)(−3)| = 2 → pos 4
    expect(Array.from(r.index)).toEqual([0, 1, 4, 6]);
    expect(Array.from(r.y)).toEqual([0, 3, -4, 0]);
  });

  it('matches a reference implementation and never mutates inputs (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 300 }),
      fc.integer({ min: 3, max: 50 }),
      (ys, m) => {
        const x = Float64Array.from(ys, (_, i) => i * 60_000), y = Float64Array.from(ys);
        const before = Array.from(y);
        const r = lttb(x, y, m);
        expect(Array.from(r.index)).toEqual(reference(Array.from(x), ys, m));
        expect(Array.from(y)).toEqual(before);
        for (let k = 1; k < r.index.length; k++) expect(r.index[k]).toBeGreaterThan(r.index[k - 1]);
      },
    ), { numRuns: 200 });
  });

  it('skips non-finite y when choosing within a bucket', () => {
    const x = Float64Array.of(0, 1, 2, 3, 4), y = Float64Array.of(0, NaN, 2, 1, 0);
    const r = lttb(x, y, 3);
    expect(Array.from(r.index)).toEqual([0, 2, 4]);
  });
});
