import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bookBacktest, periodicBookOrders } from '../index.ts';
import type { BookBacktestInput, BookOrderRequest } from '../index.ts';
import { defaultConfig } from '../../config/load.ts';
import type { ExecutionConfig } from '../../config/execution.ts';
import { createRng } from '../../util/rng.ts';

const ex: ExecutionConfig = { ...defaultConfig().execution, latency_ms: [0, 0], models: { ...defaultConfig().execution.models, latency: { kind: 'fixed', ms: 0 } } };

function book(rows: { ts: number; bid: [number, number][]; ask: [number, number][] }[], trades: [number, number, number, 1 | -1][]): BookBacktestInput {
  const L = 3, n = rows.length;
  const bidPx = new Float64Array(n * L).fill(Number.NaN), bidQty = new Float64Array(n * L).fill(Number.NaN), askPx = new Float64Array(n * L).fill(Number.NaN), askQty = new Float64Array(n * L).fill(Number.NaN);
  rows.forEach((r, i) => {
    r.bid.forEach(([p, q], l) => { bidPx[i * L + l] = p; bidQty[i * L + l] = q; });
    r.ask.forEach(([p, q], l) => { askPx[i * L + l] = p; askQty[i * L + l] = q; });
  });
  return {
    symbol: 'BTCUSDT',
    events: { symbol: 'BTCUSDT', depth: L, ts: Float64Array.from(rows.map((r) => r.ts)), bidPx, bidQty, askPx, askQty },
    trades: { symbol: 'BTCUSDT', ts: Float64Array.from(trades.map((t) => t[0])), price: Float64Array.from(trades.map((t) => t[1])), qty: Float64Array.from(trades.map((t) => t[2])), side: Int8Array.from(trades.map((t) => t[3])) },
  };
}

const bids: [number, number][] = [[99, 1], [98, 2], [97, 3]];
const asks: [number, number][] = [[101, 0.5], [102, 1], [103, 2]];
const rows = [
  { ts: 1000, bid: bids, ask: asks },
  { ts: 2000, bid: [[99, 0.6], [98, 2], [97, 3]] as [number, number][], ask: asks },
  { ts: 3000, bid: [[99, 0.6], [98, 2], [97, 3]] as [number, number][], ask: asks },
];
const tape: [number, number, number, 1 | -1][] = [[1500, 99, 0.2, -1], [2500, 99, 0.5, -1], [2600, 99, 0.3, -1], [2650, 101, 5, 1]];

describe('bookBacktest(input, orders, execution, {seed}) – hand cases', () => {
  it('walks the book level by level for a market order', () => {
    // 1.2 = 0.5 @ 101 + 0.7 @ 102; avg (50.5 + 71.4) / 1.2; taker fee 5 bp of 121.9.
    const r = bookBacktest(book(rows, tape), [{ ts: 1000, side: 1, qty: 1.2, type: 'market' }], ex, { seed: 1 });
    expect(r.fills.map((f) => [f.price, f.qty])).toEqual([[101, 0.5], [102, 0.7]]);
    expect(r.orders[0].avgFillPrice).toBeCloseTo((50.5 + 71.4) / 1.2, 12);
    expect(r.summary.fees).toBeCloseTo(121.9 * 0.0005, 12);
    expect(r.orders[0].status).toBe('filled');
    // arrival mid 100 → slippage (101.5833 − 100) / 100 × 1e4 bp
    expect(r.summary.slippageBp).toBeCloseTo(((50.5 + 71.4) / 1.2 - 100) / 100 * 1e4, 9);
  });

  it('fills partially when the visible depth runs out', () => {
    const r = bookBacktest(book(rows, tape), [{ ts: 1000, side: 1, qty: 5, type: 'market' }], ex, { seed: 1 });
    expect(r.orders[0].filledQty).toBeCloseTo(3.5, 12);
    expect(r.orders[0].status).toBe('partial');
  });

  it('queues a resting limit order: trades at its price and pro-rata cancellations move it forward', () => {
    // Ahead 1 at arrival. Trade 0.2 @ 99 → ahead 0.8. Next state shows 0.6: cancelled 1 − 0.6 − 0.2 = 0.2,
    // ahead −= 0.2 × 0.8 / 1 → 0.64. Trade 0.5 → ahead 0.14. Trade 0.3 → 0.16 for us (maker at 99).
    const r = bookBacktest(book(rows, tape), [{ ts: 1000, side: 1, qty: 0.5, type: 'limit', limitPrice: 99 }], ex, { seed: 1 });
    expect(r.orders[0].queueAhead).toBe(1);
    expect(r.fills.length).toBe(1);
    expect(r.fills[0]).toMatchObject({ price: 99, liquidity: 'maker', ts: 2600 });
    expect(r.fills[0].qty).toBeCloseTo(0.16, 12);
    expect(r.fills[0].fee).toBeCloseTo(0.16 * 99 * 0.0001, 15);
    expect(r.orders[0].status).toBe('partial');
  });

  it('a trade through the limit price fills the remainder', () => {
    const r = bookBacktest(book(rows, [...tape, [2700, 98, 0.1, -1]]), [{ ts: 1000, side: 1, qty: 0.5, type: 'limit', limitPrice: 99 }], ex, { seed: 1 });
    expect(r.orders[0].filledQty).toBeCloseTo(0.5, 12);
    expect(r.fills[1]).toMatchObject({ price: 99, ts: 2700 });
  });

  it('a marketable limit takes up to its price, then rests at the front of a new level', () => {
    const r = bookBacktest(book(rows, tape), [{ ts: 1000, side: 1, qty: 1, type: 'limit', limitPrice: 101.5 }], ex, { seed: 1 });
    expect(r.fills[0]).toMatchObject({ price: 101, qty: 0.5, liquidity: 'taker' });
    expect(r.orders[0].queueAhead).toBe(0);
    // The sell printed at 99 (ts 1500) went through our 101.5 bid: it fills the resting 0.5 as maker.
    expect(r.fills[1]).toMatchObject({ price: 101.5, qty: 0.5, liquidity: 'maker', ts: 1500 });
    expect(r.orders[0].filledQty).toBeCloseTo(1, 12);
  });
});

