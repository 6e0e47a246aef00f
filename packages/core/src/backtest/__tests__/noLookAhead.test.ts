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
