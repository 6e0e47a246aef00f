import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  kellyFraction, fractionalKellySize, estimatePayoffRatio, realisedVolatility, realisedVolatilityAt, volatilityScale, periodsPerYearFromInterval,
  rollingCorrelation, correlationAlerts, riskHeatMap, rebalanceSuggestions, logReturnCovariance, utcDayStart, nextUtcDayStart,
} from '../index.ts';
import { createRng } from '../../util/rng.ts';

describe('kellyFraction(p, b) and fractionalKellySize(p, b, options)', () => {
  it('f* = p − (1 − p)/b, scaled by the cap, capped by max_position_pct, 0 when f* ≤ 0', () => {
    expect(kellyFraction(0.6, 1.5)).toBeCloseTo(0.6 - 0.4 / 1.5, 15);
    // 0.25 × (0.55 − 0.45/1.2 = 0.175) = 0.04375 (< 5%)
    expect(fractionalKellySize(0.55, 1.2)).toBeCloseTo(0.25 * (0.55 - 0.45 / 1.2), 15);
    // 0.25 × (0.7 − 0.3/2 = 0.55) = 0.1375 → capped at 0.05
    expect(fractionalKellySize(0.7, 2)).toBe(0.05);
    expect(fractionalKellySize(0.4, 1)).toBe(0);
    expect(fractionalKellySize(0.5, 1)).toBe(0);
    expect(fractionalKellySize(Number.NaN, 1)).toBe(0);
    expect(fractionalKellySize(0.7, 2, { kellyFractionCap: 0.1, maxPositionPct: 0.5 })).toBeCloseTo(0.055, 15);
  });
  it('estimatePayoffRatio(returns, rows) uses the given (training) rows only', () => {
    const r = Float64Array.from([0.02, -0.01, 0.04, -0.03, 0.5, -0.5, 0]);
    // rows 0..3: wins 0.02, 0.04 (mean 0.03), losses 0.01, 0.03 (mean 0.02) → 1.5
    expect(estimatePayoffRatio(r, Int32Array.from([0, 1, 2, 3, 6]))).toBeCloseTo(1.5, 15);
    expect(estimatePayoffRatio(Float64Array.from([0.1, 0.2]))).toBeNaN();
  });
});

describe('realisedVolatility(close, window, periodsPerYear)', () => {
  it('matches a naive sample std of log returns × √periodsPerYear and is causal', () => {
    const rng = createRng(3);
    const c = new Float64Array(300);
    let p = 100;
    for (let i = 0; i < c.length; i++) { p *= Math.exp(0.01 * rng.normal()); c[i] = p; }
    const w = 20, ppy = periodsPerYearFromInterval(3_600_000);
    const v = realisedVolatility(c, w, ppy);
    for (let t = 0; t < c.length; t++) {
      if (t < w) { expect(v[t]).toBeNaN(); continue; }
      const r = Array.from({ length: w }, (_, k) => Math.log(c[t - w + 1 + k] / c[t - w + k]));
      const m = r.reduce((a, b) => a + b, 0) / w;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
      expect(v[t]).toBeCloseTo(sd * Math.sqrt(ppy), 9);
      expect(realisedVolatilityAt(c, t, w, ppy)).toBeCloseTo(v[t], 9);
    }
    const perturbed = c.slice();
    for (let t = 200; t < c.length; t++) perturbed[t] *= 1.5;
    const v2 = realisedVolatility(perturbed, w, ppy);
    for (let t = 0; t < 200; t++) expect(Object.is(v2[t], v[t]) || v2[t] === v[t]).toBe(true);
  });
  it('volatilityScale(realised, target) = min(1, target/realised), 1 while unknown', () => {
    expect(volatilityScale(1, 0.5)).toBe(0.5);
    expect(volatilityScale(0.25, 0.5)).toBe(1);
    expect(volatilityScale(Number.NaN, 0.5)).toBe(1);
  });
  it('periodsPerYearFromInterval(60 000) = 525 960 (365.25 days)', () => {
    expect(periodsPerYearFromInterval(60_000)).toBe(525_960);
  });
});

