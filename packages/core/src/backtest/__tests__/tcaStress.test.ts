import { describe, expect, it } from 'vitest';
import { runBacktest, applyStressScenario, runStressTests, transactionCostAnalysis, timeWindowInput } from '../index.ts';
import type { BacktestOrder, BacktestFill } from '../index.ts';
import { makeBars, quietConfig, DAY0 } from './helpers.ts';

const order = (o: Partial<BacktestOrder>): BacktestOrder => ({
  id: 0, symbol: 'BTC', kind: 'entry', side: 1, reason: 'entry', decisionTs: 0, decisionBar: 0, decisionPrice: 100, qty: 1, filledQty: 1, latencyMs: 4,
  arrivalTs: 4, arrivalPrice: 100, avgFillPrice: 100, fills: 1, partialFills: 0, status: 'filled', tradeId: 0, ...o,
});
const fill = (f: Partial<BacktestFill>): BacktestFill => ({ orderId: 0, symbol: 'BTC', ts: 4, bar: 1, side: 1, qty: 1, price: 100, refPrice: 100, fee: 0, slippage: 0, liquidity: 'taker', ...f });

describe('transactionCostAnalysis(orders, fills, trades)', () => {
  it('computes slippage vs arrival, shortfall vs decision, fill rate and buckets by hand', () => {
    // Buy 5 @ decision 100, arrival 101, avg fill 101.5 → slippage (101.5−101)/101 × 1e4, shortfall 150 bp. Notional 507.5 → small.
    // Sell 200 (of 250) @ decision 100, arrival 99, avg 98.01 → slippage −1·(98.01−99)/99 × 1e4 = 100 bp, shortfall 199 bp. 19 602 → large.
    const orders = [
      order({ id: 0, qty: 5, filledQty: 5, decisionPrice: 100, arrivalPrice: 101, avgFillPrice: 101.5, latencyMs: 2 }),
      order({ id: 1, side: -1, kind: 'exit', qty: 250, filledQty: 200, decisionPrice: 100, arrivalPrice: 99, avgFillPrice: 98.01, partialFills: 1, latencyMs: 8, status: 'partial' }),
    ];
    const fills = [fill({ orderId: 0, qty: 5, price: 101.5, fee: 0.25 }), fill({ orderId: 1, side: -1, qty: 200, price: 98.01, fee: 9.8 })];
    const t = transactionCostAnalysis(orders, fills, []);
    expect(t.orders[0].slippageBp).toBeCloseTo((0.5 / 101) * 1e4, 9);
    expect(t.orders[0].shortfallBp).toBeCloseTo(150, 9);
    expect(t.orders[1].slippageBp).toBeCloseTo(100, 9);
    expect(t.orders[1].shortfallBp).toBeCloseTo(199, 9);
    expect(t.orders[0].sizeBucket).toBe('small');
    expect(t.orders[1].sizeBucket).toBe('large');
    expect(t.aggregate.fillRate).toBeCloseTo(205 / 255, 12);
    expect(t.aggregate.fees).toBeCloseTo(10.05, 12);
    expect(t.aggregate.partialFills).toBe(1);
    expect(t.aggregate.meanLatencyMs).toBe(5);
    const n0 = 5 * 101.5, n1 = 200 * 98.01;
    expect(t.aggregate.shortfallBp).toBeCloseTo((150 * n0 + 199 * n1) / (n0 + n1), 9);
    expect(t.bySide.buy.orders).toBe(1);
    expect(t.bySide.sell.slippageBp).toBeCloseTo(100, 9);
    expect(t.bySize.medium.orders).toBe(0);
  });
});

