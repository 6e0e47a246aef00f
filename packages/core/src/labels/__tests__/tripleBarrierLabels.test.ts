import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sharedDataPath } from '@skippy/io';
import type { BarSeries } from '../../data/types.ts';
import { tripleBarrierLabels } from '../tripleBarrierLabels.ts';
import type { TripleBarrierOptions } from '../tripleBarrierLabels.ts';
import { movingAverageSide } from '../movingAverageSide.ts';
import { cusumEvents } from '../cusumEvents.ts';

function barsFrom(close: number[], high?: number[], low?: number[]): BarSeries {
  const n = close.length;
  return {
    symbol: 'T', intervalMs: 60_000,
    ts: Float64Array.from({ length: n }, (_, i) => 1000 * 60_000 + i * 60_000),
    open: Float64Array.from(close), high: Float64Array.from(high ?? close), low: Float64Array.from(low ?? close),
    close: Float64Array.from(close), volume: new Float64Array(n).fill(1),
  };
}

/** Independent slow reference: per horizon, per event, naive volatility, no shared scan. */
function slowLabels(bars: BarSeries, o: Required<Pick<TripleBarrierOptions, 'horizons' | 'multiplier' | 'pt' | 'sl' | 'minReturn' | 'touch' | 'ambiguity'>> & { vol: { kind: 'atr' | 'std'; window: number }; side?: Int8Array }) {
  const { close: c, high: hi, low: lo } = bars;
  const n = c.length;
  const vol = new Array<number>(n).fill(NaN);
  const w = o.vol.window;
  if (o.vol.kind === 'atr') {
    const tr = (t: number) => Math.max(hi[t] - lo[t], Math.abs(hi[t] - c[t - 1]), Math.abs(lo[t] - c[t - 1]));
    let atr = NaN;
    for (let t = w; t < n; t++) {
      if (t === w) { atr = 0; for (let j = 1; j <= w; j++) atr += tr(j); atr /= w; } else atr = (atr * (w - 1) + tr(t)) / w;
      vol[t] = atr / c[t];
    }
  } else {
    for (let t = w; t < n; t++) {
      const r: number[] = [];
      for (let j = t - w + 1; j <= t; j++) r.push(c[j] / c[j - 1] - 1);
      const m = r.reduce((a, b) => a + b, 0) / w;
      vol[t] = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
    }
  }
  return o.horizons.map((h) => {
    const rows: { t0: number; t1: number; barrier: number; ret: number; trgt: number }[] = [];
    for (let t0 = 0; t0 < n; t0++) {
      const trgt = o.multiplier * vol[t0];
      if (Number.isNaN(trgt) || trgt < o.minReturn || t0 + h >= n) continue;
      const s = o.side ? o.side[t0] : 1;
      if (s === 0) continue;
      let hit: { t1: number; barrier: number; ret: number } | null = null;
      for (let j = t0 + 1; j <= t0 + h && !hit; j++) {
        if (o.touch === 'close') {
          const r = (c[j] / c[t0] - 1) * s;
          if (o.pt > 0 && r > o.pt * trgt) hit = { t1: j, barrier: 1, ret: r };
          else if (o.sl > 0 && r < -o.sl * trgt) hit = { t1: j, barrier: -1, ret: r };
        } else {
          const rf = ((s > 0 ? hi[j] : lo[j]) / c[t0] - 1) * s;
          const ra = ((s > 0 ? lo[j] : hi[j]) / c[t0] - 1) * s;
          const p = o.pt > 0 && rf > o.pt * trgt;
          const q = o.sl > 0 && ra < -o.sl * trgt;
          if (p && q) hit = o.ambiguity === 'sl_first' ? { t1: j, barrier: -1, ret: -o.sl * trgt } : { t1: j, barrier: 1, ret: o.pt * trgt };
          else if (p) hit = { t1: j, barrier: 1, ret: o.pt * trgt };
          else if (q) hit = { t1: j, barrier: -1, ret: -o.sl * trgt };
        }
      }
      rows.push({ t0, trgt, ...(hit ?? { t1: t0 + h, barrier: 0, ret: (c[t0 + h] / c[t0] - 1) * s }) });
    }
    return rows;
  });
}

function compare(bars: BarSeries, opts: Parameters<typeof slowLabels>[1]) {
  const fast = tripleBarrierLabels(bars, {
    horizons: opts.horizons, multiplier: opts.multiplier, pt: opts.pt, sl: opts.sl, minReturn: opts.minReturn,
    touch: opts.touch, ambiguity: opts.ambiguity, volatility: opts.vol.kind === 'atr' ? { kind: 'atr', window: opts.vol.window } : { kind: 'std', window: opts.vol.window },
    ...(opts.side ? { side: opts.side } : {}),
  });
  const slow = slowLabels(bars, opts);
  for (let k = 0; k < opts.horizons.length; k++) {
    const f = fast[k];
    const s = slow[k];
    expect(f.t0Idx.length).toBe(s.length);
    for (let i = 0; i < s.length; i++) {
      expect(f.t0Idx[i]).toBe(s[i].t0);
      expect(f.t1Idx[i], `h ${opts.horizons[k]} event ${s[i].t0}`).toBe(s[i].t1);
      expect(f.barrier[i]).toBe(s[i].barrier);
      expect(f.label[i]).toBe(s[i].barrier);
      expect(f.ret[i]).toBeCloseTo(s[i].ret, 12);
      expect(Math.abs(f.trgt[i] - s[i].trgt)).toBeLessThan(1e-12);
    }
  }
  return fast;
}

