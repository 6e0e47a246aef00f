import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { syntheticMarket, simulateBars, FUNDING_CAP } from '../index.ts';
import type { BookSnapshots, TimeSeries } from '../../types.ts';

function corr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxy / Math.sqrt(sxx * syy);
}
function b64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}
function marketBytes(m: ReturnType<typeof syntheticMarket>): string {
  const parts: string[] = [];
  for (const s of Object.values(m.bars)) parts.push(...[s.ts, s.open, s.high, s.low, s.close, s.volume].map(b64));
  for (const group of [m.book ?? {}, m.bookEvents ?? {}]) for (const b of Object.values(group)) parts.push(...[b.ts, b.bidPx, b.bidQty, b.askPx, b.askQty].map(b64));
  for (const group of [m.funding, m.openInterest, { s: m.sentiment }]) for (const t of Object.values(group)) parts.push(b64(t.ts), b64(t.value), b64(t.availableAt!));
  return parts.join('|');
}
function checkBookRows(b: BookSnapshots): void {
  const d = b.depth;
  for (let i = 0; i < b.ts.length; i++) {
    const o = i * d;
    if (!(b.bidPx[o] < b.askPx[o])) throw new Error(`${b.symbol} row ${i}: crossed ${b.bidPx[o]} ≥ ${b.askPx[o]}`);
    for (let k = 0; k < d; k++) {
      if (!(b.bidQty[o + k] > 0 && b.askQty[o + k] > 0)) throw new Error(`${b.symbol} row ${i} level ${k}: size not > 0`);
      if (k > 0 && !(b.bidPx[o + k] < b.bidPx[o + k - 1] && b.askPx[o + k] > b.askPx[o + k - 1])) throw new Error(`${b.symbol} row ${i} level ${k}: not monotone`);
    }
  }
}

const DAYS = 6;
const m = syntheticMarket({ seed: 11, days: DAYS });

