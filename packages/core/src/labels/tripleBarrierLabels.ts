import type { BarSeries } from '../data/types.ts';
import type { LabelSet } from './types.ts';
import type { VolatilitySpec } from './barVolatility.ts';
import { barVolatility } from './barVolatility.ts';
import { gapSegmentStarts } from '../features/gapSegments.ts';

/** Options for {@link tripleBarrierLabels}. */
export interface TripleBarrierOptions {
  /** Vertical barriers in bars (max holding periods); each > 0. @default [10, 20, 50] */
  horizons?: number[];
  /** trgt = multiplier × volatility. @default 2 */
  multiplier?: number;
  /** Upper barrier at +pt·trgt; 0 disables it. @default 1 */
  pt?: number;
  /** Lower barrier at −sl·trgt; 0 disables it. @default 1 */
  sl?: number;
  /** @default { kind: 'atr', window: 20, smoothing: 'wilder' } */
  volatility?: VolatilitySpec;
  /** Events with trgt < this are skipped and counted. @default 0.001 */
  minReturn?: number;
  /** `close`: path c_{t0+1..t0+h}; `high_low`: each bar's high and low. @default "close" */
  touch?: 'close' | 'high_low';
  /** high_low: when one bar crosses both barriers. @default "sl_first" */
  ambiguity?: 'sl_first' | 'pt_first';
  /** Candidate event bars (increasing), e.g. from cusumEvents. @default every bar where trgt is defined */
  events?: Int32Array;
  /** Side per bar (length n, ±1; 0 = no position → event dropped). Enables meta-labels. */
  side?: Int8Array;
  /**
   * Break the bars where two consecutive bar opens are more than this many ms apart (the pipeline passes
   * data.max_gap_bars × the bar interval). The volatility target restarts after a break (undefined until
   * its window refills), and an event whose path from t0 to its vertical barrier t0 + h crosses a break
   * is dropped for that horizon and counted in `dropped.gap`.
   * @default undefined (no breaks: paths run across gaps, as before)
   */
  maxGapMs?: number;
}

/**
 * tripleBarrierLabels(bars, options) – AFML ch. 3 triple-barrier labels, all horizons in ONE pass.
 *
 * Per event t0: trgt = multiplier × vol_{t0}; barriers on the side-adjusted simple return from c_{t0}:
 * upper +pt·trgt, lower −sl·trgt, vertical at bar t0 + h. `close`: r_j = (c_j/c_{t0} − 1)·side for
 * j = t0+1..t0+h, a touch is r_j > up or r_j < −down (strict). `high_low`: the favourable extreme
 * (high for a long, low for a short) against up and the adverse one against down, same strict rule;
 * a bar crossing both is ambiguous and resolved by `ambiguity`; the return of a horizontal touch is
 * then the barrier's own return (+up or −down: where the barrier is crossed). The first touch wins;
 * a touch on the vertical-barrier bar counts as horizontal. Vertical: r = (c_{t0+h}/c_{t0} − 1)·side.
 * The path is scanned once up to the largest horizon, stopping at the first touch. With `maxGapMs`,
 * events whose path t0..t0+h crosses a gap are dropped per horizon (`dropped.gap`).
 *
 * Memory: `label` and `barrier` are the same array (the label IS the barrier touched); t0Idx, t0, trgt
 * and side of every horizon are views of one shared buffer (each horizon's events are a prefix of the
 * event list) – except for a horizon that lost events to a gap, which gets compact copies.
 * Treat the result as read-only.
 */
