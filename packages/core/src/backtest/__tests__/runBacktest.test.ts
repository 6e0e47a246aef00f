import { describe, expect, it } from 'vitest';
import { runBacktest, backtestInflation } from '../index.ts';
import { DAY0, makeBars, quietConfig } from './helpers.ts';

const side = (xs: number[]) => Int8Array.from(xs);

describe('runBacktest(input, config, {seed}) – hand-computed cost pieces', () => {
  it('acts on bar t+1 open and charges one taker fee', () => {
    // 5% of 100 000 at the signal close 100 → 50 units; fill at bar 1 open 100; fee 50 × 100 × 0.0005 = 2.5.
    const bars = makeBars('BTC', [100, 100, 110, 120], [100, 105, 115, 120]);
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1, 1]) } } }, quietConfig({ execution: { taker_fee: 0.0005 } }), { seed: 1 });
    expect(r.fills.length).toBe(1);
    expect(r.fills[0]).toMatchObject({ bar: 1, qty: 50, price: 100, refPrice: 100, liquidity: 'taker' });
    expect(r.fills[0].fee).toBeCloseTo(2.5, 12);
    expect(r.equity.cash[1]).toBeCloseTo(100_000 - 5000 - 2.5, 9);
    expect(r.equity.equity[1]).toBeCloseTo(100_000 - 5000 - 2.5 + 50 * 105, 9);
    expect(r.equity.positions.BTC[0]).toBe(0);
    expect(r.trades[0]).toMatchObject({ exitReason: 'open', size: 50, entryPrice: 100, exitPrice: 120 });
    expect(r.trades[0].pnl).toBeCloseTo(50 * 20 - 2.5, 9);
    expect(r.equity.ts[0]).toBe(DAY0);
  });

  it('fill_at close fills on the signal bar close (labelled optimistic mode)', () => {
    const bars = makeBars('BTC', [100, 100, 110, 120], [100, 105, 115, 120]);
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1, 1]) } } }, quietConfig({ execution: { fill_at: 'close' } }), { seed: 1 });
    expect(r.fills[0]).toMatchObject({ bar: 0, qty: 50, price: 100 });
    expect(r.equity.positions.BTC[0]).toBe(50);
  });

  it('prices a next_open fill from the open + slippage, whatever the bar does after the open', () => {
    // Latency 30 s of a 60 s bar; fixed slippage 10 bp: buy at 100 × 1.001 = 100.1 at bar 1 whether bar 1 closes at 120 or 80.
    const cfg = quietConfig({ execution: { models: { ...quietConfig().execution.models, slippage: { kind: 'fixed', rate: 0.001 }, latency: { kind: 'fixed', ms: 30_000 } } } });
    for (const c1 of [120, 80]) {
      const r = runBacktest({ bars: { BTC: makeBars('BTC', [100, 100, 100], [100, c1, 100]) }, signals: { BTC: { side: side([1, 1, 1]) } } }, cfg, { seed: 1 });
      expect(r.fills[0]).toMatchObject({ bar: 1, qty: 50, refPrice: 100, ts: DAY0 + 60_000 + 30_000 });
      expect(r.fills[0].price).toBeCloseTo(100.1, 12);
      expect(r.orders[0].arrivalPrice).toBe(100);
    }
  });

  it('adds curve slippage and half the spread to the fill price', () => {
    // 50 × 100 = 5 000 notional → 15 bp; spread at the signal bar 0.002 → + 10 bp: price 100 × 1.0025.
    const bars = makeBars('BTC', [100, 100, 100], [100, 100, 100]);
    const cfg = quietConfig({ execution: { half_spread: true, models: { ...quietConfig().execution.models, slippage: { kind: 'curve' } } } });
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1]) } }, spread: { BTC: Float64Array.from([0.002, 0.002, 0.002]) } }, cfg, { seed: 1 });
    expect(r.fills[0].price).toBeCloseTo(100.25, 10);
    expect(r.fills[0].slippage).toBeCloseTo(50 * 0.25, 10);
    expect(r.tca.orders[0].slippageBp).toBeCloseTo(25, 8);
    expect(r.tca.orders[0].shortfallBp).toBeCloseTo(25, 8);
  });

  it('curve slippage uses the PARENT order notional: ten partial fills of 500 still pay the 5 000 bucket', () => {
    // 50 units × open 100 = 5 000 → medium 15 bp. The cap (10% of the prior mean volume 50 = 5/bar) splits it into ten
    // fills of 5 × 100 = 500 each, which on their own would be "small" (5 bp). Every fill: 100 × 1.0015 = 100.15; slippage 10 × 5 × 0.15 = 7.5.
    const n = 12;
    const bars = makeBars('BTC', new Array(n).fill(100), new Array(n).fill(100), new Array(n).fill(50));
    const base = quietConfig().execution.models;
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: new Int8Array(n).fill(1) } } },
      quietConfig({ execution: { models: { ...base, slippage: { kind: 'curve' }, participation: { kind: 'cap', max_pct: 0.1, remainder: 'carry', lookback: 20 } } } }), { seed: 1 });
    expect(r.fills.length).toBe(10);
    for (const f of r.fills) { expect(f.qty).toBeCloseTo(5, 12); expect(f.price).toBeCloseTo(100.15, 10); }
    expect(r.metrics.slippage).toBeCloseTo(7.5, 9);
    expect(r.orders[0]).toMatchObject({ status: 'filled', fills: 10 });
  });

  it('sqrt impact uses the PARENT order quantity on every partial fill', () => {
    // Closes alternate ×e^±0.01, so over vol_window 2 the per-bar σ = √((0.01² + 0.01²)/1) = √2 · 0.01; mean volume V = 400.
    // Decision at bar 2 (close 100): Q = 5% × 100 000 / 100 = 50 → rate = σ √(50/400) = √2 · 0.01 / √8 = 0.005 for both fills
    // (cap 10% × 400 = 40 at bar 3, the remaining 10 at bar 4); per fill it would be σ√(40/400) ≈ 0.00447 and σ√(10/400) ≈ 0.00224.
    const up = 100 * Math.exp(0.01);
    const bars = makeBars('BTC', [100, 100, 100, 100, 100, 100], [100, up, 100, up, 100, up], [400, 400, 400, 400, 400, 400]);
    const base = quietConfig().execution.models;
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([0, 0, 1, 1, 1, 1]) } } },
      quietConfig({ execution: { models: { ...base, slippage: { kind: 'sqrt_impact', coefficient: 1, vol_window: 2 }, participation: { kind: 'cap', max_pct: 0.1, remainder: 'carry', lookback: 20 } } } }), { seed: 1 });
    expect(r.fills.map((f) => f.bar)).toEqual([3, 4]);
    expect(r.fills[0].qty).toBeCloseTo(40, 12);
    expect(r.fills[1].qty).toBeCloseTo(10, 12);
    for (const f of r.fills) expect(f.price).toBeCloseTo(100.5, 9);
  });

  it('pays one funding settlement: notional × rate, long pays, short receives', () => {
    // Settlement at the close of bar 1 (ts[2]); position 50 at close 105, rate 0.0001 → 0.525.
    const bars = makeBars('BTC', [100, 100, 110, 120], [100, 105, 115, 120]);
    const funding = { BTC: { name: 'funding', ts: Float64Array.from([DAY0 + 120_000]), value: Float64Array.from([0.0001]) } };
    const long = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1, 1]) } }, funding }, quietConfig(), { seed: 1 });
    expect(long.metrics.funding).toBeCloseTo(0.525, 12);
    expect(long.equity.cash[1]).toBeCloseTo(100_000 - 5000 - 0.525, 9);
    expect(long.trades[0].funding).toBeCloseTo(0.525, 12);
    const short = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([-1, -1, -1, -1]) } }, funding }, quietConfig(), { seed: 1 });
    expect(short.metrics.funding).toBeCloseTo(-0.525, 12);
    expect(short.equity.cash[1]).toBeCloseTo(100_000 + 5000 + 0.525, 9);
  });

  it('fills partially under the participation cap on the mean volume of the bars BEFORE the fill bar; the rest is cancelled or carried', () => {
    // lookback 2, max 10%, want 50. Fill bar 1: prior bars {0} → mean 200 → cap 20 (bar 1's own 100 is not known yet).
    // Bar 2: prior {0, 1} → mean 150 → cap 15. Bar 3: prior {1, 2} → mean 550 → cap 55 ≥ the 15 left.
    const bars = makeBars('BTC', [100, 100, 100, 100], [100, 100, 100, 100], [200, 100, 1000, 1000]);
    const base = quietConfig().execution.models;
    const cancel = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1, 1]) } } },
      quietConfig({ execution: { models: { ...base, participation: { kind: 'cap', max_pct: 0.1, remainder: 'cancel', lookback: 2 } } } }), { seed: 1 });
    expect(cancel.fills.map((f) => f.qty)).toEqual([20]);
    expect(cancel.orders[0]).toMatchObject({ status: 'partial', filledQty: 20, partialFills: 1 });
    expect(cancel.tca.aggregate.fillRate).toBeCloseTo(0.4, 12);
    const carry = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1, 1]) } } },
      quietConfig({ execution: { models: { ...base, participation: { kind: 'cap', max_pct: 0.1, remainder: 'carry', lookback: 2 } } } }), { seed: 1 });
    const q = carry.fills.map((f) => f.qty);
    expect(q.length).toBe(3);
    expect(q[0]).toBeCloseTo(20, 12);
    expect(q[1]).toBeCloseTo(15, 12);
    expect(q[2]).toBeCloseTo(15, 12);
    expect(carry.orders[0]).toMatchObject({ status: 'filled', partialFills: 2 });
    expect(carry.orders[0].filledQty).toBeCloseTo(50, 12);
  });

  it('participation cap: no earlier bar → no cap (fill_at close fills fully on bar 0 despite a tiny volume)', () => {
    const bars = makeBars('BTC', [100, 100, 100], [100, 100, 100], [1, 1, 1]);
    const base = quietConfig().execution.models;
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1]) } } },
      quietConfig({ execution: { fill_at: 'close', models: { ...base, participation: { kind: 'cap', max_pct: 0.1, remainder: 'cancel', lookback: 20 } } } }), { seed: 1 });
    expect(r.fills.map((f) => [f.bar, f.qty])).toEqual([[0, 50]]);
  });

  it('a partial-fill draw is seeded and never exceeds the order', () => {
    const bars = makeBars('BTC', [100, 100, 100], [100, 100, 100]);
    const base = quietConfig().execution.models;
    const cfg = quietConfig({ execution: { partial_fill_prob: 0, models: { ...base, fill: { kind: 'probabilistic' } } } });
    const a = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1]) } } }, cfg, { seed: 3 });
    const b = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1]) } } }, cfg, { seed: 3 });
    expect(a.fills[0].qty).toBeGreaterThan(0);
    expect(a.fills[0].qty).toBeLessThan(50);
    expect(a.fills[0].qty).toBe(b.fills[0].qty);
    expect(a.orders[0].partialFills).toBe(1);
  });

  it('reverses long → short with an exit then an entry, closing the trade with its PnL', () => {
    const bars = makeBars('BTC', [100, 100, 120, 120], [100, 110, 120, 120]);
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, -1, -1, -1]) } } }, quietConfig(), { seed: 1 });
    expect(r.trades.length).toBe(2);
    expect(r.trades[0]).toMatchObject({ side: 1, entryPrice: 100, exitPrice: 120, exitReason: 'signal', size: 50 });
    expect(r.trades[0].pnl).toBeCloseTo(1000, 9);
    // Short size from equity at bar 1's close (100 500) × 5% / 110.
    expect(r.trades[1].size).toBeCloseTo(100_500 * 0.05 / 110, 9);
    expect(r.orders.map((o) => o.kind)).toEqual(['entry', 'exit', 'entry']);
  });

  it('sizes with fractional Kelly from prob and the payoff ratio', () => {
    // p = 0.6, b = 2: f* = 0.6 − 0.4/2 = 0.4; × 0.25 = 0.1 → capped at 0.05. p = 0.55, b = 1: f* = 0.1 → 0.025.
    const bars = makeBars('BTC', [100, 100, 100], [100, 100, 100]);
    const run = (p: number, b: number) => runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1]), prob: Float64Array.from([p, p, p]) } }, payoffRatio: b }, quietConfig(), { seed: 1 });
    expect(run(0.6, 2).fills[0].qty).toBeCloseTo(50, 9);
    expect(run(0.55, 1).fills[0].qty).toBeCloseTo(25, 9);
    expect(run(0.4, 1).fills.length).toBe(0);
  });
});