describe('syntheticMarket(options)', () => {
  it('is deterministic: the same seed gives identical bytes for every series', () => {
    const a = syntheticMarket({ seed: 5, days: 1 }), b = syntheticMarket({ seed: 5, days: 1 });
    expect(marketBytes(a)).toBe(marketBytes(b));
    expect(marketBytes(a)).not.toBe(marketBytes(syntheticMarket({ seed: 6, days: 1 })));
  });

  it('has BTC and ETH bars, a 10-level close book, 4 events per bar of 5 levels, funding, open interest and sentiment', () => {
    expect(Object.keys(m.bars)).toEqual(['BTC', 'ETH']);
    const n = DAYS * 1440;
    expect(m.book!.BTC.depth).toBe(10);
    expect(m.book!.BTC.ts.length).toBe(n);
    expect(m.bookEvents!.ETH.depth).toBe(5);
    expect(m.bookEvents!.ETH.ts.length).toBe(4 * n);
    expect(m.funding.BTC.ts.length).toBe(DAYS * 3); // settlements in (start, end]
    expect(m.openInterest.ETH.ts.length).toBe(DAYS * 24 + 1); // hours in [start, end]
    expect(m.sentiment.ts.length).toBe(DAYS);
    const barsOnly = syntheticMarket({ seed: 11, days: 1, book: false });
    expect(barsOnly.book).toBeUndefined();
    expect(barsOnly.bookEvents).toBeUndefined();
  });

  it('book snapshots sit at the bar close, mid within one tick of close, bid < ask, levels monotone, sizes > 0', () => {
    for (const s of ['BTC', 'ETH']) {
      const bars = m.bars[s], book = m.book![s];
      checkBookRows(book);
      for (let i = 0; i < bars.ts.length; i++) {
        const mid = (book.bidPx[i * 10] + book.askPx[i * 10]) / 2;
        if (book.ts[i] !== bars.ts[i] + 60_000 || Math.abs(mid - bars.close[i]) > 0.01 + 1e-9) throw new Error(`${s} row ${i}: ts ${book.ts[i]} mid ${mid} close ${bars.close[i]}`);
      }
    }
  });

  it('spread widens with volatility and depth thins', () => {
    const { volFactor } = simulateBars({ seed: 11, days: DAYS });
    const b = m.book!.BTC;
    const n = b.ts.length;
    const spread = new Float64Array(n), depth = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      spread[i] = (b.askPx[i * 10] - b.bidPx[i * 10]) / b.askPx[i * 10];
      for (let k = 0; k < 10; k++) depth[i] += b.bidQty[i * 10 + k] + b.askQty[i * 10 + k];
    }
    expect(corr(spread, volFactor)).toBeGreaterThan(0.3);
    expect(corr(depth, volFactor)).toBeLessThan(-0.2);
  });

  it('events are strictly inside their bar, consistent with the bar range, and the last one of each bar equals the close snapshot', () => {
    for (const s of ['BTC', 'ETH']) {
      const bars = m.bars[s], ev = m.bookEvents![s], snap = m.book![s];
      checkBookRows(ev);
      let bestChanges = 0;
      for (let i = 0; i < bars.ts.length; i++) {
        for (let j = 0; j < 4; j++) {
          const r = i * 4 + j;
          const t = ev.ts[r];
          if (!(t > bars.ts[i] && t < bars.ts[i] + 60_000)) throw new Error(`${s} event ${r} at ${t} outside bar ${bars.ts[i]}`);
          if (ev.bidPx[r * 5] > bars.high[i] || ev.askPx[r * 5] < bars.low[i]) throw new Error(`${s} event ${r} off the bar range`);
          if (r > 0 && (ev.bidPx[r * 5] !== ev.bidPx[(r - 1) * 5] || ev.bidQty[r * 5] !== ev.bidQty[(r - 1) * 5])) bestChanges++;
        }
        const last = (i * 4 + 3) * 5;
        for (let k = 0; k < 5; k++) {
          if (ev.bidPx[last + k] !== snap.bidPx[i * 10 + k] || ev.askQty[last + k] !== snap.askQty[i * 10 + k]) throw new Error(`${s} bar ${i}: last event ≠ close snapshot at level ${k}`);
        }
      }
      // order flow is non-trivial: the best bid (price or size) moves between almost all states
      expect(bestChanges / ev.ts.length).toBeGreaterThan(0.9);
    }
  });

  it('funding settles at 00/08/16 UTC, is capped at ±0.375 % and follows the past 8 h return', () => {
    const f = m.funding.BTC, bars = m.bars.BTC;
    const ret = new Float64Array(f.ts.length);
    for (let k = 0; k < f.ts.length; k++) {
      expect(f.ts[k] % (8 * 3_600_000)).toBe(0);
      expect(f.availableAt![k]).toBe(f.ts[k]);
      expect(Math.abs(f.value[k])).toBeLessThanOrEqual(FUNDING_CAP);
      const end = (f.ts[k] - bars.ts[0]) / 60_000 - 1;
      const start = Math.max(0, end - 480);
      ret[k] = Math.log(bars.close[end] / (end - 480 < 0 ? bars.open[0] : bars.close[start]));
    }
    expect(corr(ret, f.value)).toBeGreaterThan(0.8);
  });

  it('open interest is hourly and positive; sentiment is daily in [0, 100] and published after the day it describes', () => {
    const oi = m.openInterest.ETH;
    for (let k = 0; k < oi.ts.length; k++) {
      expect(oi.ts[k] % 3_600_000).toBe(0);
      expect(oi.value[k]).toBeGreaterThan(0);
    }
    expect(new Set(oi.value).size).toBeGreaterThan(oi.ts.length / 2);
    const s = m.sentiment;
    for (let k = 0; k < s.ts.length; k++) {
      expect(s.ts[k] % 86_400_000).toBe(0);
      expect(s.availableAt![k]).toBe(s.ts[k] + 86_400_000 + 3_600_000);
      expect(s.value[k]).toBeGreaterThanOrEqual(0);
      expect(s.value[k]).toBeLessThanOrEqual(100);
    }
  });

  it('no look-ahead: a shorter market is an exact prefix of a longer one (every series up to the shorter end)', () => {
    const short = syntheticMarket({ seed: 4, days: 2 }), long = syntheticMarket({ seed: 4, days: 3 });
    const prefix = (a: Float64Array, b: Float64Array) => expect(b64(b.subarray(0, a.length))).toBe(b64(a));
    for (const sym of ['BTC', 'ETH']) {
      for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) prefix(short.bars[sym][k], long.bars[sym][k]);
      for (const k of ['ts', 'bidPx', 'bidQty', 'askPx', 'askQty'] as const) {
        prefix(short.book![sym][k], long.book![sym][k]);
        prefix(short.bookEvents![sym][k], long.bookEvents![sym][k]);
      }
      const series: [TimeSeries, TimeSeries][] = [[short.funding[sym], long.funding[sym]], [short.openInterest[sym], long.openInterest[sym]], [short.sentiment, long.sentiment]];
      for (const [a, b] of series) { prefix(a.ts, b.ts); prefix(a.value, b.value); }
    }
  });

  it('property: for any seed, interval, correlation, jump rate and book shape, OHLC and book invariants hold', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(1_000, 60_000, 300_000, 3_600_000), fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 500, noNaN: true }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(['BTC'], ['ETH', 'SOL'], ['BTC', 'ETH', 'DOGE']),
      (seed, intervalMs, correlation, jumpsPerDay, bookLevels, eventsPerBar, symbols) => {
        const mk = syntheticMarket({ seed, bars: 120, intervalMs, correlation, jumpsPerDay, bookLevels, eventsPerBar, symbols: [...symbols] });
        for (const sym of symbols) {
          const b = mk.bars[sym];
          for (let i = 0; i < b.ts.length; i++) {
            if (!(b.low[i] > 0 && b.low[i] <= Math.min(b.open[i], b.close[i]) && b.high[i] >= Math.max(b.open[i], b.close[i]) && b.volume[i] >= 0)) throw new Error(`${sym} bar ${i}`);
          }
          checkBookRows(mk.book![sym]);
          if (eventsPerBar > 0) {
            const ev = mk.bookEvents![sym];
            checkBookRows(ev);
            for (let r = 0; r < ev.ts.length; r++) {
              const bar = Math.floor(r / eventsPerBar);
              if (!(ev.ts[r] > b.ts[bar] && ev.ts[r] < b.ts[bar] + intervalMs)) throw new Error(`${sym} event ${r} outside its bar`);
            }
          } else expect(mk.bookEvents).toBeUndefined();
        }
      }), { numRuns: 60 });
  });
});
