import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBacktest } from '../index.ts';
import { fundingRatesAtBars } from '../../execution/funding.ts';
import { createRng } from '../../util/rng.ts';
import { defaultConfig } from '../../config/load.ts';
import type { BacktestConfig } from '../types.ts';
import { DAY0 } from './helpers.ts';

/**
 * Accounting identity checked at every bar, rebuilt independently from the fill log:
 *   equity[t] = grossCash[t] + Σ_a position_a[t] × close_a[t] − fees[t] − slippage[t] − funding[t]
 * where grossCash = initial cash − Σ side × qty × refPrice over fills up to bar t (trading at the
 * pre-cost reference price), fees/slippage are the fills' cumulative fee and slippage cost
 * (qty × |price − refPrice|) and funding the cumulative settlement payments; also
 * cash[t] = grossCash[t] − fees[t] − slippage[t] − funding[t] and positions = Σ signed fill qty.
 */
function makeCase(seed: number, n: number, cfgPick: number) {
  const rng = createRng(seed);
  const symbols = ['BTC', 'ETH'];
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) ts[i] = DAY0 + i * 3_600_000;
  const bars: Record<string, ReturnType<typeof bar>> = {};
  const signals: Record<string, { side: Int8Array; prob?: Float64Array; size?: Float64Array }> = {};
  const funding: Record<string, { name: string; ts: Float64Array; value: Float64Array }> = {};
  function bar(sym: string, p0: number) {
    const o = new Float64Array(n), c = new Float64Array(n), v = new Float64Array(n);
    let p = p0;
    for (let i = 0; i < n; i++) { o[i] = p * (1 + 0.002 * rng.normal()); p = o[i] * Math.exp(0.02 * rng.normal()); c[i] = p; v[i] = rng.next() * 50; }
    return { symbol: sym, intervalMs: 3_600_000, ts, open: o, high: c, low: c, close: c, volume: v };
  }
  symbols.forEach((s, k) => {
    bars[s] = bar(s, k === 0 ? 30_000 : 2000);
    const side = new Int8Array(n);
    let cur = 0;
    for (let i = 0; i < n; i++) { if (rng.next() < 0.15) cur = rng.int(3) - 1; side[i] = cur; }
    signals[s] = cfgPick % 7 === 3 ? { side, size: Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? 0 : 0.4 * rng.next())) }
      : cfgPick % 2 === 0 ? { side } : { side, prob: Float64Array.from({ length: n }, () => 0.4 + 0.4 * rng.next()) };
    const fts = Float64Array.from({ length: Math.floor(n / 8) }, (_, j) => DAY0 + (j + 1) * 8 * 3_600_000);
    funding[s] = { name: 'funding', ts: fts, value: fts.map(() => 0.0003 * rng.normal()) };
  });
  const d = defaultConfig();
  const models: BacktestConfig['execution']['models'] = {
    slippage: [{ kind: 'curve' as const }, { kind: 'sqrt_impact' as const, coefficient: 1, vol_window: 5 }, { kind: 'fixed' as const, rate: 0.001 }][cfgPick % 3],
    fill: { kind: 'probabilistic' },
    latency: { kind: 'uniform' },
    participation: { kind: 'cap', max_pct: 0.2, remainder: cfgPick % 4 < 2 ? 'carry' : 'cancel', lookback: 1 + (cfgPick % 3) * 10 },
  };
  const config: BacktestConfig = {
    execution: { ...d.execution, models, fill_at: cfgPick % 5 === 0 ? 'close' : 'next_open', partial_fill_prob: 0.7 },
    risk: { ...d.risk, max_position_pct: 0.3, daily_loss_limit: 0.01, vol_window: 5, consecutive_loss_limit: 2, consecutive_loss_cooldown: cfgPick % 3 === 0 ? { kind: 'bars', bars: 5 } : { kind: 'next_utc_day' } },
  };
  const spread = { BTC: Float64Array.from({ length: n }, () => 0.001 * rng.next()), ETH: Float64Array.from({ length: n }, () => 0.001 * rng.next()) };
  return { input: { bars, signals, funding, spread, payoffRatio: 1.2 }, config };
}

describe('runBacktest accounting invariants (property)', () => {
  it('equity ≡ gross cash + marked positions − fees − slippage − funding at every bar; fills ≤ order size; no entry during a halt', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 20, max: 160 }), fc.integer({ min: 0, max: 59 }), (seed, n, pick) => {
      const { input, config } = makeCase(seed, n, pick);
      const r = runBacktest(input, config, { seed });
      const syms = r.symbols;
      const fr = syms.map((s) => fundingRatesAtBars(input.bars[s].ts, 3_600_000, input.funding[s]));
      let gross = config.execution.initial_cash, fees = 0, slip = 0, fund = 0, k = 0;
      const pos = new Float64Array(syms.length);
      const fills = [...r.fills].sort((a, b) => a.bar - b.bar);
      for (let t = 0; t < n; t++) {
        while (k < fills.length && fills[k].bar === t) {
          const f = fills[k++];
          const a = syms.indexOf(f.symbol);
          gross -= f.side * f.qty * f.refPrice;
          fees += f.fee; slip += f.slippage;
          expect(f.slippage).toBeGreaterThanOrEqual(0);
          expect(Math.abs(f.slippage - f.qty * Math.abs(f.price - f.refPrice))).toBeLessThan(1e-6);
          pos[a] += f.side * f.qty;
        }
        let marked = 0;
        for (let a = 0; a < syms.length; a++) {
          const p = r.equity.positions[syms[a]][t];
          expect(Math.abs(p - pos[a])).toBeLessThan(1e-9 * (1 + Math.abs(pos[a])));
          fund += p * input.bars[syms[a]].close[t] * fr[a][t];
          marked += p * input.bars[syms[a]].close[t];
        }
        const eq = gross + marked - fees - slip - fund;
        expect(Math.abs(r.equity.equity[t] - eq)).toBeLessThan(1e-6);
        expect(Math.abs(r.equity.cash[t] - (gross - fees - slip - fund))).toBeLessThan(1e-6);
      }
      expect(Math.abs(r.metrics.funding - fund)).toBeLessThan(1e-6);
      for (const o of r.orders) {
        expect(o.filledQty).toBeLessThanOrEqual(o.qty * (1 + 1e-12));
        const sum = r.fills.filter((f) => f.orderId === o.id).reduce((s, f) => s + f.qty, 0);
        expect(Math.abs(sum - o.filledQty)).toBeLessThan(1e-9 * (1 + o.qty));
      }
      for (const f of r.fills) {
        if (r.orders[f.orderId].kind !== 'entry') continue;
        const barOpen = input.bars[f.symbol].ts[f.bar];
        for (const h of r.halts) expect(barOpen >= h.ts && barOpen < h.until).toBe(false);
      }
      // determinism
      const again = runBacktest(input, config, { seed });
      expect(again.equity.equity).toEqual(r.equity.equity);
    }), { numRuns: 40 });
  });
});