describe('runBacktest(input, config, {seed}) – signals.size', () => {
  const flat = (n: number) => makeBars('BTC', new Array(n).fill(100), new Array(n).fill(100));
  it('enters size[t] × equity / close, capped at max_position_pct, fixed at entry', () => {
    // size 0.02 at bar 0 → 0.02 × 100 000 / 100 = 20 units at bar 1; later sizes (0.04, 0.01) never resize the open trade.
    const r = runBacktest({ bars: { BTC: flat(4) }, signals: { BTC: { side: side([1, 1, 1, 1]), size: Float64Array.from([0.02, 0.04, 0.01, 0.03]) } } }, quietConfig(), { seed: 1 });
    expect(r.fills.map((f) => f.qty)).toEqual([20]);
    // 0.5 is capped at max_position_pct 0.05 → 50 units.
    const capped = runBacktest({ bars: { BTC: flat(3) }, signals: { BTC: { side: side([1, 1, 1]), size: Float64Array.from([0.5, 0.5, 0.5]) } } }, quietConfig(), { seed: 1 });
    expect(capped.fills[0].qty).toBeCloseTo(50, 12);
  });

  it('size 0 with a non-zero side stays flat; the first positive size enters (short: direction from side)', () => {
    // size 0 at bars 0–1 → no order; 0.03 at bar 2 → short 30 units at bar 3.
    const r = runBacktest({ bars: { BTC: flat(5) }, signals: { BTC: { side: side([-1, -1, -1, -1, -1]), size: Float64Array.from([0, 0, 0.03, 0.03, 0.03]) } } }, quietConfig(), { seed: 1 });
    expect(r.fills.map((f) => [f.bar, f.side, f.qty])).toEqual([[3, -1, 30]]);
    expect(r.equity.positions.BTC[2]).toBe(0);
  });

  it('size replaces Kelly from prob (no payoff ratio needed); negative sizes are rejected', () => {
    const r = runBacktest({ bars: { BTC: flat(3) }, signals: { BTC: { side: side([1, 1, 1]), prob: Float64Array.from([0.9, 0.9, 0.9]), size: Float64Array.from([0.01, 0.01, 0.01]) } } }, quietConfig(), { seed: 1 });
    expect(r.fills[0].qty).toBeCloseTo(10, 12);
    expect(() => runBacktest({ bars: { BTC: flat(3) }, signals: { BTC: { side: side([1, 1, 1]), size: Float64Array.from([0.01, -0.01, 0.01]) } } }, quietConfig(), { seed: 1 }))
      .toThrow(/signals\.BTC\.size\[1\]/);
  });
});

