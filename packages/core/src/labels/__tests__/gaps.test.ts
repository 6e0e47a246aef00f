import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BarSeries } from '../../data/types.ts';
import { tripleBarrierLabels } from '../tripleBarrierLabels.ts';
import type { TripleBarrierOptions } from '../tripleBarrierLabels.ts';
import { barVolatility } from '../barVolatility.ts';
import { gapSegmentStarts } from '../../features/gapSegments.ts';
import { movingAverageSide } from '../movingAverageSide.ts';

const MIN = 60_000;

/** Bars on a 1-minute grid with a hole of `holes[i]` extra minutes before row i. */
function barsFrom(close: number[], holes: Record<number, number> = {}, high?: number[], low?: number[]): BarSeries {
  const n = close.length;
  const ts = new Float64Array(n);
  for (let i = 0, t = 1000 * MIN; i < n; i++, t += MIN) { t += (holes[i] ?? 0) * MIN; ts[i] = t; }
  return {
    symbol: 'T', intervalMs: MIN, ts,
    open: Float64Array.from(close), high: Float64Array.from(high ?? close), low: Float64Array.from(low ?? close),
    close: Float64Array.from(close), volume: new Float64Array(n).fill(1),
  };
}

function rows(b: BarSeries, a: number, z: number): BarSeries {
  const s = (x: Float64Array) => x.slice(a, z);
  return { ...b, ts: s(b.ts), open: s(b.open), high: s(b.high), low: s(b.low), close: s(b.close), volume: s(b.volume) };
}

describe('tripleBarrierLabels(bars, {maxGapMs}) – gaps', () => {
  it('drops and counts an event whose path t0..t0+h crosses a gap; the target restarts after it', () => {
    // ATR window 1, high = low = close → trgt_t = |c_t − c_{t−1}| / c_t; a 10-minute hole before bar 5.
    const bars = barsFrom([100, 101, 102, 103, 104, 110, 111, 112, 113, 114], { 5: 10 });
    const opts: TripleBarrierOptions = { horizons: [1, 3], multiplier: 1, pt: 100, sl: 100, volatility: { kind: 'atr', window: 1 }, minReturn: 0 };
    const [h1, h3] = tripleBarrierLabels(bars, { ...opts, maxGapMs: 5 * MIN });
    // bar 5 has no target (its true range would span the gap): events are 1..4 and 6..9
    expect([...h1.t0Idx]).toEqual([1, 2, 3, 6, 7, 8]);
    expect(h1.dropped).toEqual({ undefined_target: 0, below_min_return: 0, no_side: 0, beyond_data: 1, gap: 1 }); // t0 = 9 beyond, t0 = 4 crosses
    expect([...h3.t0Idx]).toEqual([1, 6]);
    expect(h3.dropped.gap).toBe(3); // t0 = 2, 3, 4
    expect(h3.dropped.beyond_data).toBe(3); // t0 = 7, 8, 9
    expect([...h3.t1Idx]).toEqual([4, 9]);
    expect(h3.ret[1]).toBeCloseTo(114 / 111 - 1, 15);
    expect(h3.trgt[1]).toBeCloseTo(1 / 111, 15);
    // the same bars without the option label across the hole, as before
    const [, plain] = tripleBarrierLabels(bars, opts);
    expect([...plain.t0Idx]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plain.dropped.gap).toBe(0);
    // a hole within max_gap is bridged
    expect([...tripleBarrierLabels(bars, { ...opts, maxGapMs: 11 * MIN })[1].t0Idx]).toEqual([...plain.t0Idx]);
  });

  it('equals labelling each gap-free segment on its own (fast-check)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -0.01, max: 0.01, noNaN: true }), { minLength: 5, maxLength: 300 }),
      fc.array(fc.integer({ min: 1, max: 299 }), { maxLength: 5 }),
      fc.constantFrom('close' as const, 'high_low' as const), fc.constantFrom('atr' as const, 'std' as const), fc.integer({ min: 2, max: 8 }), fc.boolean(),
      (rets, holeRows, touch, kind, w, withSide) => {
        let p = 100;
        const close = rets.map((r) => (p *= 1 + r));
        const high = close.map((c, i) => c * (1 + Math.abs(rets[(i * 7) % rets.length])));
        const low = close.map((c, i) => c * (1 - Math.abs(rets[(i * 3) % rets.length])));
        const holes = Object.fromEntries(holeRows.filter((r) => r < close.length).map((r) => [r, 7]));
        const bars = barsFrom(close, holes, high, low);
        const side = withSide ? movingAverageSide(bars.close, 3) : undefined;
        const opts: TripleBarrierOptions = { horizons: [1, 4, 9], multiplier: 1.5, pt: 1, sl: 1, minReturn: 0.002, touch, volatility: { kind, window: w }, ...(side ? { side } : {}) };
        const full = tripleBarrierLabels(bars, { ...opts, maxGapMs: 5 * MIN });
        const starts = [...gapSegmentStarts(bars.ts, 5 * MIN), close.length];
        const parts = starts.slice(0, -1).map((a, s) => {
          const z = starts[s + 1];
          return { a, sets: tripleBarrierLabels(rows(bars, a, z), { ...opts, ...(side ? { side: side.slice(a, z) } : {}) }) };
        });
        opts.horizons!.forEach((h, k) => {
          const cat = (f: (x: (typeof parts)[number]['sets'][number], a: number) => number[]) => parts.flatMap(({ a, sets }) => f(sets[k], a));
          expect([...full[k].t0Idx]).toEqual(cat((x, a) => [...x.t0Idx].map((i) => i + a)));
          expect([...full[k].t1Idx]).toEqual(cat((x, a) => [...x.t1Idx].map((i) => i + a)));
          expect([...full[k].barrier]).toEqual(cat((x) => [...x.barrier]));
          expect([...full[k].ret]).toEqual(cat((x) => [...x.ret]));
          expect([...full[k].trgt]).toEqual(cat((x) => [...x.trgt]));
          expect([...full[k].t0]).toEqual(cat((x) => [...x.t0]));
          if (side) expect([...full[k].meta!]).toEqual(cat((x) => [...x.meta!]));
          // every labelled-or-dropped event of the segments is accounted for, gap drops included
          const segDrops = cat((x) => [x.t0Idx.length + x.dropped.beyond_data]).reduce((s, v) => s + v, 0);
          expect(full[k].t0Idx.length + full[k].dropped.gap + full[k].dropped.beyond_data).toBe(segDrops);
          if (starts.length === 2) expect(full[k].dropped.gap).toBe(0);
        });
      }), { numRuns: 150 });
  });

  it('barVolatility(bars, spec, segmentStarts) is causal: bars after t never change the target at t', () => {
    const bars = barsFrom(Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i) * 3), { 20: 30, 41: 9 });
    const starts = gapSegmentStarts(bars.ts, 5 * MIN);
    const ref = barVolatility(bars, { kind: 'atr', window: 5 }, starts);
    for (const t of [10, 19, 20, 30, 40, 41, 50]) {
      const cut = rows(bars, 0, t + 1);
      const got = barVolatility(cut, { kind: 'atr', window: 5 }, gapSegmentStarts(cut.ts, 5 * MIN));
      expect(Array.from(got)).toEqual(Array.from(ref.subarray(0, t + 1)));
    }
    // NaN for the window after each gap
    expect([20, 21, 22, 23, 24].map((t) => ref[t]).every(Number.isNaN)).toBe(true);
    expect(ref[25]).not.toBeNaN();
  });
});
