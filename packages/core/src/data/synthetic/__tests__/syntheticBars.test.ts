import { describe, expect, it } from 'vitest';
import { syntheticBars, simulateBars, SYNTHETIC_START_MS } from '../index.ts';
import type { BarSeries } from '../../types.ts';

function logReturns(b: BarSeries): Float64Array {
  const r = new Float64Array(b.close.length - 1);
  for (let i = 1; i < b.close.length; i++) r[i - 1] = Math.log(b.close[i] / b.close[i - 1]);
  return r;
}
function corr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxy / Math.sqrt(sxx * syy);
}
function lag1AutocorrOfSquares(r: Float64Array): number {
  const sq = r.map((v) => v * v);
  return corr(sq.subarray(0, sq.length - 1), sq.subarray(1));
}
function bytesOf(b: Record<string, BarSeries>): string {
  return Object.values(b).map((s) => [s.ts, s.open, s.high, s.low, s.close, s.volume].map((a) => Buffer.from(a.buffer).toString('base64')).join('|')).join('#');
}

const DAYS = 20; // 28,800 one-minute bars per symbol
const market = simulateBars({ seed: 7, days: DAYS });

describe('syntheticBars(options)', () => {
  it('is deterministic: same seed → identical bytes; another seed → different bars', () => {
    const a = syntheticBars({ seed: 7, days: 2 }), b = syntheticBars({ seed: 7, days: 2 }), c = syntheticBars({ seed: 8, days: 2 });
    expect(bytesOf(a)).toBe(bytesOf(b));
    expect(bytesOf(a)).not.toBe(bytesOf(c));
  });

  it('BTC does not depend on which other symbols are requested; days=1 is a prefix of days=2', () => {
    const both = syntheticBars({ seed: 3, days: 1 }), btc = syntheticBars({ seed: 3, days: 1, symbols: ['BTC'] });
    expect(Buffer.from(btc.BTC.close.buffer).equals(Buffer.from(both.BTC.close.buffer))).toBe(true);
    const longer = syntheticBars({ seed: 3, days: 2 });
    expect(Buffer.from(longer.ETH.high.buffer, 0, 1440 * 8).equals(Buffer.from(both.ETH.high.buffer))).toBe(true);
  });

  it('starts at 2024-01-01T00:00Z on a regular 1m grid with realistic price levels', () => {
    const { BTC, ETH } = market.bars;
    expect(BTC.ts.length).toBe(DAYS * 1440);
    expect(BTC.ts[0]).toBe(SYNTHETIC_START_MS);
    expect(SYNTHETIC_START_MS).toBe(Date.UTC(2024, 0, 1));
    for (let i = 1; i < BTC.ts.length; i++) if (BTC.ts[i] - BTC.ts[i - 1] !== 60_000) throw new Error(`grid broken at ${i}`);
    expect(BTC.intervalMs).toBe(60_000);
    for (const [s, lo, hi] of [[BTC, 30_000, 60_000], [ETH, 1_500, 4_000]] as const) {
      expect(Math.min(...s.low)).toBeGreaterThan(lo);
      expect(Math.max(...s.high)).toBeLessThan(hi);
    }
  });

  it('keeps OHLC consistent: low ≤ open, close ≤ high; open = previous close; prices on the tick; volume ≥ 0', () => {
    for (const s of Object.values(market.bars)) {
      for (let i = 0; i < s.ts.length; i++) {
        const ok = s.low[i] <= Math.min(s.open[i], s.close[i]) && s.high[i] >= Math.max(s.open[i], s.close[i]) && s.low[i] > 0 && s.volume[i] >= 0
          && (i === 0 || s.open[i] === s.close[i - 1]) && Math.abs(s.close[i] * 100 - Math.round(s.close[i] * 100)) < 1e-6;
        if (!ok) throw new Error(`${s.symbol} row ${i}: ${s.open[i]} ${s.high[i]} ${s.low[i]} ${s.close[i]} ${s.volume[i]}`);
      }
      // the bar range is not degenerate: high > low on most bars
      let wide = 0;
      for (let i = 0; i < s.ts.length; i++) if (s.high[i] > s.low[i]) wide++;
      expect(wide / s.ts.length).toBeGreaterThan(0.99);
    }
  });

  it('correlates BTC and ETH 1m log returns at ≈ the target ρ (0.7 default, 0.3 when asked)', () => {
    expect(corr(logReturns(market.bars.BTC), logReturns(market.bars.ETH))).toBeCloseTo(0.7, 1);
    const low = syntheticBars({ seed: 7, days: DAYS, correlation: 0.3 });
    expect(Math.abs(corr(logReturns(low.BTC), logReturns(low.ETH)) - 0.3)).toBeLessThan(0.04);
  });

  it('clusters volatility: lag-1 autocorrelation of squared returns > 0 with GARCH, ≈ 0 without', () => {
    // Squared returns on the jump-free market (isolated jumps would dominate r² and hide the GARCH effect).
    const garch = syntheticBars({ seed: 7, days: DAYS, jumpsPerDay: 0 });
    expect(lag1AutocorrOfSquares(logReturns(garch.BTC))).toBeGreaterThan(0.05);
    const flat = syntheticBars({ seed: 7, days: DAYS, garch: { alpha: 0, beta: 0 }, jumpsPerDay: 0 });
    expect(Math.abs(lag1AutocorrOfSquares(logReturns(flat.BTC)))).toBeLessThan(0.03);
    // With jumps, |r| still clusters.
    const r = logReturns(market.bars.BTC);
    const abs = r.map(Math.abs);
    expect(corr(abs.subarray(0, abs.length - 1), abs.subarray(1))).toBeGreaterThan(0.05);
    // annualised vol near the 55 % target
    let ss = 0;
    for (const v of r) ss += v * v;
    expect(Math.sqrt((ss / r.length) * 525_600)).toBeGreaterThan(0.4);
    expect(Math.sqrt((ss / r.length) * 525_600)).toBeLessThan(0.8);
  });

  it('has jumps: bars flagged as jumps are > 6 robust σ far more often than the rest, and none appear with jumpsPerDay 0', () => {
    const r = logReturns(market.bars.BTC);
    const abs = Array.from(r, Math.abs).sort((a, b) => a - b);
    const robustSigma = abs[abs.length >> 1] / 0.6745;
    const jumps = market.jump.reduce((a, b) => a + b, 0);
    expect(jumps).toBeGreaterThan(20); // 2/day expected → ~40 in 20 days
    let big = 0;
    for (let i = 0; i < r.length; i++) if (Math.abs(r[i]) > 6 * robustSigma) big++;
    expect(big).toBeGreaterThan(jumps / 3);
    const calm = syntheticBars({ seed: 7, days: DAYS, jumpsPerDay: 0 });
    const rc = logReturns(calm.BTC);
    let bigCalm = 0;
    for (const v of rc) if (Math.abs(v) > 6 * robustSigma) bigCalm++;
    expect(bigCalm).toBeLessThan(big / 3);
  });

  it('correlates volume with |returns|', () => {
    const { BTC } = market.bars;
    const r = logReturns(BTC).map(Math.abs);
    expect(corr(r, BTC.volume.subarray(1))).toBeGreaterThan(0.3);
  });

  it('rejects bad options naming the value', () => {
    expect(() => syntheticBars({ seed: 1, days: -1 })).toThrow(/days must be a non-negative number; was -1/);
    expect(() => syntheticBars({ seed: 1, intervalMs: 0 })).toThrow(/intervalMs/);
    expect(() => syntheticBars({ seed: 1, garch: { alpha: 0.5, beta: 0.6 } })).toThrow(/α \+ β < 1/);
    expect(() => syntheticBars({ seed: 1, correlation: 2 })).toThrow(/correlation/);
  });
});