describe('runBacktest(input, config, {seed}) – risk limits and metrics.haltedBars', () => {
  it('daily loss limit: flattens, records the halt, no entries until the next UTC day', () => {
    // 20% of equity long; a 20% drop costs 4% > 2% → halt at bar 1's close, flatten at bar 2's open.
    const n = 1442;
    const open = new Array(n).fill(100), close = new Array(n).fill(100);
    close[1] = 80; for (let i = 2; i < n; i++) { open[i] = 80; close[i] = 80; }
    const bars = makeBars('BTC', open, close);
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: new Int8Array(n).fill(1) } } }, quietConfig({ risk: { daily_loss_limit: 0.02, max_position_pct: 0.2 } }), { seed: 1 });
    expect(r.halts.length).toBe(1);
    expect(r.halts[0]).toMatchObject({ reason: 'daily_loss_limit', ts: DAY0 + 120_000, until: DAY0 + 86_400_000 });
    expect(r.trades[0]).toMatchObject({ exitReason: 'daily_loss_limit', exitTs: DAY0 + 120_000 });
    const entries = r.fills.filter((f) => r.orders[f.orderId].kind === 'entry');
    expect(entries.length).toBe(2);
    expect(entries[1].ts).toBeGreaterThanOrEqual(DAY0 + 86_400_000);
    // Halted from bar 1's close until the next UTC day (bar 1440): bars 1 … 1439.
    expect(r.metrics.haltedBars).toEqual({ daily_loss_limit: 1439, consecutive_losses: 0, any: 1439 });
    expect(r.metrics.haltedShare).toBeCloseTo(1439 / 1442, 15);
  });

  it('consecutive-loss limit: pauses entries after 3 losing trades', () => {
    // Each trade: enter at 100, price falls to 99 and the signal exits → a loss. Three in a row pause entries for the day.
    const open: number[] = [], close: number[] = [], sig: number[] = [];
    for (let k = 0; k < 6; k++) { open.push(100, 100, 99); close.push(100, 99, 99); sig.push(1, 0, 0); }
    const bars = makeBars('BTC', open.map((x) => x), close.map((x) => x));
    // normalise prices back to 100 at each trade start
    const r = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side: Int8Array.from(sig) } } }, quietConfig({ risk: { consecutive_loss_limit: 3 } }), { seed: 1 });
    expect(r.halts.map((h) => h.reason)).toEqual(['consecutive_losses']);
    expect(r.trades.length).toBe(3);
    expect(r.trades.every((t) => t.pnl < 0)).toBe(true);
    expect(r.halts[0].until).toBe(DAY0 + 86_400_000);
    // The third loss closes at bar 8's open; the pause runs to the end of the data (bars 8 … 17).
    expect(r.metrics.haltedBars).toEqual({ daily_loss_limit: 0, consecutive_losses: 10, any: 10 });
    expect(r.metrics.haltedShare).toBeCloseTo(10 / 18, 15);
  });

  it('a run without halts counts no halted bars', () => {
    const r = runBacktest({ bars: { BTC: makeBars('BTC', [100, 100, 100], [100, 100, 100]) }, signals: { BTC: { side: side([1, 1, 1]) } } }, quietConfig(), { seed: 1 });
    expect(r.metrics.haltedBars).toEqual({ daily_loss_limit: 0, consecutive_losses: 0, any: 0 });
    expect(r.metrics.haltedShare).toBe(0);
  });
});

