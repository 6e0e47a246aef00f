import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { purgeBlock, advanceFirstTouch } from '../purgeBlock.ts';
import { purgeTrain } from '../purgeTrain.ts';

describe('purgeBlock(index, t0, t1, firstTouch, start, end, candLo, candHi, embargoN, marginN)', () => {
  it('gives exactly what the general purgeTrain kernel gives (property)', () => {
    const arb = fc.record({
      steps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 80 }),
      spans: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 80, maxLength: 80 }),
      a: fc.nat(), b: fc.nat(), lo: fc.nat(), e: fc.integer({ min: 0, max: 20 }), m: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(fc.property(arb, ({ steps, spans, a, b, lo, e, m }) => {
      const n = steps.length;
      const t0 = new Float64Array(n), t1 = new Float64Array(n);
      let t = 0;
      for (let i = 0; i < n; i++) { t += steps[i]; t0[i] = t; t1[i] = t + spans[i]; }
      const start = a % n, end = start + 1 + (b % (n - start));
      const candLo = lo % (start + 1);
      const touch = advanceFirstTouch(t1, 0, t0[start], start);
      const fast = purgeBlock(0, t0, t1, touch, start, end, candLo, n, e, m);
      const slow = purgeTrain(0, t0, t1, [[start, end]], candLo, n, e, m);
      expect([...fast.train]).toEqual([...slow.train]);
      expect([...fast.test]).toEqual([...slow.test]);
      expect([fast.purged, fast.embargoed, fast.purgedMargin]).toEqual([slow.purged, slow.embargoed, slow.purgedMargin]);
      expect(fast.window).toEqual(slow.window);
      // walk-forward shape: candidates end at the block start
      const wf = purgeBlock(0, t0, t1, touch, start, end, candLo, start, e, m);
      const wfs = purgeTrain(0, t0, t1, [[start, end]], candLo, start, e, m);
      expect([...wf.train]).toEqual([...wfs.train]);
      expect([wf.purged, wf.embargoed, wf.purgedMargin]).toEqual([wfs.purged, wfs.embargoed, wfs.purgedMargin]);
    }), { numRuns: 400 });
  });
});
