import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../config/index.ts';
import { computeFeatures } from '../../../features/index.ts';
import { syntheticMarket } from '../index.ts';

describe('syntheticMarket(options) exercises every feature tier', () => {
  it('computeFeatures with tiers 1, 2 and 3 on gives finite, varying values for every feature after warm-up', () => {
    const m = syntheticMarket({ seed: 42, days: 5 });
    const features = structuredClone(defaultConfig().features);
    features.derivatives.enabled = true;
    for (const sym of ['BTC', 'ETH']) {
      const fm = computeFeatures({
        bars: m.bars[sym], snapshots: m.book![sym], events: m.bookEvents![sym],
        funding: m.funding[sym], openInterest: m.openInterest[sym], sentiment: m.sentiment,
      }, features);
      expect(fm.names).toEqual(expect.arrayContaining(['ret_1', 'atr_20', 'spread_pct', 'depth_imbalance', 'ofi', 'mlofi_5', 'funding_rate_delta', 'oi_delta', 'sentiment']));
      fm.names.forEach((name, k) => {
        const tail = Array.from(fm.columns[k].subarray(1500)); // after the first day (sentiment is published with a 1-day lag) and any warm-up
        expect(tail.every(Number.isFinite), `${sym} ${name} finite`).toBe(true);
        expect(new Set(tail).size, `${sym} ${name} varies`).toBeGreaterThan(1);
      });
    }
  });
});