describe('utcDayStart(ts) / nextUtcDayStart(ts)', () => {
  it('floors to 00:00 UTC and steps one day', () => {
    const t = Date.UTC(2021, 4, 19, 13, 45);
    expect(utcDayStart(t)).toBe(Date.UTC(2021, 4, 19));
    expect(nextUtcDayStart(t)).toBe(Date.UTC(2021, 4, 20));
    expect(nextUtcDayStart(Date.UTC(2021, 4, 19))).toBe(Date.UTC(2021, 4, 20));
  });
});

describe('rollingCorrelation(x, y, window) and correlationAlerts(...)', () => {
  it('matches a naive Pearson correlation (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 60 }), fc.integer({ min: 2, max: 10 }), (xs, w) => {
      const x = Float64Array.from(xs), y = Float64Array.from(xs.map((v, i) => v * 0.5 + Math.sin(i)));
      const r = rollingCorrelation(x, y, w);
      for (let t = w - 1; t < x.length; t++) {
        const a = Array.from(x.subarray(t - w + 1, t + 1)), b = Array.from(y.subarray(t - w + 1, t + 1));
        const ma = a.reduce((s, v) => s + v, 0) / w, mb = b.reduce((s, v) => s + v, 0) / w;
        let sab = 0, saa = 0, sbb = 0;
        for (let k = 0; k < w; k++) { sab += (a[k] - ma) * (b[k] - mb); saa += (a[k] - ma) ** 2; sbb += (b[k] - mb) ** 2; }
        if (saa < 1e-9 || sbb < 1e-9) continue;
        expect(r[t]).toBeCloseTo(sab / Math.sqrt(saa * sbb), 6);
      }
    }), { numRuns: 50 });
  });
  it('alerts once when |ρ| crosses above the threshold', () => {
    const n = 40;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3));
    const y = Float64Array.from({ length: n }, (_, i) => (i < 20 ? Math.cos(i * 2.9) : Math.sin(i * 1.3) * 2));
    const ts = Float64Array.from({ length: n }, (_, i) => i);
    const alerts = correlationAlerts(ts, [{ name: 'A', values: x }, { name: 'B', values: y }], 5, 0.8, 'asset_returns');
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const last = alerts[alerts.length - 1];
    expect(last.ts).toBeLessThanOrEqual(24);
    expect(Math.abs(last.rho)).toBeGreaterThan(0.8);
  });
  it('alerts once for a pair that stays correlated across flat (unknown-ρ) spells; a flat window is NaN, not round-off ±1', () => {
    // two strategies trading in lockstep (ρ = 1 whenever both move) with flat spells in between (ρ unknown):
    // 4 active spells of 10 bars separated by 10 flat bars → one alert, not one per spell
    const n = 80;
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { const active = Math.floor(i / 10) % 2 === 0; x[i] = active ? Math.sin(i * 1.3) : 0; y[i] = 2 * x[i]; }
    const ts = Float64Array.from({ length: n }, (_, i) => i);
    const once = correlationAlerts(ts, [{ name: 'A', values: x }, { name: 'B', values: y }], 5, 0.8, 'strategy_returns');
    expect(once).toHaveLength(1);
    expect(once[0].ts).toBe(4);
    expect(once[0].rho).toBeCloseTo(1, 12);
    // a flat window is NaN, not the ±1.00 the running sums' round-off gave (bars 34–39 were ρ = 1.00 before)
    const rho = rollingCorrelation(x, y, 5);
    for (const t of [14, 15, 34, 35, 36, 37, 38, 39, 54, 74, 79]) expect(rho[t], `ρ[${t}]`).toBeNaN();
    for (const t of [4, 13, 20, 33, 60, 73]) expect(rho[t], `ρ[${t}]`).toBeCloseTo(1, 9);
  });
  it('re-arms only after |ρ| falls to threshold − hysteresis: a correlation wobbling around 0.8 alerts once', () => {
    // y = x + 0.7·noise: over a 20-bar window ρ wanders between 0.75 and 0.85, crossing 0.8 over and over
    const n = 600, w = 20;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + Math.cos(i * 0.37));
    const y = Float64Array.from(x, (v, i) => v + 0.7 * (Math.sin(i * 2.9 + 1) * 1.1 + Math.cos(i * 5.3)));
    const ts = Float64Array.from({ length: n }, (_, i) => i);
    const r = rollingCorrelation(x, y, w);
    let ups = 0, lo = 1, hi = 0;
    for (let t = w; t < n; t++) {
      const a = Math.abs(r[t]);
      lo = Math.min(lo, a); hi = Math.max(hi, a);
      if (Math.abs(r[t - 1]) <= 0.8 && a > 0.8) ups++;
    }
    expect(lo).toBeGreaterThan(0.7); // never falls to the re-arm level 0.8 − 0.1
    expect(hi).toBeGreaterThan(0.8);
    expect(ups).toBeGreaterThan(50);
    const pair = [{ name: 'A', values: x }, { name: 'B', values: y }];
    expect(correlationAlerts(ts, pair, w, 0.8, 'asset_returns')).toHaveLength(1);
    // without hysteresis: the first rise above 0.8 plus every later crossing – the noise the report showed
    expect(correlationAlerts(ts, pair, w, 0.8, 'asset_returns', 0)).toHaveLength(1 + ups);
  });
});

