import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classificationMetrics } from '../classificationMetrics.ts';

describe('classificationMetrics(y, p, rows)', () => {
  it('hand case: accuracy, AUC with a tie, log loss, Brier', () => {
    const y = Float64Array.of(1, 0, 1, 0), p = Float64Array.of(0.9, 0.2, 0.4, 0.4);
    const m = classificationMetrics(y, p);
    // predictions 1,0,0,0 → 3 of 4 right; pairs (pos,neg): (0.9,0.2)=1 (0.9,0.4)=1 (0.4,0.2)=1 (0.4,0.4)=½ → 3.5/4
    expect(m.accuracy).toBe(0.75);
    expect(m.auc).toBe(0.875);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.6)) / 4, 12);
    expect(m.brier).toBeCloseTo((0.01 + 0.04 + 0.36 + 0.16) / 4, 12);
  });

  it('AUC equals the brute-force pair count; NaN rows and rows outside `rows` are ignored (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 10 })), { minLength: 2, maxLength: 60 }), (pairs) => {
      const y = Float64Array.from(pairs, ([b]) => (b ? 1 : 0)), p = Float64Array.from(pairs, ([, v]) => v / 10);
      const rows = Int32Array.from(pairs.map((_, i) => i).filter((i) => i % 3 !== 0));
      let wins = 0, pos = 0, neg = 0;
      for (const i of rows) for (const j of rows) if (y[i] === 1 && y[j] === 0) wins += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
      for (const i of rows) if (y[i] === 1) pos++; else neg++;
      const m = classificationMetrics(y, p, rows);
      if (pos && neg) expect(m.auc).toBeCloseTo(wins / (pos * neg), 12); else expect(m.auc).toBeNaN();
      expect(m.n).toBe(rows.length);
    }));
    expect(classificationMetrics(Float64Array.of(1, 0), Float64Array.of(NaN, 0.3)).n).toBe(1);
  });
});
