import { describe, expect, it } from 'vitest';
import { meanUniqueness } from '../primaryModel.ts';
import type { SampleSet } from '../buildSamples.ts';

describe('meanUniqueness(samples, rows) – mean AFML average uniqueness of the fit rows\' labels', () => {
  // BTC labels [0, 3] and [2, 4]: concurrency 1, 1, 2, 2, 1 → ū = (1 + 1 + ½ + ½) / 4 = 0.75 and (½ + ½ + 1) / 3 = 2/3;
  // ETH label [0, 4] alone → 1; BTC's third label [1, 1] counts only when its row is in the fit
  const samples = { symbols: ['BTC', 'ETH'], symbol: Int32Array.of(0, 0, 1, 0), t0Idx: Int32Array.of(0, 2, 0, 1), t1Idx: Int32Array.of(3, 4, 4, 1) } as unknown as SampleSet;
  it('counts concurrency per symbol among the listed rows only', () => {
    expect(meanUniqueness(samples, Int32Array.of(0, 1))).toBeCloseTo((0.75 + 2 / 3) / 2, 12);
    expect(meanUniqueness(samples, Int32Array.of(0, 1, 2))).toBeCloseTo((0.75 + 2 / 3 + 1) / 3, 12);
    // + BTC [1, 1]: concurrency 1, 2, 2, 2, 1 → (1 + ½ + ½ + ½) / 4, (½ + ½ + 1) / 3, ½
    expect(meanUniqueness(samples, Int32Array.of(0, 1, 3))).toBeCloseTo((2.5 / 4 + 2 / 3 + 0.5) / 3, 12);
    expect(meanUniqueness(samples, new Int32Array(0))).toBeNaN();
  });
});