describe('backtestInflation(input, config, opts)', () => {
  it('the frictionless run is never worse than the costed one on the same signals', () => {
    const n = 300;
    const open: number[] = [], close: number[] = [];
    let p = 100;
    for (let i = 0; i < n; i++) { open.push(p); p *= 1 + 0.002 * Math.sin(i / 7); close.push(p); }
    const sig = Int8Array.from({ length: n }, (_, i) => (Math.floor(i / 10) % 2 === 0 ? 1 : -1));
    const cfg = quietConfig({ execution: { taker_fee: 0.0005, models: { ...quietConfig().execution.models, slippage: { kind: 'curve' } } } });
    const inf = backtestInflation({ bars: { BTC: makeBars('BTC', open, close) }, signals: { BTC: { side: sig } } }, cfg, { seed: 1 });
    expect(inf.frictionless.totalReturn).toBeGreaterThan(inf.costed.totalReturn);
    expect(inf.relative.totalReturn).toBeCloseTo((inf.frictionless.totalReturn - inf.costed.totalReturn) / Math.abs(inf.frictionless.totalReturn), 12);
  });

  it('separates costs from halts: noHalts = all costs with the halt rules off', () => {
    // 20% long at 100; bar 1 closes at 80 (equity 96 000 < 98 000) → halt, exit at bar 2's open 80 (−4%); the price is back
    // at 100 from bar 2's close on; re-entry the next day at 100 → costed total return −4%. Without the halt rules the
    // 200 units ride 100 → 80 → 100: total return 0. No costs in this config, so the frictionless twin equals the costed run.
    const n = 1442;
    const open = new Array(n).fill(100), close = new Array(n).fill(100);
    close[1] = 80; open[2] = 80;
    const input = { bars: { BTC: makeBars('BTC', open, close) }, signals: { BTC: { side: new Int8Array(n).fill(1) } } };
    const inf = backtestInflation(input, quietConfig({ risk: { daily_loss_limit: 0.02, max_position_pct: 0.2 } }), { seed: 1 });
    expect(inf.costed.totalReturn).toBeCloseTo(-0.04, 12);
    expect(inf.noHalts!.totalReturn).toBeCloseTo(0, 12);
    expect(inf.decomposition!.halts.totalReturn).toBeCloseTo(0.04, 12);
    expect(inf.decomposition!.costs.totalReturn).toBeCloseTo(0, 12);
    expect(inf.frictionless.totalReturn).toBeCloseTo(-0.04, 12);
  });

  it('with both halt rules off, noHalts is the costed run', () => {
    const bars = makeBars('BTC', [100, 100, 101, 102], [100, 101, 102, 103]);
    const cfg = quietConfig({ execution: { taker_fee: 0.001 } });
    const inf = backtestInflation({ bars: { BTC: bars }, signals: { BTC: { side: side([1, 1, 1, 1]) } } }, cfg, { seed: 1 });
    expect(inf.noHalts).toEqual(inf.costed);
    expect(inf.decomposition!.halts).toEqual({ sharpe: 0, totalReturn: 0, maxDrawdown: 0 });
    expect(inf.decomposition!.costs.totalReturn).toBeCloseTo(inf.frictionless.totalReturn - inf.costed.totalReturn, 15);
  });
});
