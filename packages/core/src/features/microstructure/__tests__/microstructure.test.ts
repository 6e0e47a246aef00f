import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BookEvents, BookSnapshots } from '../../../data/types.ts';
import { depthImbalance, multiLevelOfi, ofiTerm, orderFlowImbalance, spreadPct } from '../index.ts';

/** Builds a book (events or snapshots) from rows of [bids [[px, qty]...], asks [[px, qty]...]]. */
function book(ts: number[], rows: [number[][], number[][]][], depth: number): BookEvents {
  const n = rows.length;
  const out: BookSnapshots = {
    symbol: 'X', depth, ts: Float64Array.from(ts),
    bidPx: new Float64Array(n * depth).fill(NaN), bidQty: new Float64Array(n * depth).fill(NaN),
    askPx: new Float64Array(n * depth).fill(NaN), askQty: new Float64Array(n * depth).fill(NaN),
  };
  rows.forEach(([bids, asks], i) => {
    bids.forEach(([p, q], k) => { out.bidPx[i * depth + k] = p; out.bidQty[i * depth + k] = q; });
    asks.forEach(([p, q], k) => { out.askPx[i * depth + k] = p; out.askQty[i * depth + k] = q; });
  });
  return out;
}

describe('ofiTerm(pb, qb, pa, qa, pbPrev, qbPrev, paPrev, qaPrev)', () => {
  it('bid up adds the new bid queue; bid down removes the old one; equal bid adds the size change', () => {
    // asks unchanged (101, 5 → 101, 5) contribute 5 − 5 = 0
    expect(ofiTerm(100.5, 3, 101, 5, 100, 2, 101, 5)).toBe(3);
    expect(ofiTerm(99.5, 3, 101, 5, 100, 2, 101, 5)).toBe(-2);
    expect(ofiTerm(100, 3, 101, 5, 100, 2, 101, 5)).toBe(1);
    expect(ofiTerm(100, 1.5, 101, 5, 100, 2, 101, 5)).toBe(-0.5);
  });
  it('ask down subtracts the new ask queue; ask up adds the old one; equal ask subtracts the size change', () => {
    // bids unchanged (100, 2) contribute 0
    expect(ofiTerm(100, 2, 100.5, 4, 100, 2, 101, 5)).toBe(-4);
    expect(ofiTerm(100, 2, 101.5, 4, 100, 2, 101, 5)).toBe(5);
    expect(ofiTerm(100, 2, 101, 4, 100, 2, 101, 5)).toBe(1);
    expect(ofiTerm(100, 2, 101, 7, 100, 2, 101, 5)).toBe(-2);
  });
  it('adds both sides and gives 0 on a side with a missing level', () => {
    // bid up (+3) and ask down (−4)
    expect(ofiTerm(100.5, 3, 100.8, 4, 100, 2, 101, 5)).toBe(-1);
    expect(ofiTerm(NaN, NaN, 101, 4, 100, 2, 101, 5)).toBe(1);
    expect(ofiTerm(100, 2, 101, 4, NaN, NaN, NaN, NaN)).toBe(0);
  });
});

describe('spreadPct(snapshots) and depthImbalance(snapshots, levels)', () => {
  const s = book([1, 2, 3], [
    [[[100, 1], [99, 2], [98, 3]], [[101, 4], [102, 5], [103, 6]]],
    [[[100, 1]], [[100.5, 3]]],
    [[], [[101, 1]]],
  ], 3);
  it('spread_pct = (ask1 − bid1) / mid, NaN without both sides', () => {
    const sp = spreadPct(s);
    expect(sp[0]).toBeCloseTo(1 / 100.5, 15);
    expect(sp[1]).toBeCloseTo(0.5 / 100.25, 15);
    expect(sp[2]).toBeNaN();
  });
  it('depth_imbalance sums the best levels, missing levels count 0', () => {
    expect(Array.from(depthImbalance(s, 3))).toEqual([(6 - 15) / 21, (1 - 3) / 4, -1]);
    expect(Array.from(depthImbalance(s, 1))).toEqual([(1 - 4) / 5, (1 - 3) / 4, -1]);
    expect(() => depthImbalance(s, 4)).toThrow(/levels must be an integer in 1\.\.3/);
  });
});

