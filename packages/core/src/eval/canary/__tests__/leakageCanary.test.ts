import { describe, expect, it } from 'vitest';
import { leakageCanary } from '../index.ts';

/** n events on 1-minute bars with label horizons of `h` bars. */
function events(n: number, h: number) {
  const t0 = Float64Array.from({ length: n }, (_, i) => i * 60_000);
  const t1 = Float64Array.from(t0, (t) => t + h * 60_000);
  return { t0, t1 };
}

describe('leakageCanary(t0, t1, {seed, nSplits, embargoPct, purgePct})', () => {
  it('shuffled labels stay at chance; overlap leaks through a shuffled K-fold but not through the purged split', () => {
    const { t0, t1 } = events(3000, 20);
    for (const seed of [1, 2]) {
      const r = leakageCanary(t0, t1, { seed, nSplits: 5, embargoPct: 0.01, purgePct: 0.01 });
      expect(r.effectiveSamples).toBeGreaterThan(3000 / 42);
      expect(r.effectiveSamples).toBeLessThan(3000 / 40);
      expect(r.shuffledLabels.atChance).toBe(true);
      // neighbours one bar apart share 19 of 20 returns: the leaky split reads labels off them
      expect(r.overlapLeak.shuffledKFoldAccuracy).toBeGreaterThan(0.85);
      expect(r.overlapLeak.leakDetected).toBe(true);
      expect(r.overlapLeak.purgedHonest).toBe(true);
      expect(Math.abs(r.overlapLeak.purgedKFoldAccuracy - 0.5)).toBeLessThan(r.tolerance);
      expect(r.passed).toBe(true);
    }
  });
  it('is deterministic per seed', () => {
    const { t0, t1 } = events(500, 5);
    expect(leakageCanary(t0, t1, { seed: 7 })).toEqual(leakageCanary(t0, t1, { seed: 7 }));
  });
});