describe('syntheticBars(options) edge', () => {
  const corr = (a: number[], b: number[]) => {
    const n = a.length, ma = a.reduce((x, y) => x + y, 0) / n, mb = b.reduce((x, y) => x + y, 0) / n;
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
    return sab / Math.sqrt(saa * sbb);
  };
  /** Next log return vs the recent (a) and older (b) half-sums of the previous L log returns. */
  const lagStats = (bars: BarSeries, L: number) => {
    const r = Array.from({ length: bars.close.length - 1 }, (_, t) => Math.log(bars.close[t + 1] / bars.close[t]));
    const h = Math.floor(L / 2), next: number[] = [], a: number[] = [], b: number[] = [], ab: number[] = [];
    for (let t = L; t < r.length; t++) {
      let sa = 0, sb = 0;
      for (let k = 1; k <= h; k++) sa += r[t - k];
      for (let k = h + 1; k <= L; k++) sb += r[t - k];
      next.push(r[t]); a.push(sa); b.push(sb); ab.push(sa * sb);
    }
    return { linearRecent: corr(next, a), linearOlder: corr(next, b), linearAll: corr(next, a.map((x, i) => x + b[i])), product: corr(next, ab) };
  };
  const base = { symbols: ['BTC'], bars: 60_000, seed: 5, jumpsPerDay: 0 };

  it("shape 'linear' is the default, bit for bit; strength 0 with shape 'nonlinear' is the plain market", () => {
    const plain = syntheticBars(base).BTC;
    expect(Array.from(syntheticBars({ ...base, edge: { strength: 0.3, lookback: 20, shape: 'linear' } }).BTC.close))
      .toEqual(Array.from(syntheticBars({ ...base, edge: { strength: 0.3, lookback: 20 } }).BTC.close));
    expect(Array.from(syntheticBars({ ...base, edge: { strength: 0, lookback: 20, shape: 'nonlinear' } }).BTC.close)).toEqual(Array.from(plain.close));
  });

  it("shape 'nonlinear': the next return follows the product of the two lag half-sums far more than any lag sum", () => {
    // the linear leak is second order (the drift's own persistence, ∝ strength²): small at strength 0.2
    const s = lagStats(syntheticBars({ ...base, edge: { strength: 0.2, lookback: 20, shape: 'nonlinear' } }).BTC, 20);
    expect(s.product).toBeGreaterThan(0.08);
    for (const c of [s.linearRecent, s.linearOlder, s.linearAll]) expect(Math.abs(c)).toBeLessThan(0.4 * s.product);
    // the linear edge is the opposite case
    const lin = lagStats(syntheticBars({ ...base, edge: { strength: 0.5, lookback: 20 } }).BTC, 20);
    expect(lin.linearAll).toBeGreaterThan(0.08);
  });

  it('rejects a nonlinear edge with lookback 1 and an unknown shape', () => {
    expect(() => syntheticBars({ ...base, edge: { strength: 0.3, lookback: 1, shape: 'nonlinear' } })).toThrow(/lookback ≥ 2/);
    expect(() => syntheticBars({ ...base, edge: { strength: 0.3, lookback: 5, shape: 'cubic' as 'linear' } })).toThrow(/edge.shape/);
  });
});
