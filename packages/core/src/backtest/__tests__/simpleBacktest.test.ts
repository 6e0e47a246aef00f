import { describe, expect, it } from 'vitest';
import { simpleBacktest, maCrossSignals, crossedAbove, sideToEntriesExits } from '../index.ts';

describe('simpleBacktest(close, entries, exits, {fee, slippage, initCash}) – from_signals parity', () => {
  // MA(2) × MA(3) crossover on 12 closes, worked by hand:
  // SMA2: –, 11.5, 10.5, 10, 10.5, 11.5, 12.5, 12.5, 11.5, 10.5, 10.5, 11.5
  // SMA3: –, –, 11, 10.333, 10.333, 11, 12, 12.333, 12, 11, 10.667, 11
  // fast < slow at bars 2–3, above at 4 → entry at bar 4 (close 11); below at 8 → exit at bar 8 (close 11);
  // below at 9–10, above at 11 → entry at bar 11 (close 12), still open at the end.
  const close = Float64Array.from([12, 11, 10, 10, 11, 12, 13, 12, 11, 10, 11, 12]);
  const ma = maCrossSignals(close, 2, 3);

  it('finds the crossings by hand', () => {
    expect(Array.from(ma.entries)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(ma.exits)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('matches the hand-worked fills, fees and equity to 1e-9', () => {
    const r = simpleBacktest(close, ma.entries, ma.exits, { fee: 0.001, slippage: 0.0005, initCash: 10_000 });
    // Entry 1: price 11 × 1.0005 = 11.0055; all cash: spend 10 000 / 1.001, fee 10 000 − 10 000 / 1.001.
    const spend1 = 10_000 / 1.001;
    const size1 = spend1 / 11.0055;
    // Exit: price 11 × 0.9995 = 10.9945; cash = size1 × 10.9945 × (1 − 0.001).
    const cash2 = size1 * 10.9945 * 0.999;
    // Entry 2: price 12 × 1.0005 = 12.006; size2 = cash2 / 1.001 / 12.006; equity at the end = size2 × 12.
    const size2 = cash2 / 1.001 / 12.006;
    expect(r.trades.length).toBe(2);
    expect(r.trades[0].entryIdx).toBe(4);
    expect(r.trades[0].exitIdx).toBe(8);
    expect(r.trades[0].size).toBeCloseTo(size1, 9);
    expect(Math.abs(r.trades[0].fees - ((10_000 - spend1) + size1 * 10.9945 * 0.001))).toBeLessThan(1e-9);
    expect(Math.abs(r.trades[0].pnl - (cash2 - 10_000))).toBeLessThan(1e-9);
    expect(r.trades[1].exitIdx).toBe(-1);
    const expectedEquity = [10_000, 10_000, 10_000, 10_000, size1 * 11, size1 * 12, size1 * 13, size1 * 12, cash2, cash2, cash2, size2 * 12];
    for (let i = 0; i < close.length; i++) expect(Math.abs(r.equity[i] - expectedEquity[i])).toBeLessThan(1e-9);
    expect(Math.abs(r.equity[11] - 10_000 * (1 / 1.001 / 11.0055) * 10.9945 * 0.999 / 1.001 / 12.006 * 12)).toBeLessThan(1e-9);
    expect(r.position[11]).toBeCloseTo(size2, 12);
    expect(r.equity[11] - r.position[11] * close[11]).toBeCloseTo(0, 9);
  });

  it('ignores a bar with both an entry and an exit, and repeated entries', () => {
    const c = Float64Array.from([10, 10, 10, 10]);
    const r = simpleBacktest(c, Uint8Array.from([1, 1, 1, 0]), Uint8Array.from([1, 0, 0, 1]), { fee: 0, slippage: 0, initCash: 100 });
    expect(r.trades.length).toBe(1);
    expect(r.trades[0].entryIdx).toBe(1);
    expect(r.trades[0].exitIdx).toBe(3);
  });
});

describe('crossedAbove(a, b) and sideToEntriesExits(side)', () => {
  it('needs a strictly-below stretch before a cross (equal keeps the state, NaN resets)', () => {
    const a = Float64Array.from([1, 2, 2, 3, 1, Number.NaN, 3]);
    const b = Float64Array.from([2, 2, 2, 2, 2, 2, 2]);
    expect(Array.from(crossedAbove(a, b))).toEqual([0, 0, 0, 1, 0, 0, 0]);
  });
  it('enters on +1 and exits otherwise', () => {
    const { entries, exits } = sideToEntriesExits(Int8Array.from([1, 0, -1, 1]));
    expect(Array.from(entries)).toEqual([1, 0, 0, 1]);
    expect(Array.from(exits)).toEqual([0, 1, 1, 0]);
  });
});