export function tripleBarrierLabels(bars: BarSeries, options: TripleBarrierOptions = {}): LabelSet[] {
  const horizons = options.horizons ?? [10, 20, 50];
  for (const h of horizons) if (!Number.isInteger(h) || h <= 0) throw new Error(`tripleBarrierLabels: horizons must be positive integers; was ${h}`);
  const mult = options.multiplier ?? 2;
  const ptM = options.pt ?? 1;
  const slM = options.sl ?? 1;
  const minRet = options.minReturn ?? 0.001;
  const highLow = (options.touch ?? 'close') === 'high_low';
  const slFirst = (options.ambiguity ?? 'sl_first') === 'sl_first';
  const side = options.side;
  const { close, high, low, ts } = bars;
  const n = close.length;
  if (side && side.length !== n) throw new Error(`tripleBarrierLabels: side has ${side.length} rows, bars ${n}`);
  const starts = options.maxGapMs === undefined ? null : gapSegmentStarts(ts, options.maxGapMs);
  const gaps = starts !== null && starts.length > 1 ? starts : null;
  const vol = barVolatility(bars, options.volatility ?? { kind: 'atr' }, gaps ?? undefined);
  const H = horizons.length;
  const hs = Int32Array.from(horizons);
  const hMax = Math.max(...horizons);
  const candidates = options.events ?? null;
  const nCand = candidates ? candidates.length : n;
  // Pass 1: the events that get a label (target defined, ≥ min, side ≠ 0), in t0 order. Every
  // horizon's labels are a PREFIX of this list (longer horizons drop more events at the end), so
  // t0Idx / t0 / trgt / side are shared views of one buffer.
  const evT0 = new Int32Array(nCand);
  // Without explicit events, event e is bar e and m ≤ e: the targets can overwrite vol in place
  // (vol[t0] is read before slot m ≤ t0 is written, and later events read later bars).
  const evTrgt = candidates ? new Float64Array(nCand) : vol;
  // With gaps: the end (exclusive) of the gap-free segment holding each event's t0.
  const evSegEnd = gaps ? new Int32Array(nCand) : null;
  let seg = 0;
  let m = 0;
  let undefinedTarget = 0;
  let belowMin = 0;
  let noSide = 0;
  for (let e = 0; e < nCand; e++) {
    const t0 = candidates ? candidates[e] : e;
    if (!(t0 >= 0 && t0 < n)) throw new Error(`tripleBarrierLabels: events[${e}] = ${t0} is outside 0..${n - 1}`);
    if (candidates && e > 0 && t0 < candidates[e - 1]) throw new Error(`tripleBarrierLabels: events must be non-decreasing; events[${e}] = ${t0} < ${candidates[e - 1]}`);
    const trgt = mult * vol[t0];
    if (trgt !== trgt) { undefinedTarget++; continue; }
    if (trgt < minRet) { belowMin++; continue; }
    if (side && side[t0] === 0) { noSide++; continue; }
    evT0[m] = t0;
    evTrgt[m] = trgt;
    if (gaps) {
      while (seg + 1 < gaps.length && gaps[seg + 1] <= t0) seg++;
      evSegEnd![m] = seg + 1 < gaps.length ? gaps[seg + 1] : n;
    }
    m++;
  }
  const counts = new Int32Array(H);
  for (let k = 0; k < H; k++) {
    let c = m;
    while (c > 0 && evT0[c - 1] + hs[k] > n - 1) c--;
    counts[k] = c;
  }
  const t1s = horizons.map((_, k) => new Int32Array(counts[k]));
  const t1ts = horizons.map((_, k) => new Float64Array(counts[k]));
  const bs = horizons.map((_, k) => new Int8Array(counts[k]));
  const rs = horizons.map((_, k) => new Float64Array(counts[k]));
  const ambiguous = new Int32Array(H);
  const gapDropped = new Int32Array(H);
  // Next output row per horizon (= the event index while no event was dropped for a gap).
  const pos = new Int32Array(H);
  const kept = gaps ? horizons.map((_, k) => new Int32Array(counts[k])) : null;
  const mLab = counts.length ? Math.max(...counts) : 0;
  const hit = new Float64Array(3);
  // Pass 2: one scan per event up to its largest horizon that stays in the data, stopping at the first touch.
  for (let i = 0; i < mLab; i++) {
    const t0 = evT0[i];
    const trgt = evTrgt[i];
    const s = side ? side[t0] : 1;
    const c0 = close[t0];
    const up = ptM > 0 ? ptM * trgt : Infinity;
    const dn = slM > 0 ? slM * trgt : Infinity;
    const segEnd = evSegEnd ? evSegEnd[i] : n;
    const last = Math.min(t0 + hMax, segEnd - 1);
    const jHit = highLow ? firstTouchHighLow(high, low, t0, last, c0, up, dn, s, slFirst, hit) : firstTouchClose(close, t0, last, c0, up, dn, s, hit);
    const bHit = hit[0];
    const rHit = hit[1];
    const amb = hit[2] === 1;
    for (let k = 0; k < H; k++) {
      if (i >= counts[k]) continue;
      const tv = t0 + hs[k];
      if (tv >= segEnd) { gapDropped[k]++; continue; }
      const p = pos[k]++;
      if (kept) kept[k][p] = i;
      if (jHit >= 0 && jHit <= tv) {
        t1s[k][p] = jHit;
        t1ts[k][p] = ts[jHit];
        bs[k][p] = bHit;
        rs[k][p] = rHit;
        if (amb) ambiguous[k]++;
      } else {
        t1s[k][p] = tv;
        t1ts[k][p] = ts[tv];
        rs[k][p] = (close[tv] / c0 - 1) * s;
      }
    }
  }
  const t0All = new Float64Array(mLab);
  for (let i = 0; i < mLab; i++) t0All[i] = ts[evT0[i]];
  let sideAll: Int8Array | undefined;
  if (side) {
    sideAll = new Int8Array(mLab);
    for (let i = 0; i < mLab; i++) sideAll[i] = side[evT0[i]];
  }
  return horizons.map((horizon, k) => {
    const c = pos[k];
    // Shared prefix views, or compact copies when events of this horizon were dropped for a gap.
    const pick = <A extends Int32Array | Float64Array | Int8Array>(a: A): A => {
      if (c === counts[k]) return a.subarray(0, c) as A;
      const out = new (a.constructor as new (len: number) => A)(c);
      for (let p = 0; p < c; p++) out[p] = a[kept![k][p]];
      return out;
    };
    const cut = <A extends Int32Array | Float64Array | Int8Array>(a: A): A => (c === counts[k] ? a : (a.subarray(0, c) as A));
    const barrier = cut(bs[k]);
    const set: LabelSet = {
      horizon,
      t0Idx: pick(evT0),
      t1Idx: cut(t1s[k]),
      t0: pick(t0All),
      t1: cut(t1ts[k]),
      barrier,
      ret: cut(rs[k]),
      label: barrier,
      trgt: pick(evTrgt),
      ambiguousBars: ambiguous[k],
      dropped: { undefined_target: candidates ? undefinedTarget : 0, below_min_return: belowMin, no_side: noSide, beyond_data: m - counts[k], gap: gapDropped[k] },
      candidates: candidates ? nCand : nCand - undefinedTarget,
    };
    if (sideAll) {
      const meta = new Int8Array(c);
      for (let i = 0; i < c; i++) meta[i] = rs[k][i] > 0 ? 1 : 0;
      set.side = pick(sideAll);
      set.meta = meta;
    }
    return set;
  });
}