describe('tripleBarrierLabels(bars, options) – hand cases', () => {
  // vol = std of simple returns over 2 bars; trgt = multiplier × vol.
  it('close mode: strict inequalities, first touch wins, vertical barrier by bar count', () => {
    // ATR window 1 with high = low = close → TR_t = |c_t − c_{t−1}|; multiplier 1 → trgt_t = TR_t / c_t.
    // Powers of two keep the boundary case exact: at t0 = 2, c0 = 128 and trgt = 1/128.
    const bars = barsFrom([127, 127, 128, 129, 127, 131, 131, 131]);
    const [l] = tripleBarrierLabels(bars, { horizons: [2], multiplier: 1, volatility: { kind: 'atr', window: 1 }, minReturn: 0 });
    const rows = [...l.t0Idx].map((t0, i) => [t0, l.t1Idx[i], l.barrier[i]]);
    expect(rows).toEqual([
      [1, 2, 1], // trgt 0: any rise is a touch
      [2, 4, 0], // c3 = 129 → r = +1/128 = +trgt: not above (strict); c4 = 127 → r = −trgt: not below → vertical at t0 + 2
      [3, 4, -1], // trgt 1/129, c4 = 127 → −2/129 < −1/129
      [4, 5, 1], // trgt 2/127, c5 = 131 → +4/127
      [5, 7, 0], // flat → vertical, ret 0
    ]);
    expect(l.ret[1]).toBe(127 / 128 - 1);
    expect(l.ret[4]).toBe(0);
    expect(l.dropped.beyond_data).toBe(2); // t0 = 6, 7
    expect(l.candidates).toBe(7); // t0 = 1..7 have a target
    expect(l.t0[1]).toBe(bars.ts[2]);
    expect(l.t1[1]).toBe(bars.ts[4]);
  });

  it('a touch on the vertical-barrier bar counts as horizontal; several horizons share one scan', () => {
    const bars = barsFrom([100, 100, 100, 100, 100, 103, 100]);
    const [h1, h2] = tripleBarrierLabels(bars, { horizons: [1, 2], multiplier: 1, volatility: { kind: 'std', window: 2 }, minReturn: 0, pt: 1, sl: 1 });
    // std defined from t = 2 (returns r_1, r_2 = 0) → trgt 0: any move touches; t0 = 3: c5 = 103 > 0 → pt at 5 for h = 2; h = 1 → vb at 4
    const iH1 = [...h1.t0Idx].indexOf(3);
    const iH2 = [...h2.t0Idx].indexOf(3);
    expect([h1.t1Idx[iH1], h1.barrier[iH1]]).toEqual([4, 0]);
    expect([h2.t1Idx[iH2], h2.barrier[iH2]]).toEqual([5, 1]);
  });

  it('min_return_threshold skips and counts; pt = 0 disables the upper barrier', () => {
    const bars = barsFrom([100, 100, 100, 110, 120, 130, 140]);
    const [l] = tripleBarrierLabels(bars, { horizons: [2], multiplier: 1, volatility: { kind: 'std', window: 2 }, minReturn: 0.001, pt: 0 });
    // trgt at t = 2 is 0 → skipped; t = 3: std(r2 = 0, r3 = .1) > 0.001 → upper disabled → no sl → vb
    expect(l.dropped.below_min_return).toBe(1);
    expect(l.barrier.every((b) => b === 0)).toBe(true);
  });

  it('high_low mode: both barriers in one bar → sl_first by default (counted), pt_first on request; ret = barrier return', () => {
    const close = [100, 100, 100, 100, 100];
    const high = [100, 100, 100, 100, 105];
    const low = [100, 100, 100, 100, 95];
    const bars = barsFrom(close, high, low);
    // atr window 1: TR_1..3 = 0 → target 0 at t0 = 1..3, t0 = 3: bar 4 crosses both
    const [sl] = tripleBarrierLabels(bars, { horizons: [1], multiplier: 1, volatility: { kind: 'atr', window: 1 }, minReturn: 0, touch: 'high_low' });
    const i = [...sl.t0Idx].indexOf(3);
    expect([sl.barrier[i], sl.ret[i], sl.ambiguousBars]).toEqual([-1, -0, 1]);
    const [pt] = tripleBarrierLabels(bars, { horizons: [1], multiplier: 1, volatility: { kind: 'atr', window: 1 }, minReturn: 0, touch: 'high_low', ambiguity: 'pt_first' });
    expect(pt.barrier[[...pt.t0Idx].indexOf(3)]).toBe(1);
  });

  it('meta-labelling: ret is side-adjusted, meta = 1 iff ret > 0, side 0 events dropped', () => {
    const bars = barsFrom([100, 100, 100, 90, 90, 90]);
    const side = Int8Array.from([0, 0, -1, 1, 0, 0]);
    const [l] = tripleBarrierLabels(bars, { horizons: [1], multiplier: 1, volatility: { kind: 'std', window: 2 }, minReturn: 0, side });
    // t0 = 2 (short): c3 = 90 → side-adjusted +0.1 > trgt 0 → pt, meta 1
    expect([l.t0Idx[0], l.barrier[0], l.side![0], l.meta![0]]).toEqual([2, 1, -1, 1]);
    expect(l.ret[0]).toBeCloseTo(0.1, 15);
    expect(l.dropped.no_side).toBe(2); // t0 = 4 (t0 = 5 is beyond data for every horizon but is checked for side first)
  });
});