describe('stress scenarios', () => {
  const n = 200;
  const open: number[] = [], close: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) { open.push(p); p *= 1 + 0.003 * Math.sin(i / 5); close.push(p); }
  const bars = makeBars('BTC', open, close, undefined, 3_600_000); // hourly: 25 funding settlements
  const input = { bars: { BTC: bars }, signals: { BTC: { side: new Int8Array(n).fill(1) } } };
  const config = quietConfig();

  it('applyStressScenario: a −10% gap scales every price from the middle bar; inputs untouched', () => {
    const s = applyStressScenario(input, config, { name: 'g', kind: 'price_gap', gap: -0.1 });
    expect(s.input.bars.BTC.open[100]).toBeCloseTo(open[100] * 0.9, 12);
    expect(s.input.bars.BTC.close[99]).toBe(close[99]);
    expect(bars.open[100]).toBe(open[100]);
  });

  it('applyStressScenario: volatility ×3 triples each log move; drought and latency scale the config', () => {
    const s = applyStressScenario(input, config, { name: 'v', kind: 'vol_multiplier', factor: 3 });
    const b = s.input.bars.BTC;
    for (const t of [1, 50, 150]) expect(Math.log(b.close[t] / b.close[t - 1])).toBeCloseTo(3 * Math.log(close[t] / close[t - 1]), 10);
    const d = applyStressScenario(input, config, { name: 'd', kind: 'liquidity_drought', slippageMultiplier: 5, fullFillProb: 0.5 });
    expect(d.config.execution.slippage_curve.large_size).toBeCloseTo(0.0175, 15);
    expect(d.config.execution.partial_fill_prob).toBe(0.5);
    const l = applyStressScenario(input, config, { name: 'l', kind: 'latency_multiplier', factor: 10 });
    expect(l.config.execution.latency_ms).toEqual([0, 0]);
    const f = applyStressScenario(input, config, { name: 'f', kind: 'funding_spike', add: 0.003 });
    expect(f.input.funding!.BTC.value.every((v) => v === 0.003)).toBe(true);
  });

  it('runStressTests: a −20% gap while long loses 20% of the position; the funding spike charges the long', () => {
    const rep = runStressTests(input, config, { seed: 1 });
    const base = rep.outcomes[0], gap20 = rep.outcomes.find((o) => o.name === 'gap -20%')!;
    // 5% of 100 000 at close[0] = 100 → 50 units held from bar 1; the gap takes 20% of close[99]→ prices after.
    const r = runBacktest(input, config, { seed: 1 });
    expect(base.pnl).toBeCloseTo(r.metrics.finalEquity - 100_000, 9);
    expect(gap20.pnlVsBase).toBeCloseTo(-0.2 * 50 * close[n - 1], 6);
    const spike = rep.outcomes.find((o) => o.kind === 'funding_spike')!;
    expect(spike.pnlVsBase).toBeLessThan(0);
  });

  it('timeWindowInput(input, start, end) keeps the rows in [start, end)', () => {
    const w = timeWindowInput(input, DAY0 + 10 * 3_600_000, DAY0 + 20 * 3_600_000);
    expect(w.bars.BTC.ts.length).toBe(10);
    expect(w.bars.BTC.ts[0]).toBe(DAY0 + 36_000_000);
    expect(w.signals.BTC.side.length).toBe(10);
  });
});

describe('alignBars(series) and parseSignalsCsv(text, bars)', () => {
  it('keeps the common timestamps only', async () => {
    const { alignBars } = await import('../index.ts');
    const a = makeBars('A', [1, 2, 3, 4], [1, 2, 3, 4]);
    const b = makeBars('B', [5, 6, 7], [5, 6, 7], undefined, 60_000, DAY0 + 60_000);
    const r = alignBars([a, b]);
    expect(Array.from(r.A.ts)).toEqual([DAY0 + 60_000, DAY0 + 120_000, DAY0 + 180_000]);
    expect(Array.from(r.A.close)).toEqual([2, 3, 4]);
    expect(Array.from(r.B.close)).toEqual([5, 6, 7]);
  });
  it('matches rows by ts and names file:line on bad values', async () => {
    const { parseSignalsCsv } = await import('../index.ts');
    const bars = { BTC: makeBars('BTC', [1, 2, 3], [1, 2, 3]) };
    const s = parseSignalsCsv(`ts,side,prob\n${DAY0 + 60_000},1,0.6\n1999-01-01,1,0.5\n`, bars, 's.csv');
    expect(Array.from(s.BTC.side)).toEqual([0, 1, 0]);
    expect(s.BTC.prob![1]).toBe(0.6);
    expect(() => parseSignalsCsv(`ts,side\n${DAY0},2\n`, bars, 's.csv')).toThrow('s.csv:2: side: expected -1, 0 or 1, got "2"');
  });
  it('runBacktest rejects a non-positive price with its key path', () => {
    const bad = makeBars('BTC', [1, 2, 3], [1, Number.NaN, 3]);
    expect(() => runBacktest({ bars: { BTC: bad }, signals: { BTC: { side: new Int8Array(3) } } }, quietConfig(), { seed: 1 })).toThrow('bars.BTC.close[1]: expected a positive price (run QC first), got NaN');
  });
});

