import { describe, expect, it } from 'vitest';
import type { BarSeries } from '@skippy/core';
import { mergeBars } from '../mergeBars.ts';

function bars(ts: number[], close: number[], extra?: Record<string, number[]>): BarSeries {
  const f = (a: number[]) => Float64Array.from(a);
  return {
    symbol: 'BTC', intervalMs: 60, ts: f(ts), open: f(close), high: f(close), low: f(close), close: f(close), volume: f(close.map(() => 1)),
    ...(extra ? { columns: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, f(v)])) } : {}),
  };
}

describe('mergeBars(stored, incoming)', () => {
  it('sorts, dedupes by ts (incoming wins; last duplicate of incoming wins) and counts added/replaced', () => {
    const stored = bars([0, 60, 120], [1, 2, 3]);
    const incoming = bars([180, 60, 240, 180], [40, 20, 50, 41]);
    const r = mergeBars(stored, incoming);
    expect(Array.from(r.bars.ts)).toEqual([0, 60, 120, 180, 240]);
    expect(Array.from(r.bars.close)).toEqual([1, 20, 3, 41, 50]);
    expect(r.added).toBe(2);
    expect(r.replaced).toBe(1);
    expect(Array.from(stored.close)).toEqual([1, 2, 3]); // not mutated
  });
  it('unions extra columns, NaN where a side lacks one; null stored', () => {
    const r = mergeBars(bars([0], [1], { trades: [7] }), bars([60], [2]));
    expect(Array.from(r.bars.columns!.trades)).toEqual([7, NaN]);
    expect(mergeBars(null, bars([60, 0], [2, 1])).bars.ts).toEqual(Float64Array.of(0, 60));
  });
});