describe('tripleBarrierLabels(bars, options) equals a slow independent implementation (fast-check)', () => {
  it('for random paths, both touch modes, several horizons, with and without side', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -0.01, max: 0.01, noNaN: true }), { minLength: 5, maxLength: 300 }),
      fc.constantFrom('close' as const, 'high_low' as const), fc.constantFrom('sl_first' as const, 'pt_first' as const),
      fc.constantFrom('atr' as const, 'std' as const), fc.integer({ min: 2, max: 10 }), fc.boolean(),
      fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }),
      (rets, touch, ambiguity, kind, w, withSide, pt, sl) => {
        let p = 100;
        const close = rets.map((r) => (p *= 1 + r));
        const high = close.map((c, i) => c * (1 + Math.abs(rets[(i * 7) % rets.length])));
        const low = close.map((c, i) => c * (1 - Math.abs(rets[(i * 3) % rets.length])));
        const bars = barsFrom(close, high, low);
        const side = withSide ? movingAverageSide(bars.close, 3) : undefined;
        compare(bars, { horizons: [1, 3, 7], multiplier: 1.5, pt, sl, minReturn: 0.002, touch, ambiguity, vol: { kind, window: w }, ...(side ? { side } : {}) });
      }), { numRuns: 150 });
  });
});

function readDollarBars(path: string): BarSeries {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const n = lines.length;
  const b: BarSeries = { symbol: 'ES', intervalMs: null, ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  lines.forEach((line, i) => {
    const f = line.split(',');
    b.ts[i] = Date.parse(`${f[0].replace(' ', 'T')}Z`);
    b.open[i] = +f[1]; b.high[i] = +f[2]; b.low[i] = +f[3]; b.close[i] = +f[4]; b.volume[i] = +f[5];
  });
  return b;
}

const esPath = sharedDataPath('mlfinlab-es-test-data/dollar_bar_sample.csv');
describe.runIf(esPath)('tripleBarrierLabels on mlfinlab dollar bars (needs ../shared/data)', () => {
  const bars = esPath ? readDollarBars(esPath) : barsFrom([1]);
  it('matches the slow implementation for atr and std targets, close and high_low touches, 3 horizons', () => {
    expect(bars.close.length).toBe(1000);
    for (const touch of ['close', 'high_low'] as const) {
      for (const vol of [{ kind: 'atr' as const, window: 20 }, { kind: 'std' as const, window: 100 }]) {
        const sets = compare(bars, { horizons: [10, 20, 50], multiplier: 2, pt: 1, sl: 1, minReturn: 0.001, touch, ambiguity: 'sl_first', vol });
        expect(sets[0].label.length).toBeGreaterThan(800);
        // every barrier kind occurs on this real data
        expect(new Set(sets.flatMap((x) => [...x.barrier])).size).toBe(3);
      }
    }
  });
  it('with a moving-average side and meta labels', () => {
    const side = movingAverageSide(bars.close, 20);
    const [l] = compare(bars, { horizons: [20], multiplier: 2, pt: 1, sl: 2, minReturn: 0.001, touch: 'close', ambiguity: 'sl_first', vol: { kind: 'atr', window: 20 }, side });
    for (let i = 0; i < l.ret.length; i++) expect(l.meta![i]).toBe(l.ret[i] > 0 ? 1 : 0);
  });
  it('with CUSUM events only', () => {
    const events = cusumEvents(bars.close, 0.005);
    expect(events.length).toBeGreaterThan(10);
    const [l] = tripleBarrierLabels(bars, { horizons: [10], events });
    const [all] = tripleBarrierLabels(bars, { horizons: [10] });
    const byT0 = new Map([...all.t0Idx].map((t, i) => [t, i]));
    for (let i = 0; i < l.t0Idx.length; i++) {
      const j = byT0.get(l.t0Idx[i])!;
      expect([l.t1Idx[i], l.barrier[i]]).toEqual([all.t1Idx[j], all.barrier[j]]);
    }
    expect(l.t0Idx.length + l.dropped.undefined_target + l.dropped.below_min_return + l.dropped.beyond_data).toBe(events.length);
  });
});