describe('stress outcomes explain themselves (runStressTests notes)', () => {
  const n = 200;
  const open: number[] = [], close: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) { open.push(p); p *= 1 + 0.003 * Math.sin(i / 5); close.push(p); }
  const bars = makeBars('BTC', open, close, undefined, 3_600_000);
  const config = quietConfig();

  it('a gap hits the position held from the middle on: flat at the middle bar → the gap lands on the first bar entered long', () => {
    // flat for bars 0–119, long from bar 120 (signal at 119 → position at close of 120): the middle bar 100 is flat
    const side = new Int8Array(n); side.fill(1, 119);
    const rep = runStressTests({ bars: { BTC: bars }, signals: { BTC: { side } } }, config, { seed: 1 });
    const base = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side } } }, config, { seed: 1 });
    const firstHeld = Array.from(base.equity.positions.BTC).findIndex((q, t) => t >= 99 && q !== 0) + 1;
    const q = base.equity.positions.BTC[firstHeld - 1];
    expect(firstHeld).toBeGreaterThan(100);
    const g10 = rep.outcomes.find((o) => o.name === 'gap -10%')!;
    expect(g10.gapTs).toBe(bars.ts[firstHeld]);
    // the gap takes 10 % of the held position's value at the open: −0.1 · q · open[at]
    expect(g10.note).toContain(`long ${q.toPrecision(4)} BTC held into the gap`);
    const immediate = -0.1 * q * open[firstHeld];
    expect(g10.note).toContain(`−$${Math.abs(immediate).toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })} at the open`);
    expect(g10.pnlVsBase).toBeLessThan(0);
  });

  it('says "flat at the time of the gap" when no position is held from the middle on, and why a funding spike changes nothing when flat', () => {
    const side = new Int8Array(n); // never trades
    const rep = runStressTests({ bars: { BTC: bars }, signals: { BTC: { side } } }, config, { seed: 1 });
    const g20 = rep.outcomes.find((o) => o.name === 'gap -20%')!;
    expect(g20.note).toMatch(/^flat at the time of the gap/);
    expect(g20.gapTs).toBe(bars.ts[100]);
    const spike = rep.outcomes.find((o) => o.kind === 'funding_spike')!;
    expect(spike.pnlVsBase).toBe(0);
    expect(spike.note).toMatch(/^no change: flat throughout, so the \+0\.30 % per 8-hour settlement was never charged/);
  });

  it('a funding spike on a long charges it and says how much; latency inside one bar says why nothing changed', () => {
    const side = new Int8Array(n).fill(1);
    const rep = runStressTests({ bars: { BTC: bars }, signals: { BTC: { side } } }, config, { seed: 1 });
    const spike = rep.outcomes.find((o) => o.kind === 'funding_spike')!;
    const base = runBacktest({ bars: { BTC: bars }, signals: { BTC: { side } } }, config, { seed: 1 });
    expect(spike.pnlVsBase).toBeLessThan(0);
    expect(spike.note).toMatch(/^\+0\.30 % per 8-hour settlement: funding paid \$[\d,.]+ more than the base/);
    const lat = rep.outcomes.find((o) => o.kind === 'latency_multiplier')!;
    if (lat.pnlVsBase === 0 && lat.trades === base.trades.length) expect(lat.note).toMatch(/^no change: latency .* stays inside one 60-minute bar/);
  });
});
