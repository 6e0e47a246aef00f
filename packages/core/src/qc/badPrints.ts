import type { BarSeries } from '../data/types.ts';
import { isoUtc } from '../data/parse/isoTime.ts';
import type { QcBadPrint } from './types.ts';

const FIELDS = ['open', 'high', 'low', 'close'] as const;

function median(v: number[]): number {
  v.sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/**
 * badPrints(bars, rows, scale, threshold, maxListed) – prices that no neighbour confirms: for kept row k
 * (time order) the reference is the median of (previous close, open, close, next open), which one bad value
 * cannot move far; a price p of the bar is a bad print when |ln(p / reference)| > threshold · scale (scale =
 * σ̂ of close-to-close log returns). E.g. the first BTC/USDT hour of 2017-08-17: open = high = 16,199.91
 * while low/close and the next open are ≈ 4,300. One entry per bar (its bad fields listed); flagged, never changed. A short linear pass; the rare
 * candidates take the median of ≤ 4 values.
 */
export function badPrints(bars: BarSeries, rows: Int32Array, scale: number, threshold: number, maxListed: number): { list: QcBadPrint[]; count: number } {
  const list: QcBadPrint[] = [];
  let count = 0;
  const m = rows.length;
  if (!(scale > 0) || m === 0) return { list, count };
  const cut = Math.exp(threshold * scale);
  const cols = [bars.open, bars.high, bars.low, bars.close];
  const { open, high, low, close } = bars;
  let pc = m > 0 ? open[rows[0]] : 0;
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    const o = open[i], c = close[i], h = high[i], l = low[i];
    const no = k + 1 < m ? open[rows[k + 1]] : c;
    // cheap exact screen: the reference lies within [rMin, rMax] of its inputs, so when every price and both
    // ends sit within a factor `cut` of each other no price can be flagged
    let rMin = o < c ? o : c, rMax = o < c ? c : o;
    if (pc < rMin) rMin = pc; else if (pc > rMax) rMax = pc;
    if (no < rMin) rMin = no; else if (no > rMax) rMax = no;
    const hi = rMin * cut, lo = rMax / cut;
    const prevClose = pc;
    pc = c;
    if (rMax <= hi && h <= hi && h >= lo && l >= lo && l <= hi) continue;
    const refs = [o, c];
    if (k > 0) refs.push(prevClose);
    if (k + 1 < m) refs.push(no);
    const ref = median(refs);
    const fields: QcBadPrint['fields'] = [];
    let zMax = 0;
    for (let f = 0; f < 4; f++) {
      const z = Math.abs(Math.log(cols[f][i] / ref)) / scale;
      if (!(z > threshold)) continue;
      fields.push(FIELDS[f]);
      zMax = Math.max(zMax, z);
    }
    if (fields.length === 0) continue;
    count++;
    if (list.length < maxListed) list.push({ row: i, ts: bars.ts[i], iso: isoUtc(bars.ts[i]), fields, reference: ref, z: zMax, open: o, high: h, low: l, close: c });
  }
  return { list, count };
}
