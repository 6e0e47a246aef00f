import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeFeatures } from '../computeFeatures.ts';
import type { FeatureInput } from '../computeFeatures.ts';
import { defaultFeaturesConfig, enabledFeatureNames, featureCatalog, featureSetConfig } from '../featureSet.ts';
import { featureSetCost } from '../featureSetCost.ts';
import type { BookSnapshots, TimeSeries } from '../../data/types.ts';
import { smallMarket } from './fixtures.ts';

const ALL = 'price,microstructure,derivatives,spread_cs,ofi_tick';

describe('featureSetConfig(spec, base)', () => {
  it('switches on tiers by name, in the catalog order', () => {
    expect(enabledFeatureNames(featureSetConfig('price'))).toEqual(['ret_1', 'ret_5', 'ret_20', 'atr_20', 'zscore_5', 'zscore_20', 'mom_10']);
    expect(enabledFeatureNames(featureSetConfig('microstructure+price'))).toEqual([
      'ret_1', 'ret_5', 'ret_20', 'atr_20', 'zscore_5', 'zscore_20', 'mom_10',
      'spread_pct', 'depth_imbalance', 'ofi', 'mlofi_1', 'mlofi_2', 'mlofi_3', 'mlofi_4', 'mlofi_5']);
    expect(enabledFeatureNames(featureSetConfig(ALL))).toEqual(featureCatalog.map((f) => f.name));
  });
  it('switches on single features by name (proxies stay off unless named)', () => {
    expect(enabledFeatureNames(featureSetConfig('sentiment,ret_5,spread_cs'))).toEqual(['ret_5', 'spread_cs', 'sentiment']);
    expect(enabledFeatureNames(featureSetConfig('mlofi_2'))).toEqual(['mlofi_1', 'mlofi_2']);
  });
  it('rejects unknown names with a UserInputError naming the token', () => {
    expect(() => featureSetConfig('price,rsi_14')).toThrow(/features\.set: expected tier names .* got "rsi_14" \(unknown feature\)/);
  });
  it('the default config has tier 1 and 2 on, proxies and tier 3 off', () => {
    expect(enabledFeatureNames(defaultFeaturesConfig())).toEqual(enabledFeatureNames(featureSetConfig('price,microstructure')));
  });
});

describe('featureSetCost(config, {symbols, days, intervalMs})', () => {
  it('prices klines at 1 call per 1000 bars and the L2 book in captured bytes', () => {
    const c = featureSetCost(featureSetConfig('price'), { symbols: 2, days: 30, intervalMs: 60_000 });
    expect(c.sources).toHaveLength(1);
    expect(c.sources[0]).toMatchObject({ source: 'klines', rows: 2 * 43_200, calls: 2 * 44 });
    expect(c.total).toEqual({ calls: 88, bytes: 0 });
    expect(featureSetCost('price', { symbols: 2, days: 30, intervalMs: 60_000 })).toEqual(c);
    expect(featureCatalog.find((f) => f.name === 'spread_pct')!.cost).toMatch(/captured live/);
    const m = featureSetCost(featureSetConfig('price,microstructure,derivatives'), { symbols: 1, days: 10, intervalMs: 60_000 });
    const by = Object.fromEntries(m.sources.map((s) => [s.source, s]));
    expect(by.l2_book.bytes).toBe(Math.round(6.96e9 * 10));
    expect(by.funding.calls).toBe(1); // 30 settlements
    expect(by.open_interest.calls).toBe(Math.ceil(2880 / 500)); // 5m rows
    expect(by.sentiment.calls).toBe(1);
    expect(m.total.calls).toBe(15 + 1 + 6 + 1);
  });
});

describe('computeFeatures(input, config)', () => {
  const mk = smallMarket(300, 7);
  const input: FeatureInput = { bars: mk.bars, snapshots: mk.snapshots, events: mk.events, funding: mk.funding, openInterest: mk.openInterest, sentiment: mk.sentiment };
  it('returns ts then every switched-on column in order', () => {
    const fm = computeFeatures(input, featureSetConfig(ALL));
    expect(fm.names).toEqual(featureCatalog.map((f) => f.name));
    expect(fm.ts).toBe(mk.bars.ts);
    expect(fm.columns.every((c) => c.length === 300)).toBe(true);
    // mlofi_1 equals ofi
    expect([...fm.columns[fm.names.indexOf('mlofi_1')]]).toEqual([...fm.columns[fm.names.indexOf('ofi')]]);
    // spot checks against the definitions
    const c = mk.bars.close;
    expect(Math.abs(fm.columns[0][150] - Math.log(c[150] / c[149]))).toBeLessThan(1e-14);
    expect(fm.columns[fm.names.indexOf('mom_10')][150]).toBe(c[150] / c[140] - 1);
  });
  it('fails clearly when tier 2 is asked for with bars only, pointing at the proxies', () => {
    expect(() => computeFeatures({ bars: mk.bars }, featureSetConfig('price,microstructure'))).toThrow(/needs L2 book.*only bars were given.*spread_cs and ofi_tick/);
    expect(computeFeatures({ bars: mk.bars }, featureSetConfig('price,spread_cs,ofi_tick')).names).toContain('spread_cs');
  });
  it('fails clearly when a tier-3 series is missing', () => {
    expect(() => computeFeatures({ bars: mk.bars }, featureSetConfig('funding_rate_delta'))).toThrow(/features\.derivatives\.funding_rate_delta: needs a funding-rate series/);
  });
});

