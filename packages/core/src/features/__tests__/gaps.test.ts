import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeFeatures } from '../computeFeatures.ts';
import type { FeatureInput } from '../computeFeatures.ts';
import { featureCatalogFor, featureSetConfig } from '../featureSet.ts';
import { gapSegmentStarts } from '../gapSegments.ts';
import type { BarSeries } from '../../data/types.ts';
import { smallMarket } from './fixtures.ts';

const MIN = 60_000;
/** Every feature that looks back over bars, plus oi_delta (a bar-to-bar change). */
const WINDOWED = 'price,spread_cs,ofi_tick,oi_delta';

/** The bars with every open from row `at` on moved `extraMs` later (a hole before row `at`). */
function withGap(b: BarSeries, at: number, extraMs: number): BarSeries {
  return { ...b, ts: b.ts.map((t, i) => (i >= at ? t + extraMs : t)) };
}

function rows(b: BarSeries, a: number, z: number): BarSeries {
  const s = (x: Float64Array) => x.slice(a, z);
  return { ...b, ts: s(b.ts), open: s(b.open), high: s(b.high), low: s(b.low), close: s(b.close), volume: s(b.volume) };
}

describe('gapSegmentStarts(ts, maxGapMs)', () => {
  it('starts a segment at row 0 and after every step longer than maxGapMs (equal is not a break)', () => {
    const ts = Float64Array.from([0, 1, 2, 5, 6, 10, 16]).map((x) => x * MIN);
    expect([...gapSegmentStarts(ts, 3 * MIN)]).toEqual([0, 5, 6]);
    expect([...gapSegmentStarts(ts, MIN)]).toEqual([0, 3, 5, 6]);
    expect([...gapSegmentStarts(ts, undefined)]).toEqual([0]);
    expect([...gapSegmentStarts(new Float64Array(0), MIN)]).toEqual([]);
    expect(() => gapSegmentStarts(ts, 0)).toThrow(/maxGapMs must be > 0; was 0/);
  });
});

describe('computeFeatures(input, config, {maxGapMs})', () => {
  const config = featureSetConfig(WINDOWED);
  it('without a gap longer than maxGapMs the result is bit-identical to the default (no option)', () => {
    const mk = smallMarket(400, 3);
    const input: FeatureInput = { bars: withGap(mk.bars, 200, 4 * MIN), openInterest: mk.openInterest };
    const a = computeFeatures(input, config);
    const b = computeFeatures(input, config, { maxGapMs: 5 * MIN });
    expect(b.names).toEqual(a.names);
    b.columns.forEach((c, k) => expect([...c], a.names[k]).toEqual([...a.columns[k]]));
  });

  it('a gap resets every look-back window: after it, the values are those of a fresh series starting there (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 60, max: 400 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.integer({ min: 6, max: 500 }),
      (seed, n, where, holeBars) => {
        const mk = smallMarket(n, seed);
        const g = Math.max(1, Math.floor(n * where));
        const bars = withGap(mk.bars, g, holeBars * MIN);
        const got = computeFeatures({ bars, openInterest: mk.openInterest }, config, { maxGapMs: 6 * MIN });
        const before = computeFeatures({ bars: rows(bars, 0, g), openInterest: mk.openInterest }, config);
        const after = computeFeatures({ bars: rows(bars, g, n), openInterest: mk.openInterest }, config);
        got.names.forEach((name, k) => {
          expect(Array.from(got.columns[k].subarray(0, g)), `${name} before the gap`).toEqual(Array.from(before.columns[k]));
          // oi_delta is an as-of join on absolute times, so only its first row after the gap restarts
          if (name === 'oi_delta') expect(got.columns[k][g]).toBeNaN();
          else expect(Array.from(got.columns[k].subarray(g)), `${name} after the gap`).toEqual(Array.from(after.columns[k]));
        });
        // the windows refill: e.g. ret_20 is NaN for the 20 bars after the gap, then defined again
        const r20 = got.columns[got.names.indexOf('ret_20')];
        for (let t = g; t < Math.min(n, g + 20); t++) expect(r20[t]).toBeNaN();
        if (g + 20 < n) expect(r20[g + 20]).not.toBeNaN();
      }), { numRuns: 40 });
  });

  it('stays causal with gaps: changing or dropping bars after t never changes a value at or before t (fast-check)', () => {
    const all = featureSetConfig('price,microstructure,derivatives,spread_cs,ofi_tick');
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 40, max: 300 }), fc.array(fc.integer({ min: 1, max: 299 }), { maxLength: 4 }), fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.boolean(),
      (seed, n, gapRows, f, truncate) => {
        const mk = smallMarket(n, seed);
        let bars = mk.bars;
        for (const at of gapRows) if (at < n) bars = withGap(bars, at, 10 * MIN);
        // book/events are keyed to the original times: keep the tiers that do not read them aligned
        const input: FeatureInput = { bars, funding: mk.funding, openInterest: mk.openInterest, sentiment: mk.sentiment };
        const cfg = featureSetConfig('price,derivatives,spread_cs,ofi_tick', all);
        const ref = computeFeatures(input, cfg, { maxGapMs: 5 * MIN });
        const t = (seed * 7919) % n;
        const other: BarSeries = truncate ? rows(bars, 0, t + 1)
          : { ...bars, ts: bars.ts.map((x, i) => (i > t ? x + 30 * MIN : x)), close: bars.close.map((x, i) => (i > t ? x * f : x)), high: bars.high.map((x, i) => (i > t ? x * f * 1.01 : x)) };
        const got = computeFeatures({ ...input, bars: other }, cfg, { maxGapMs: 5 * MIN });
        ref.names.forEach((name, k) => expect(Array.from(got.columns[k].subarray(0, t + 1)), `${name} up to ${t}`).toEqual(Array.from(ref.columns[k].subarray(0, t + 1))));
      }), { numRuns: 40 });
  });
});