describe('orderFlowImbalance(barTs, intervalMs, events, opts)', () => {
  const ev = book([1000, 1200, 1500, 2100, 2200, 4100], [
    [[[100, 2], [99, 1]], [[101, 5], [102, 1]]],
    [[[100, 3], [99, 1]], [[101, 5], [102, 1]]], // bid size +1            → +1
    [[[100.5, 1], [100, 3]], [[101, 5], [102, 1]]], // bid up, new queue 1 → +1
    [[[100.5, 1], [100, 3]], [[100.8, 2], [101, 5]]], // ask down, new queue 2 → −2 (bar 2000)
    [[[100, 3], [99, 1]], [[100.8, 2], [101, 5]]], // bid down, old queue 1 removed → −1
    [[[100, 3], [99, 1]], [[101, 1], [102, 1]]], // ask up: + old 2 (bar 4000)
  ], 2);
  const barTs = Float64Array.from([1000, 2000, 3000, 4000]);
  it('sums e_n per bar against the previous state; the first event contributes 0; empty bars are 0', () => {
    expect(Array.from(orderFlowImbalance(barTs, 1000, ev))).toEqual([2, -3, 0, 2]);
  });
  it('ignores events outside every bar and still uses them as the previous state', () => {
    // bars 2000 and 4000 only: events at 1000..1500 are outside but row 2 is the predecessor of 2100
    expect(Array.from(orderFlowImbalance(Float64Array.from([2000, 4000]), 1000, ev))).toEqual([-3, 2]);
    expect(Array.from(orderFlowImbalance(Float64Array.from([2000, 4000]), 150, ev))).toEqual([-2, 2]);
  });
  it('level 2 measures the second-best queues, and multiLevelOfi(...)[0] equals ofi', () => {
    // level 2: 1200 equal (99,1)→(99,1): 0; 1500 bid up 99→100 new 3: +3; 2100 ask down 102→101 new 5: −5;
    // 2200 bid down 100→99 old 3: −3; 4100 ask up 101→102 old 5: +5
    expect(Array.from(orderFlowImbalance(barTs, 1000, ev, { level: 2 }))).toEqual([3, -8, 0, 5]);
    const ml = multiLevelOfi(barTs, 1000, ev, 2);
    expect(ml.length).toBe(2);
    expect(Array.from(ml[0])).toEqual(Array.from(orderFlowImbalance(barTs, 1000, ev)));
    expect(Array.from(ml[1])).toEqual([3, -8, 0, 5]);
    expect(() => multiLevelOfi(barTs, 1000, ev, 3)).toThrow(/levels must be an integer in 1\.\.2/);
  });
  it('matches a naive per-bar filter on random books and bar grids (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 700 }),
      (rows, interval) => {
        rows.sort((a, b) => a[0] - b[0]);
        const e = book(rows.map((r) => r[0]), rows.map(([, db, qb, da, qa]) => [[[100 + db, qb]], [[104 + da, qa]]]), 1);
        const B = Math.ceil(5001 / interval);
        const barTs = Float64Array.from({ length: B }, (_, b) => b * interval);
        const got = orderFlowImbalance(barTs, interval, e);
        for (let b = 0; b < B; b++) {
          let s = 0;
          for (let i = 1; i < rows.length; i++) {
            if (e.ts[i] < barTs[b] || e.ts[i] >= barTs[b] + interval) continue;
            s += ofiTerm(e.bidPx[i], e.bidQty[i], e.askPx[i], e.askQty[i], e.bidPx[i - 1], e.bidQty[i - 1], e.askPx[i - 1], e.askQty[i - 1]);
          }
          if (got[b] !== s) return false;
        }
        return true;
      },
    ), { numRuns: 200 });
  });
});