describe('bookBacktest – no fill better than the book (property)', () => {
  it('market fills sit on displayed levels at or behind the touch; limit fills never beat the limit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
      const rng = createRng(seed);
      const n = 40, L = 3;
      const rs = [] as { ts: number; bid: [number, number][]; ask: [number, number][] }[];
      let mid = 100;
      for (let i = 0; i < n; i++) {
        mid += rng.int(3) - 1;
        rs.push({ ts: 1000 * (i + 1), bid: Array.from({ length: L }, (_, l) => [mid - 1 - l, 0.1 + rng.next()] as [number, number]), ask: Array.from({ length: L }, (_, l) => [mid + 1 + l, 0.1 + rng.next()] as [number, number]) });
      }
      const trades: [number, number, number, 1 | -1][] = Array.from({ length: 80 }, (_, k) => [1000 + 500 * k, 95 + rng.int(11), rng.next(), rng.next() < 0.5 ? 1 : -1]);
      const input = book(rs, trades);
      const orders: BookOrderRequest[] = Array.from({ length: 20 }, (_, k) => {
        const side: 1 | -1 = rng.next() < 0.5 ? 1 : -1;
        return k % 2 === 0 ? { ts: 1000 + 1700 * k, side, qty: 3 * rng.next() + 0.01, type: 'market' } : { ts: 1000 + 1700 * k, side, qty: rng.next() + 0.01, type: 'limit', limitPrice: 95 + rng.int(11) };
      });
      const cfg = { ...ex, latency_ms: [2, 800] as [number, number], models: { ...ex.models, latency: { kind: 'uniform' as const } } };
      const r = bookBacktest(input, orders, cfg, { seed });
      for (const f of r.fills) {
        const o = r.orders[f.orderId];
        expect(f.qty).toBeGreaterThan(0);
        if (f.liquidity === 'taker') {
          expect(f.side * (f.price - o.arrivalTouch)).toBeGreaterThanOrEqual(0);
        }
        if (o.type === 'limit') expect(f.side * (f.price - o.limitPrice)).toBeLessThanOrEqual(0);
      }
      for (const o of r.orders) expect(o.filledQty).toBeLessThanOrEqual(o.qty * (1 + 1e-12));
    }), { numRuns: 40 });
  });

  it('periodicBookOrders(events, {everyMs, qty}) alternates sides and order types', () => {
    const o = periodicBookOrders(book(rows, tape).events, { everyMs: 500, qty: 0.1 });
    expect(o.map((x) => [x.ts, x.side, x.type])).toEqual([[1500, 1, 'market'], [2000, -1, 'market'], [2500, 1, 'limit'], [3000, -1, 'limit']]);
    expect(o[2].limitPrice).toBe(99);
    expect(o[3].limitPrice).toBe(101);
  });
});
