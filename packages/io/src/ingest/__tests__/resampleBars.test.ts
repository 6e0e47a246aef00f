import { describe, expect, it } from 'vitest';
import { syntheticBars } from '@skippy/core/data';
import { resampleBars } from '../resampleBars.ts';

describe('resampleBars(bars, intervalMs)', () => {
  it('aggregates 1m → 5m on the UTC grid (first open, max high, min low, last close, summed volume)', () => {
    const m = syntheticBars({ seed: 2, bars: 13, symbols: ['BTC'], startMs: 1_704_067_200_000 + 2 * 60_000 }).BTC; // starts at :02
    const r = resampleBars(m, 300_000);
    // bars :02..:14 → complete buckets [:05, :10) and [:10, :15); the partial [:00, :05) bucket (3 bars) is dropped
    expect(Array.from(r.ts)).toEqual([1_704_067_200_000 + 300_000, 1_704_067_200_000 + 600_000]);
    const a = 3; // index of :05 in m
    expect(r.open[0]).toBe(m.open[a]);
    expect(r.close[0]).toBe(m.close[a + 4]);
    expect(r.high[0]).toBe(Math.max(...m.high.subarray(a, a + 5)));
    expect(r.low[0]).toBe(Math.min(...m.low.subarray(a, a + 5)));
    expect(r.volume[0]).toBeCloseTo(m.volume.subarray(a, a + 5).reduce((x, y) => x + y, 0), 9);
    expect(() => resampleBars(m, 90_000)).toThrow(/not a multiple/);
  });
});
