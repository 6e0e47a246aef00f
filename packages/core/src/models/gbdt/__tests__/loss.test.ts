import { describe, expect, it } from 'vitest';
import { createRng } from '../../../util/rng.ts';
import { logLossGradients } from '../loss.ts';

describe('logLossGradients(raw, y, w, gh, sums)', () => {
  it('returns Σ log(1 + e^f) − y·f (one log per block of products) and writes σ(f) − y, σ(f)(1 − σ(f)) and their sums', () => {
    const rng = createRng(3), n = 1000;
    // ordinary scores plus extremes where e^−|f| underflows (|f| ≥ 746) or is below one ulp of 1
    const raw = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? (i % 2 ? 800 : -800) : i % 89 === 0 ? 40 : 3 * rng.normal()));
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const gh = new Float64Array(2 * n), sums = new Float64Array(2);
    const loss = logLossGradients(raw, y, null, gh, sums);
    let want = 0, sg = 0, sh = 0;
    for (let i = 0; i < n; i++) {
      const f = raw[i], p = 1 / (1 + Math.exp(-f));
      want += Math.max(f, 0) - y[i] * f + Math.log1p(Math.exp(-Math.abs(f)));
      expect(gh[2 * i]).toBeCloseTo(p - y[i], 14);
      expect(gh[2 * i + 1]).toBeCloseTo(p * (1 - p), 14);
      sg += gh[2 * i]; sh += gh[2 * i + 1];
    }
    expect(Math.abs(loss - want) / want).toBeLessThan(1e-13);
    expect(sums[0]).toBe(sg);
    expect(sums[1]).toBe(sh);
    // unit weights give the same loss through the weighted branch
    const wLoss = logLossGradients(raw, y, new Float64Array(n).fill(1), new Float64Array(2 * n));
    expect(Math.abs(wLoss - loss) / loss).toBeLessThan(1e-13);
  });
});
