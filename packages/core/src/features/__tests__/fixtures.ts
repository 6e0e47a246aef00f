/** A small seeded market for tests: random-walk bars, a 5-level book, book events, funding, OI, sentiment. */
import { createRng } from '../../util/index.ts';
import type { BarSeries, BookSnapshots, TimeSeries } from '../../data/types.ts';

export interface SmallMarket {
  bars: BarSeries;
  snapshots: BookSnapshots;
  events: BookSnapshots;
  funding: TimeSeries;
  openInterest: TimeSeries;
  sentiment: TimeSeries;
}

export function smallMarket(n: number, seed: number, intervalMs = 60_000, depth = 5): SmallMarket {
  const rng = createRng(seed);
  const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let p = 100;
  const t0 = 1_600_000_000_000;
  for (let i = 0; i < n; i++) {
    ts[i] = t0 + i * intervalMs;
    open[i] = p;
    const r = rng.normal() * 0.002 + (rng.next() < 0.05 ? 0 : 0);
    // round to a 0.01 tick so flat bars happen
    const c = Math.max(1, Math.round(p * Math.exp(r) * 100) / 100);
    close[i] = c;
    high[i] = Math.max(open[i], c) * (1 + Math.abs(rng.normal()) * 0.001);
    low[i] = Math.min(open[i], c) * (1 - Math.abs(rng.normal()) * 0.001);
    volume[i] = 1 + rng.next() * 10;
    p = c;
  }
  const bars: BarSeries = { symbol: 'TEST', intervalMs, ts, open, high, low, close, volume };
  const book = (rows: number, tsOf: (i: number) => number, mid: (i: number) => number): BookSnapshots => {
    const s: BookSnapshots = { symbol: 'TEST', depth, ts: new Float64Array(rows), bidPx: new Float64Array(rows * depth), bidQty: new Float64Array(rows * depth), askPx: new Float64Array(rows * depth), askQty: new Float64Array(rows * depth) };
    for (let i = 0; i < rows; i++) {
      s.ts[i] = tsOf(i);
      const m = mid(i);
      const half = 0.005 + rng.next() * 0.02;
      for (let k = 0; k < depth; k++) {
        s.bidPx[i * depth + k] = Math.round((m - half - 0.01 * k) * 100) / 100;
        s.askPx[i * depth + k] = Math.round((m + half + 0.01 * k) * 100) / 100;
        s.bidQty[i * depth + k] = 1 + Math.floor(rng.next() * 5);
        s.askQty[i * depth + k] = 1 + Math.floor(rng.next() * 5);
      }
    }
    return s;
  };
  const snapshots = book(n, (i) => ts[i] + intervalMs, (i) => close[i]);
  const perBar = 3;
  const events = book(n * perBar, (j) => ts[Math.floor(j / perBar)] + ((j % perBar) + 1) * (intervalMs / (perBar + 1)), (j) => close[Math.floor(j / perBar)]);
  const every8h = 8 * 3_600_000;
  const nf = Math.max(1, Math.ceil((n * intervalMs) / every8h) + 1);
  const funding: TimeSeries = { name: 'funding', ts: new Float64Array(nf), value: new Float64Array(nf) };
  for (let k = 0; k < nf; k++) {
    funding.ts[k] = t0 + k * every8h;
    funding.value[k] = 0.0001 + rng.normal() * 0.0001;
  }
  const openInterest: TimeSeries = { name: 'oi', ts: new Float64Array(n), value: new Float64Array(n), availableAt: new Float64Array(n) };
  let oi = 1e6;
  for (let i = 0; i < n; i++) {
    oi *= 1 + rng.normal() * 0.001;
    openInterest.ts[i] = ts[i] + intervalMs;
    openInterest.availableAt![i] = ts[i] + intervalMs;
    openInterest.value[i] = oi;
  }
  const nd = Math.max(1, Math.ceil((n * intervalMs) / 86_400_000) + 1);
  const sentiment: TimeSeries = { name: 'sentiment', ts: new Float64Array(nd), value: new Float64Array(nd), availableAt: new Float64Array(nd) };
  for (let d = 0; d < nd; d++) {
    sentiment.ts[d] = t0 + d * 86_400_000;
    sentiment.availableAt![d] = t0 + (d + 1) * 86_400_000 + 3_600_000; // published the next day 01:00
    sentiment.value[d] = rng.int(100);
  }
  return { bars, snapshots, events, funding, openInterest, sentiment };
}
