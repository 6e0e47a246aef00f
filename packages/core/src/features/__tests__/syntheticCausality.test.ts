import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { syntheticMarket } from '../../data/synthetic/index.ts';
import type { BookSnapshots, TimeSeries } from '../../data/types.ts';
import { computeFeatures } from '../computeFeatures.ts';
import type { FeatureInput } from '../computeFeatures.ts';
import { featureCatalog, featureSetConfig } from '../featureSet.ts';

const config = featureSetConfig('price,microstructure,derivatives,spread_cs,ofi_tick');

function rowsBefore(b: BookSnapshots, rows: number): BookSnapshots {
  const d = b.depth;
  return { ...b, ts: b.ts.slice(0, rows), bidPx: b.bidPx.slice(0, rows * d), bidQty: b.bidQty.slice(0, rows * d), askPx: b.askPx.slice(0, rows * d), askQty: b.askQty.slice(0, rows * d) };
}
function known(s: TimeSeries, cut: number): TimeSeries {
  const k = s.availableAt ?? s.ts;
  let m = 0;
  while (m < k.length && k[m] <= cut) m++;
  return { ...s, ts: s.ts.slice(0, m), value: s.value.slice(0, m), ...(s.availableAt ? { availableAt: s.availableAt.slice(0, m) } : {}) };
}

describe("computeFeatures on engineer B's syntheticMarket is causal for every feature", () => {
  const mk = syntheticMarket({ symbols: ['BTC'], days: 3, seed: 11, book: true });
  const full: FeatureInput = {
    bars: mk.bars.BTC, snapshots: mk.book!.BTC, events: mk.bookEvents!.BTC,
    funding: mk.funding.BTC, openInterest: mk.openInterest.BTC, sentiment: mk.sentiment,
  };
  const ref = computeFeatures(full, config);
  it('produces every feature with values after warm-up', () => {
    expect(ref.names).toEqual(featureCatalog.map((f) => f.name));
    const n = ref.ts.length;
    for (let k = 0; k < ref.names.length; k++) expect(Number.isFinite(ref.columns[k][n - 1]), ref.names[k]).toBe(true);
  });
  it('truncating all data after bar t (bars, book, events, funding, OI, sentiment) leaves every value up to t unchanged', () => {
    const n = ref.ts.length;
    const b = mk.bars.BTC;
    fc.assert(fc.property(fc.integer({ min: 0, max: n - 2 }), (t) => {
      const close = b.ts[t] + b.intervalMs!;
      const sl = (a: Float64Array) => a.slice(0, t + 1);
      let ev = 0;
      while (ev < full.events!.ts.length && full.events!.ts[ev] < close) ev++;
      const cut: FeatureInput = {
        bars: { ...b, ts: sl(b.ts), open: sl(b.open), high: sl(b.high), low: sl(b.low), close: sl(b.close), volume: sl(b.volume) },
        snapshots: rowsBefore(full.snapshots!, t + 1), events: rowsBefore(full.events!, ev),
        funding: known(full.funding!, close), openInterest: known(full.openInterest!, close), sentiment: known(full.sentiment!, close),
      };
      const got = computeFeatures(cut, config);
      for (let k = 0; k < ref.names.length; k++) {
        expect(Array.from(got.columns[k]), `${ref.names[k]} up to bar ${t}`).toEqual(Array.from(ref.columns[k].subarray(0, t + 1)));
      }
    }), { numRuns: 25 });
  });
});
