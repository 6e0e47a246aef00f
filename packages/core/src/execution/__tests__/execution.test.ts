import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/load.ts';
import { createRng } from '../../util/rng.ts';
import { curveSlippageRate, sqrtImpactRate, slippageRate, fillFee, fundingPayment, fundingRatesAtBars, drawFillFraction, participationCap, drawLatencyMs } from '../index.ts';

const ex = defaultConfig().execution;

describe('curveSlippageRate(notional, curve)', () => {
  it('uses 5 bp below $1K, 15 bp from $1K to $10K, 35 bp above $10K', () => {
    expect(curveSlippageRate(999.99, ex.slippage_curve)).toBe(0.0005);
    expect(curveSlippageRate(1000, ex.slippage_curve)).toBe(0.0015);
    expect(curveSlippageRate(10_000, ex.slippage_curve)).toBe(0.0015);
    expect(curveSlippageRate(10_000.01, ex.slippage_curve)).toBe(0.0035);
  });
});

describe('sqrtImpactRate(coefficient, sigma, qty, volume)', () => {
  it('is coefficient·σ·√(Q/V)', () => {
    // σ = 0.002, Q = 25, V = 100 → 0.002 · √0.25 = 0.001; × coefficient 1.5 = 0.0015
    expect(sqrtImpactRate(1.5, 0.002, 25, 100)).toBeCloseTo(0.0015, 15);
    expect(sqrtImpactRate(1, 0.002, -25, 100)).toBeCloseTo(0.001, 15);
    expect(sqrtImpactRate(1, 0.002, 25, 0)).toBeNaN();
  });
  it('slippageRate falls back to the curve while σ or V are unknown', () => {
    const m = { kind: 'sqrt_impact' as const, coefficient: 1, vol_window: 60 };
    expect(slippageRate(m, ex.slippage_curve, 500, 1, Number.NaN, 100)).toBe(0.0005);
    expect(slippageRate(m, ex.slippage_curve, 500, 25, 0.002, 100)).toBeCloseTo(0.001, 15);
    expect(slippageRate({ kind: 'fixed', rate: 0.0007 }, ex.slippage_curve, 1e9, 1, 0, 0)).toBe(0.0007);
    expect(slippageRate({ kind: 'none' }, ex.slippage_curve, 1e9, 1, 0, 0)).toBe(0);
  });
});

describe('fillFee(notional, liquidity, fees)', () => {
  it('charges taker 5 bp and maker 1 bp of the fill notional', () => {
    // 2 BTC at 30 000 = 60 000 notional: taker 60 000 × 0.0005 = 30, maker 60 000 × 0.0001 = 6
    expect(fillFee(60_000, 'taker', ex)).toBeCloseTo(30, 12);
    expect(fillFee(-60_000, 'maker', ex)).toBeCloseTo(6, 12);
  });
});

describe('fundingPayment(positionQty, markPrice, rate)', () => {
  it('debits longs and credits shorts when the rate is positive', () => {
    // 0.5 BTC × 40 000 × 0.0001 = 2 paid by the long, received by the short
    expect(fundingPayment(0.5, 40_000, 0.0001)).toBeCloseTo(2, 12);
    expect(fundingPayment(-0.5, 40_000, 0.0001)).toBeCloseTo(-2, 12);
    expect(fundingPayment(0.5, 40_000, -0.0001)).toBeCloseTo(-2, 12);
  });
});

describe('fundingRatesAtBars(barTs, intervalMs, funding)', () => {
  it('books a settlement at the bar whose close is the first at or after it', () => {
    const ts = Float64Array.from([0, 60_000, 120_000, 180_000]);
    const funding = { name: 'funding', ts: Float64Array.from([0, 120_000, 150_000, 240_000, 300_000]), value: Float64Array.from([9, 0.001, 0.002, 0.003, 7]) };
    // 0 is at the first open (no position yet): ignored; 120 000 = close of bar 1; 150 000 inside bar 2 → bar 2;
    // 240 000 = close of bar 3; 300 000 after the data: ignored.
    expect(Array.from(fundingRatesAtBars(ts, 60_000, funding))).toEqual([0, 0.001, 0.002, 0.003]);
  });
});

describe('drawFillFraction(rng, fullFillProb)', () => {
  it('fills fully with the given probability and otherwise a fraction in [0, 1)', () => {
    const rng = createRng(5);
    let full = 0, outside = 0;
    const n = 20_000;
    for (let k = 0; k < n; k++) {
      const f = drawFillFraction(rng, 0.85);
      if (!(f >= 0 && f <= 1)) outside++;
      if (f === 1) full++;
    }
    expect(outside).toBe(0);
    expect(full / n).toBeGreaterThan(0.84);
    expect(full / n).toBeLessThan(0.86);
  });
  it('is deterministic for a seed', () => {
    const a = createRng(9), b = createRng(9);
    for (let k = 0; k < 100; k++) expect(drawFillFraction(a, 0.5)).toBe(drawFillFraction(b, 0.5));
  });
});

describe('participationCap(refVolume, maxPct) and drawLatencyMs(model, range, rng)', () => {
  it('caps at maxPct of the reference volume; no cap when it is off or no reference volume is known (NaN)', () => {
    expect(participationCap(200, 0.1)).toBeCloseTo(20, 12);
    expect(participationCap(200, null)).toBe(Infinity);
    expect(participationCap(Number.NaN, 0.1)).toBe(Infinity);
  });
  it('draws latency uniformly in [2, 8] ms, or a fixed value', () => {
    const rng = createRng(1);
    let lo = Infinity, hi = -Infinity, sum = 0;
    for (let k = 0; k < 10_000; k++) { const l = drawLatencyMs({ kind: 'uniform' }, [2, 8], rng); lo = Math.min(lo, l); hi = Math.max(hi, l); sum += l; }
    expect(lo).toBeGreaterThanOrEqual(2);
    expect(hi).toBeLessThanOrEqual(8);
    expect(sum / 10_000).toBeCloseTo(5, 1);
    expect(drawLatencyMs({ kind: 'fixed', ms: 3 }, [2, 8], rng)).toBe(3);
  });
});
