import type { BarSeries, BookSnapshots } from '../data/types.ts';
import { UserInputError } from '../util/errors.ts';
import type { PipelineInputs } from './types.ts';

function sliceBars(b: BarSeries, rows: Int32Array): BarSeries {
  const pick = (a: Float64Array) => { const o = new Float64Array(rows.length); for (let i = 0; i < rows.length; i++) o[i] = a[rows[i]]; return o; };
  return { symbol: b.symbol, intervalMs: b.intervalMs, ts: pick(b.ts), open: pick(b.open), high: pick(b.high), low: pick(b.low), close: pick(b.close), volume: pick(b.volume) };
}

function sliceSnapshots(s: BookSnapshots, rows: Int32Array): BookSnapshots {
  const d = s.depth;
  const pick = (a: Float64Array, w: number) => { const o = new Float64Array(rows.length * w); for (let i = 0; i < rows.length; i++) o.set(a.subarray(rows[i] * w, rows[i] * w + w), i * w); return o; };
  return { ...s, ts: pick(s.ts, 1), bidPx: pick(s.bidPx, d), bidQty: pick(s.bidQty, d), askPx: pick(s.askPx, d), askQty: pick(s.askQty, d) };
}

/**
 * alignInputs(inputs, symbols, range) – keeps the configured symbols, restricts bars to
 * [start, end) and to the bar times every symbol has (intersection), and slices the per-bar book
 * snapshots the same way. Time series (funding, OI, sentiment, book events) are kept whole: their
 * consumers join them as-of on bar times. A symbol without bars is a UserInputError.
 */
export function alignInputs(inputs: PipelineInputs, symbols: string[], range: { start: number | null; end: number | null }): PipelineInputs {
  for (const s of symbols) if (!inputs.bars[s]) throw new UserInputError('data.symbols', `bars for every symbol (available: ${Object.keys(inputs.bars).join(', ') || 'none'})`, s);
  const lo = range.start ?? -Infinity, hi = range.end ?? Infinity;
  // count how many symbols have each bar time within the range
  const counts = new Map<number, number>();
  for (const s of symbols) {
    const ts = inputs.bars[s].ts;
    for (let i = 0; i < ts.length; i++) if (ts[i] >= lo && ts[i] < hi) counts.set(ts[i], (counts.get(ts[i]) ?? 0) + 1);
  }
  const bars: Record<string, BarSeries> = {};
  const snapshots: Record<string, BookSnapshots> = {};
  for (const s of symbols) {
    const b = inputs.bars[s];
    const keep: number[] = [];
    for (let i = 0; i < b.ts.length; i++) if (counts.get(b.ts[i]) === symbols.length && (keep.length === 0 || b.ts[i] > b.ts[keep[keep.length - 1]])) keep.push(i);
    if (keep.length < 2) throw new UserInputError('data.range', `at least 2 bars common to ${symbols.join(', ')} inside the range`, `${keep.length} bars`);
    const rows = Int32Array.from(keep);
    const same = rows.length === b.ts.length;
    bars[s] = same ? b : sliceBars(b, rows);
    const snap = inputs.snapshots?.[s];
    if (snap) {
      if (snap.ts.length !== b.ts.length) throw new Error(`snapshots of ${s} must have one row per bar; had ${snap.ts.length} rows for ${b.ts.length} bars`);
      snapshots[s] = same ? snap : sliceSnapshots(snap, rows);
    }
  }
  return { ...inputs, bars, snapshots: inputs.snapshots ? snapshots : undefined };
}
