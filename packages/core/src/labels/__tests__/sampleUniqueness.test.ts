import { describe, expect, it } from 'vitest';
import { labelConcurrency, returnAttributionWeights, sampleUniqueness } from '../sampleUniqueness.ts';
import { labelQualityReport, quantileSorted } from '../labelQualityReport.ts';
import { tripleBarrierLabels } from '../tripleBarrierLabels.ts';

const t0 = Int32Array.from([0, 1, 2]);
const t1 = Int32Array.from([2, 3, 2]);

describe('labelConcurrency(t0Idx, t1Idx, nBars)', () => {
  it('counts labels whose closed interval contains each bar', () => {
    expect([...labelConcurrency(t0, t1, 5)]).toEqual([1, 2, 3, 1, 0]);
  });
  it('throws on an interval outside the bars', () => {
    expect(() => labelConcurrency(Int32Array.from([0]), Int32Array.from([5]), 5)).toThrow(/outside/);
  });
});

describe('sampleUniqueness(t0Idx, t1Idx, nBars)', () => {
  it('is the mean of 1/c_t over each interval (AFML 4.2)', () => {
    const u = sampleUniqueness(t0, t1, 4);
    expect(u[0]).toBeCloseTo((1 + 1 / 2 + 1 / 3) / 3, 15);
    expect(u[1]).toBeCloseTo((1 / 2 + 1 / 3 + 1) / 3, 15);
    expect(u[2]).toBeCloseTo(1 / 3, 15);
  });
});

describe('returnAttributionWeights(t0Idx, t1Idx, close)', () => {
  it('is |Σ r_t / c_t| over each interval, scaled to sum to the label count (AFML 4.10)', () => {
    const close = Float64Array.from([100, 110, 99, 99]);
    const r1 = Math.log(1.1), r2 = Math.log(0.9);
    const raw = [Math.abs(r1 / 2 + r2 / 3), Math.abs(r1 / 2 + r2 / 3 + 0), Math.abs(r2 / 3)];
    const s = raw[0] + raw[1] + raw[2];
    const w = returnAttributionWeights(t0, t1, close);
    raw.forEach((x, i) => expect(w[i]).toBeCloseTo((x * 3) / s, 14));
  });
});

describe('quantileSorted(sorted, p)', () => {
  it('uses R-7 linear interpolation', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    expect(quantileSorted(x, 0.5)).toBe(2.5);
    expect(quantileSorted(x, 0.9)).toBeCloseTo(3.7, 15);
  });
});

describe('labelQualityReport(labels, close)', () => {
  it('reports counts, hit rates, holding periods, returns per label and drops per horizon', () => {
    const close = Float64Array.from([127, 127, 128, 129, 127, 131, 131, 131]);
    const bars = { symbol: 'T', intervalMs: 1, ts: Float64Array.from(close, (_, i) => i), open: close, high: close, low: close, close, volume: close };
    const sets = tripleBarrierLabels(bars, { horizons: [2], multiplier: 1, volatility: { kind: 'atr', window: 1 }, minReturn: 0 });
    const r = labelQualityReport(sets, close);
    const h = r.horizons[0];
    expect(h.counts).toEqual({ '1': 2, '0': 2, '-1': 1 });
    expect(h.hit_rates).toEqual({ pt: 0.4, sl: 0.2, vb: 0.4 });
    // holding bars: 1, 2, 1, 1, 2 → mean 1.4, median 1, p90 2
    expect(h.holding_bars.mean).toBeCloseTo(1.4, 15);
    expect(h.holding_bars.median).toBe(1);
    expect(h.holding_bars.p90).toBe(2);
    expect(h.dropped.beyond_data).toBe(2);
    expect(h.returns_by_label['-1'].n).toBe(1);
    expect(h.sample_weights.mean).toBeCloseTo(1, 12);
    expect(h.avg_uniqueness).toBeGreaterThan(0);
    expect(h.avg_uniqueness).toBeLessThanOrEqual(1);
  });
});