describe('riskHeatMap(...) and rebalanceSuggestions(...)', () => {
  const rng = createRng(11);
  const n = 400, ppy = 8760;
  const a = new Float64Array(n), b = new Float64Array(n);
  let pa = 100, pb = 50;
  for (let i = 0; i < n; i++) { const z = rng.normal(); pa *= Math.exp(0.01 * z); pb *= Math.exp(0.02 * (0.5 * z + 0.8 * rng.normal())); a[i] = pa; b[i] = pb; }
  const ts = Float64Array.from({ length: n }, (_, i) => i);

  it('rows sum to the portfolio volatility √(wᵀΣw)', () => {
    const posA = new Float64Array(n).fill(100), posB = new Float64Array(n).fill(-50), eq = new Float64Array(n).fill(20_000);
    const h = riskHeatMap(['A', 'B'], ts, [a, b], [posA, posB], eq, { window: 50, rows: 20, periodsPerYear: ppy });
    expect(h.ts.length).toBe(20);
    expect(h.ts[19]).toBe(n - 1);
    for (let k = 0; k < 20; k++) {
      const t = h.ts[k];
      if (t < 50) { expect(h.values[2 * k] + h.values[2 * k + 1]).toBe(0); continue; }
      const cov = logReturnCovariance([a, b], t, 50, ppy);
      const w = [100 * a[t] / 20_000, -50 * b[t] / 20_000];
      const v = w[0] * w[0] * cov[0] + 2 * w[0] * w[1] * cov[1] + w[1] * w[1] * cov[3];
      expect(h.portfolioVol[k]).toBeCloseTo(Math.sqrt(v), 12);
      expect(h.values[2 * k] + h.values[2 * k + 1]).toBeCloseTo(Math.sqrt(v), 12);
    }
  });

  it('inverse-vol weights ∝ 1/σ; risk-parity weights equalise risk contributions; trades reach the targets', () => {
    const cov = Float64Array.from([0.04, 0.006, 0.006, 0.09]); // σ 0.2 and 0.3, ρ 0.1
    const s = rebalanceSuggestions(['A', 'B'], Float64Array.from([100, 50]), Float64Array.from([10, 0]), 10_000, cov, 0.1);
    expect(s.grossExposure).toBeCloseTo(0.1, 15);
    const iv = s.targets.find((t) => t.method === 'inverse_vol')!;
    expect(iv.weights.A / iv.weights.B).toBeCloseTo(0.3 / 0.2, 12);
    expect(iv.weights.A + iv.weights.B).toBeCloseTo(0.1, 12);
    expect(iv.trades.A).toBeCloseTo((iv.weights.A - 0.1) * 10_000 / 100, 9);
    const rp = s.targets.find((t) => t.method === 'risk_parity')!;
    const w = [rp.weights.A, rp.weights.B];
    const rc = [w[0] * (0.04 * w[0] + 0.006 * w[1]), w[1] * (0.006 * w[0] + 0.09 * w[1])];
    expect(rc[0]).toBeCloseTo(rc[1], 12);
    // two assets: risk parity equals inverse volatility
    expect(rp.weights.A).toBeCloseTo(iv.weights.A, 9);
  });
});