/** Multiplicative pre-filter slack (≫ rounding): the exact rule is only evaluated on candidate bars. */
const SLACK = 1e-12;

/** Close mode: returns the first touch bar in t0+1..last (−1 when none) and writes [barrier, ret, 0] into hit. */
function firstTouchClose(close: Float64Array, t0: number, last: number, c0: number, up: number, dn: number, s: number, hit: Float64Array): number {
  const above = c0 * (1 + (s > 0 ? up : dn)) * (1 - SLACK);
  const below = c0 * (1 - (s > 0 ? dn : up)) * (1 + SLACK);
  for (let j = t0 + 1; j <= last; j++) {
    const cj = close[j];
    if (cj > above || cj < below) {
      const r = (cj / c0 - 1) * s;
      if (r > up) { hit[0] = 1; hit[1] = r; hit[2] = 0; return j; }
      if (r < -dn) { hit[0] = -1; hit[1] = r; hit[2] = 0; return j; }
    }
  }
  return -1;
}

/** High-low mode: as firstTouchClose; hit[2] = 1 when the touch bar crossed both barriers. */
function firstTouchHighLow(high: Float64Array, low: Float64Array, t0: number, last: number, c0: number, up: number, dn: number, s: number, slFirst: boolean, hit: Float64Array): number {
  const fav = s > 0 ? high : low;
  const adv = s > 0 ? low : high;
  for (let j = t0 + 1; j <= last; j++) {
    const ptHit = (fav[j] / c0 - 1) * s > up;
    const slHit = (adv[j] / c0 - 1) * s < -dn;
    if (ptHit && slHit) { hit[0] = slFirst ? -1 : 1; hit[1] = slFirst ? -dn : up; hit[2] = 1; return j; }
    if (ptHit) { hit[0] = 1; hit[1] = up; hit[2] = 0; return j; }
    if (slHit) { hit[0] = -1; hit[1] = -dn; hit[2] = 0; return j; }
  }
  return -1;
}
