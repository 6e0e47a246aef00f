import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBacktest } from '../index.ts';
import { defaultConfig } from '../../config/load.ts';
import { createRng } from '../../util/rng.ts';
import { DAY0 } from './helpers.ts';

describe('runBacktest – no look-ahead (property)', () => {
  it('changing prices, volumes and signals after bar k leaves equity, cash and positions up to k unchanged', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 30, max: 120 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (seed, n, cutShare) => {
      const rng = createRng(seed);
      const k = Math.floor(n * cutShare);
      const ts = Float64Array.from({ length: n }, (_, i) => DAY0 + i * 60_000);
      const open = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
      let p = 100;
      for (let i = 0; i < n; i++) { open[i] = p; p *= Math.exp(0.01 * rng.normal()); close[i] = p; volume[i] = 100 * rng.next(); }
      const side = Int8Array.from({ length: n }, () => rng.int(3) - 1);
      const prob = Float64Array.from({ length: n }, () => 0.5 + 0.3 * rng.next());
      const cfg = defaultConfig();
      const config = { execution: cfg.execution, risk: { ...cfg.risk, vol_window: 5, max_position_pct: 0.5 } };
      const run = (o: Float64Array, c: Float64Array, v: Float64Array, s: Int8Array) => runBacktest({
        bars: { X: { symbol: 'X', intervalMs: 60_000, ts, open: o, high: c, low: c, close: c, volume: v } },
        signals: { X: { side: s, prob } }, payoffRatio: 1.3,
      }, config, { seed });
      const a = run(open, close, volume, side);
      const o2 = open.slice(), c2 = close.slice(), v2 = volume.slice(), s2 = side.slice();
      // Bar k's close and everything after it may change; bar k's open is already known at k.
      c2[k] *= 1.3;
      for (let i = k + 1; i < n; i++) { o2[i] *= 0.7; c2[i] *= 1.4; v2[i] = 1; s2[i] = -s2[i] as -1 | 0 | 1; }
      const b = run(o2, c2, v2, s2);
      for (let i = 0; i < k; i++) {
        expect(b.equity.equity[i]).toBe(a.equity.equity[i]);
        expect(b.equity.cash[i]).toBe(a.equity.cash[i]);
        expect(b.equity.positions.X[i]).toBe(a.equity.positions.X[i]);
      }
    }), { numRuns: 40 });
  });
});

describe('runBacktest(input, config, {seed}) – a fill at bar i uses nothing from inside bar i (property)', () => {
  it('changing bar i\'s close, high, low and volume never changes the fills at bars ≤ i (next_open)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 30, max: 120 }), fc.double({ min: 0.1, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 5 }), (seed, n, cutShare, pick) => {
      const rng = createRng(seed);
      const k = Math.floor(n * cutShare);
      const ts = Float64Array.from({ length: n }, (_, i) => DAY0 + i * 60_000);
      const open = new Float64Array(n), close = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), volume = new Float64Array(n);
      let p = 100;
      for (let i = 0; i < n; i++) {
        open[i] = p; p *= Math.exp(0.01 * rng.normal()); close[i] = p;
        high[i] = Math.max(open[i], close[i]) * 1.002; low[i] = Math.min(open[i], close[i]) * 0.998; volume[i] = 1 + 300 * rng.next();
      }
      const side = Int8Array.from({ length: n }, () => rng.int(3) - 1);
      const size = Float64Array.from({ length: n }, () => 0.5 * rng.next());
      const spread = Float64Array.from({ length: n }, () => 0.001 * rng.next());
      const d = defaultConfig();
      const slippage = [{ kind: 'curve' as const }, { kind: 'sqrt_impact' as const, coefficient: 1, vol_window: 5 }, { kind: 'fixed' as const, rate: 0.001 }][pick % 3];
      const config = {
        execution: { ...d.execution, latency_ms: [1_000, 50_000] as [number, number],
          models: { ...d.execution.models, slippage, participation: { kind: 'cap' as const, max_pct: 0.05, remainder: pick % 2 === 0 ? 'carry' as const : 'cancel' as const, lookback: 5 } } },
        risk: { ...d.risk, vol_window: 5, max_position_pct: 0.5, daily_loss_limit: 0.01, consecutive_loss_limit: 2 },
      };
      const run = (c: Float64Array, h: Float64Array, l: Float64Array, v: Float64Array) => runBacktest({
        bars: { X: { symbol: 'X', intervalMs: 60_000, ts, open, high: h, low: l, close: c, volume: v } },
        signals: { X: pick >= 3 ? { side, size } : { side } }, spread: { X: spread },
      }, config, { seed });
      const a = run(close, high, low, volume);
      const c2 = close.slice(), h2 = high.slice(), l2 = low.slice(), v2 = volume.slice();
      c2[k] *= 1.25; h2[k] = Math.max(open[k], c2[k]) * 1.05; l2[k] = Math.min(open[k], c2[k]) * 0.9; v2[k] = 0.01;
      const b = run(c2, h2, l2, v2);
      const upTo = (r: typeof a) => r.fills.filter((f) => f.bar <= k);
      expect(upTo(b)).toEqual(upTo(a));
    }), { numRuns: 60 });
  });
});