/** Rows of a book whose time is < cut. */
function bookBefore(b: BookSnapshots, rows: number): BookSnapshots {
  const d = b.depth;
  return { ...b, ts: b.ts.slice(0, rows), bidPx: b.bidPx.slice(0, rows * d), bidQty: b.bidQty.slice(0, rows * d), askPx: b.askPx.slice(0, rows * d), askQty: b.askQty.slice(0, rows * d) };
}
function perturbBook(b: BookSnapshots, fromRow: number, f: number): BookSnapshots {
  const d = b.depth;
  const c = bookBefore(b, b.ts.length);
  for (let i = fromRow * d; i < c.bidQty.length; i++) {
    c.bidQty[i] *= f;
    c.askQty[i] *= 2 - f;
    c.bidPx[i] *= f;
    c.askPx[i] *= f;
  }
  return c;
}
function seriesKnownBy(s: TimeSeries, cut: number): number {
  const k = s.availableAt ?? s.ts;
  let m = 0;
  while (m < k.length && k[m] <= cut) m++;
  return m;
}
function truncSeries(s: TimeSeries, m: number): TimeSeries {
  return { ...s, ts: s.ts.slice(0, m), value: s.value.slice(0, m), ...(s.availableAt ? { availableAt: s.availableAt.slice(0, m) } : {}) };
}
function perturbSeries(s: TimeSeries, m: number, f: number): TimeSeries {
  const v = s.value.slice();
  for (let i = m; i < v.length; i++) v[i] = v[i] * f + 1;
  return { ...s, value: v };
}

describe('computeFeatures is causal for every feature (fast-check)', () => {
  const config = featureSetConfig(ALL);
  it('changing or truncating everything after bar t never changes any feature at or before t', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 30, max: 700 }), fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.boolean(),
      (seed, n, f, truncate) => {
        const mk = smallMarket(n, seed, 60_000 * 30);
        const full: FeatureInput = { bars: mk.bars, snapshots: mk.snapshots, events: mk.events, funding: mk.funding, openInterest: mk.openInterest, sentiment: mk.sentiment };
        const ref = computeFeatures(full, config);
        const t = (seed * 7919) % n;
        const closeT = mk.bars.ts[t] + mk.bars.intervalMs!;
        const evRows = mk.events.ts.findIndex((x) => x >= closeT);
        const evCut = evRows < 0 ? mk.events.ts.length : evRows;
        let other: FeatureInput;
        if (truncate) {
          const b = mk.bars;
          const sl = (a: Float64Array) => a.slice(0, t + 1);
          other = {
            bars: { ...b, ts: sl(b.ts), open: sl(b.open), high: sl(b.high), low: sl(b.low), close: sl(b.close), volume: sl(b.volume) },
            snapshots: bookBefore(mk.snapshots, t + 1), events: bookBefore(mk.events, evCut),
            funding: truncSeries(mk.funding, seriesKnownBy(mk.funding, closeT)), openInterest: truncSeries(mk.openInterest, seriesKnownBy(mk.openInterest, closeT)),
            sentiment: truncSeries(mk.sentiment, seriesKnownBy(mk.sentiment, closeT)),
          };
        } else {
          const b = mk.bars;
          const pert = (a: Float64Array) => a.map((x, i) => (i > t ? x * f : x));
          other = {
            bars: { ...b, open: pert(b.open), high: pert(b.high).map((x, i) => (i > t ? x * 1.01 : x)), low: pert(b.low), close: pert(b.close), volume: pert(b.volume) },
            snapshots: perturbBook(mk.snapshots, t + 1, f), events: perturbBook(mk.events, evCut, f),
            funding: perturbSeries(mk.funding, seriesKnownBy(mk.funding, closeT), f), openInterest: perturbSeries(mk.openInterest, seriesKnownBy(mk.openInterest, closeT), f),
            sentiment: perturbSeries(mk.sentiment, seriesKnownBy(mk.sentiment, closeT), f),
          };
        }
        const got = computeFeatures(other, config);
        expect(got.names).toEqual(ref.names);
        for (let k = 0; k < ref.names.length; k++) {
          const a = Array.from(ref.columns[k].subarray(0, t + 1));
          const b = Array.from(got.columns[k].subarray(0, t + 1));
          expect(b, `${ref.names[k]} up to bar ${t}`).toEqual(a);
        }
      }), { numRuns: 40 });
  });
});