describe('computeFeatures atr_N units (features.price.atr.scale)', () => {
  const mk = smallMarket(200, 11);
  const { high: h, low: l, close: c } = mk.bars;
  /** Independent Wilder ATR in price units. */
  const reference = (w: number) => {
    const out = new Array<number>(c.length).fill(NaN);
    const tr = (t: number) => Math.max(h[t] - l[t], Math.abs(h[t] - c[t - 1]), Math.abs(l[t] - c[t - 1]));
    let atr = 0;
    for (let t = 1; t <= w; t++) atr += tr(t);
    atr /= w;
    out[w] = atr;
    for (let t = w + 1; t < c.length; t++) out[t] = atr = (atr * (w - 1) + tr(t)) / w;
    return out;
  };
  const withScale = (scale: 'fraction' | 'price') => {
    const cfg = featureSetConfig('atr_20');
    cfg.price.atr.scale = scale;
    return cfg;
  };
  it("'price': atr_20 is the Wilder ATR in quote currency", () => {
    const got = computeFeatures({ bars: mk.bars }, withScale('price'));
    expect(got.names).toEqual(['atr_20']);
    const ref = reference(20);
    for (let t = 0; t < c.length; t++) {
      if (t < 20) expect(got.columns[0][t]).toBeNaN();
      else expect(Math.abs(got.columns[0][t] - ref[t])).toBeLessThan(1e-12 * ref[t]);
    }
  });
  it("'fraction' (the default): atr_20 is ATR_t / c_t, the same for a series at 128× the price", () => {
    expect(featureSetConfig('atr_20').price.atr.scale).toBe('fraction');
    const got = computeFeatures({ bars: mk.bars }, featureSetConfig('atr_20')).columns[0];
    const ref = reference(20);
    for (let t = 20; t < c.length; t++) expect(Math.abs(got[t] - ref[t] / c[t])).toBeLessThan(1e-14);
    const x128 = (a: Float64Array) => a.map((v) => v * 128);
    const scaled = computeFeatures({ bars: { ...mk.bars, open: x128(mk.bars.open), high: x128(h), low: x128(l), close: x128(c) } }, featureSetConfig('atr_20')).columns[0];
    expect(Array.from(scaled)).toEqual(Array.from(got));
    expect(featureCatalogFor(featureSetConfig('atr_20')).find((f) => f.name === 'atr_20')!.description).toMatch(/fraction of the close/);
    expect(featureCatalogFor(withScale('price')).find((f) => f.name === 'atr_20')!.description).toMatch(/price units/);
  });
});
