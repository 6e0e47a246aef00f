import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BookSide } from '../bookSide.ts';

/** The visible book of a reference Map, best first. */
function reference(m: Map<number, number>, sign: 1 | -1, levels: number): [number[], number[]] {
  const prices = [...m.keys()].sort((a, b) => sign * (b - a)).slice(0, levels);
  const px = prices.concat(Array(levels - prices.length).fill(NaN));
  const qty = prices.map((p) => m.get(p)!).concat(Array(levels - prices.length).fill(NaN));
  return [px, qty];
}

describe('BookSide.set(price, qty) / writeTop(levels, ...)', () => {
  it('keeps bids best-first and removes levels at qty 0 (absent removals are no-ops)', () => {
    const b = new BookSide(1, 2);
    for (const [p, q] of [[100, 1], [99, 2], [101, 3], [98, 4], [99, 0], [97, 0], [101, 5]] as const) b.set(p, q);
    const px = new Float64Array(5), qty = new Float64Array(5);
    b.writeTop(5, px, qty, 0);
    expect(Array.from(px)).toEqual([101, 100, 98, NaN, NaN]);
    expect(Array.from(qty)).toEqual([5, 1, 4, NaN, NaN]);
    expect(b.bestPrice()).toBe(101);
    expect(b.size).toBe(3);
    const a = new BookSide(-1);
    for (const [p, q] of [[101, 1], [103, 2], [102, 3], [101, 0]] as const) a.set(p, q);
    a.writeTop(2, px, qty, 1);
    expect(Array.from(px.subarray(1, 3))).toEqual([102, 103]);
    expect(a.bestPrice()).toBe(102);
  });

  it('matches a Map-based book after any sequence of updates, tombstones and compactions included (property)', () => {
    fc.assert(fc.property(
      fc.constantFrom<1 | -1>(1, -1),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 50 }))), { minLength: 200, maxLength: 2000 }),
      fc.integer({ min: 1, max: 12 }),
      (sign, ops, levels) => {
        const side = new BookSide(sign, 4);
        const ref = new Map<number, number>();
        const px = new Float64Array(levels), qty = new Float64Array(levels);
        for (let i = 0; i < ops.length; i++) {
          const [p, q] = ops[i];
          side.set(p / 4, q / 8);
          if (q === 0) ref.delete(p / 4); else ref.set(p / 4, q / 8);
          if (i % 7 === 0 || i === ops.length - 1) {
            side.writeTop(levels, px, qty, 0);
            const [rp, rq] = reference(ref, sign, levels);
            expect(Array.from(px)).toEqual(rp);
            expect(Array.from(qty)).toEqual(rq);
            expect(side.size).toBe(ref.size);
            expect(side.bestPrice()).toEqual(ref.size ? rp[0] : NaN);
          }
        }
      },
    ), { numRuns: 25 });
  });
});
