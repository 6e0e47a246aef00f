import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { purgedKFold, walkForward, combinatorialPurgedCv, assembleCpcvPaths, fitOnTrain, fitStandardScaler } from '../index.ts';
import type { CvSplit } from '../index.ts';
import { binomial } from '../../combinations.ts';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
/** 20 samples, labels spanning 2 bars: [i, i+2]. */
const t0 = Float64Array.from(range(0, 20));
const t1 = Float64Array.from(range(0, 20), (i) => i + 2);

describe('purgedKFold(t0, t1, {nSplits, embargoPct, purgePct})', () => {
  it('hand case: 20 samples, 3 folds, no embargo/margin → only overlapping labels are purged', () => {
    const s = purgedKFold(t0, t1, { nSplits: 3, embargoPct: 0, purgePct: 0 });
    expect(s.map((f) => [...f.test])).toEqual([range(0, 7), range(7, 14), range(14, 20)]);
    expect(s.map((f) => f.window)).toEqual([[0, 8], [7, 15], [14, 21]]);
    expect([...s[0].train]).toEqual(range(9, 20));
    expect([...s[1].train]).toEqual([...range(0, 5), ...range(16, 20)]);
    expect([...s[2].train]).toEqual(range(0, 12));
    expect(s.map((f) => [f.purged, f.embargoed, f.purgedMargin])).toEqual([[2, 0, 0], [4, 0, 0], [2, 0, 0]]);
  });
  it('hand case: embargo 0.2 (4 samples) and purge margin 0.15 (3 samples) count only what overlap left', () => {
    const s = purgedKFold(t0, t1, { nSplits: 3, embargoPct: 0.2, purgePct: 0.15 });
    expect([...s[0].train]).toEqual(range(11, 20)); // 7,8 purged; 9,10 embargoed
    expect([s[0].purged, s[0].embargoed, s[0].purgedMargin]).toEqual([2, 2, 0]);
    expect([...s[1].train]).toEqual([0, 1, 2, 3, 18, 19]); // 5,6,14,15 purged; 16,17 embargoed; 4 margin
    expect([s[1].purged, s[1].embargoed, s[1].purgedMargin]).toEqual([4, 2, 1]);
    expect([...s[2].train]).toEqual(range(0, 11)); // 12,13 purged; 11 margin
    expect([s[2].purged, s[2].embargoed, s[2].purgedMargin]).toEqual([2, 0, 1]);
  });
  it('first n mod k folds hold one extra sample', () => {
    const s = purgedKFold(Float64Array.from(range(0, 23)), Float64Array.from(range(0, 23)), { nSplits: 5, embargoPct: 0, purgePct: 0 });
    expect(s.map((f) => f.test.length)).toEqual([5, 5, 5, 4, 4]);
  });
  it("does not reproduce mlfinlab's leaky window (issues #295/#494)", () => {
    // mlfinlab PurgedKFold: test_times = Series(index=[t1[start]], data=[t1[end-1]]) — the window starts at the
    // first test sample's END time, so training labels ending in [T0, t1[start]) survive.
    const mlfinlabTrain = (start: number, end: number): number[] => {
      const a = t1[start], b = t1[end - 1];
      return range(0, 20).filter((i) => (i < start || i >= end)
        && !((t0[i] >= a && t0[i] <= b) || (t1[i] >= a && t1[i] <= b) || (t0[i] <= a && t1[i] >= b)));
    };
    const leaky = mlfinlabTrain(7, 14);
    const ours = [...purgedKFold(t0, t1, { nSplits: 3, embargoPct: 0, purgePct: 0 })[1].train];
    // samples 5 ([5,7]) and 6 ([6,8]) end inside the test fold [7, 15]: mlfinlab keeps them, we purge them
    expect(leaky.filter((i) => !ours.includes(i))).toEqual([5, 6]);
    expect(ours.filter((i) => !leaky.includes(i))).toEqual([]);
  });
  it('rejects bad input with the field name', () => {
    expect(() => purgedKFold([0, 1], [1, 0], { nSplits: 2 })).toThrow('t1[1]: expected ≥ t0[1] = 1, got 0');
    expect(() => purgedKFold([1, 0], [1, 2], { nSplits: 2 })).toThrow('t0[1]');
    expect(() => purgedKFold(t0, t1, { nSplits: 1 })).toThrow('n_splits');
    expect(() => purgedKFold(t0, t1, { embargoPct: 1.5 })).toThrow('embargo_pct');
  });
});

/** Random events in time order: integer t0 with ties, spans 0..maxSpan. */
const eventsArb = fc.record({
  steps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 120 }),
  spans: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 120, maxLength: 120 }),
}).map(({ steps, spans }) => {
  const n = steps.length;
  const a = new Float64Array(n), b = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) { t += steps[i]; a[i] = t; b[i] = t + spans[i]; }
  return { t0: a, t1: b };
});

/** Independent reference: classify each non-test sample by set logic. */
function expectExact(split: CvSplit, a: Float64Array, b: Float64Array, n: number, embN: number, marN: number, candLo = 0, candHi = n): void {
  const test = new Set(split.test);
  const train = new Set(split.train);
  expect(train.size).toBe(split.train.length);
  for (const i of split.train) expect(test.has(i)).toBe(false); // disjoint
  for (let j = 1; j < split.train.length; j++) expect(split.train[j]).toBeGreaterThan(split.train[j - 1]);
  let purged = 0, emb = 0, mar = 0;
  for (let i = candLo; i < candHi; i++) {
    if (test.has(i)) continue;
    let cat = 'train';
    const touches = split.blocks.some(([s, e]) => {
      const T0 = Math.min(...range(s, e).map((x) => a[x])), T1 = Math.max(...range(s, e).map((x) => b[x]));
      return !(b[i] < T0 || a[i] > T1);
    });
    if (touches) cat = 'purged';
    else if (split.blocks.some(([, e]) => i >= e && i < e + embN)) cat = 'emb';
    else if (split.blocks.some(([s]) => i < s && i >= s - marN)) cat = 'mar';
    if (cat === 'purged') purged++; else if (cat === 'emb') emb++; else if (cat === 'mar') mar++;
    expect(train.has(i)).toBe(cat === 'train');
  }
  expect([split.purged, split.embargoed, split.purgedMargin]).toEqual([purged, emb, mar]);
}

describe('purgedKFold properties', () => {
  it('test/train disjoint, no training interval touches its window, counts exact, every sample tested once', () => {
    fc.assert(fc.property(eventsArb, fc.integer({ min: 2, max: 6 }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.double({ min: 0, max: 0.2, noNaN: true }),
      ({ t0: a, t1: b }, k, emb, pur) => {
        const n = a.length;
        if (n < k) return;
        const splits = purgedKFold(a, b, { nSplits: k, embargoPct: emb, purgePct: pur });
        const tested = new Int32Array(n);
        for (const s of splits) {
          for (const i of s.test) tested[i]++;
          for (const i of s.train) expect(b[i] < s.window[0] || a[i] > s.window[1]).toBe(true);
          expectExact(s, a, b, n, Math.floor(n * emb + 1e-9), Math.floor(n * pur + 1e-9));
        }
        expect([...tested].every((c) => c === 1)).toBe(true);
      }), { numRuns: 150 });
  });
  it('with embargo and purge_pct 0 the training set is every sample whose interval does not touch the window', () => {
    fc.assert(fc.property(eventsArb, fc.integer({ min: 2, max: 5 }), ({ t0: a, t1: b }, k) => {
      const n = a.length;
      for (const s of purgedKFold(a, b, { nSplits: k, embargoPct: 0, purgePct: 0 })) {
        const expected = range(0, n).filter((i) => !s.test.includes(i) && (b[i] < s.window[0] || a[i] > s.window[1]));
        expect([...s.train]).toEqual(expected);
        expect(s.purged).toBe(n - s.test.length - expected.length);
      }
    }), { numRuns: 100 });
  });
});

describe('walkForward(t0, t1, options)', () => {
  it('hand case: expanding, train 50%, 2 test windows, labels spanning 2 bars', () => {
    const s = walkForward(t0, t1, { window: 'expanding', trainPct: 0.5, nSplits: 2, embargoPct: 0.1, purgePct: 0.15 });
    expect(s.map((f) => [...f.test])).toEqual([range(10, 15), range(15, 20)]);
    // window [10, 16]: samples 8, 9 end at 10, 11 → purged; margin 3 samples (7, 8, 9) adds 7; nothing after to embargo
    expect([...s[0].train]).toEqual(range(0, 7));
    expect([s[0].purged, s[0].embargoed, s[0].purgedMargin]).toEqual([2, 0, 1]);
    expect([...s[1].train]).toEqual(range(0, 12)); // 13, 14 purged, 12 margin; the previous test window is training now
  });
  it('hand case: rolling windows of 6 with explicit test size and step', () => {
    const s = walkForward(t0, t1, { window: 'rolling', trainSize: 6, testSize: 4, step: 5, embargoPct: 0, purgePct: 0 });
    expect(s.map((f) => [...f.test])).toEqual([range(6, 10), range(11, 15), range(16, 20)]);
    expect([...s[0].train]).toEqual(range(0, 4));
    expect([...s[1].train]).toEqual(range(5, 9));
    expect([...s[2].train]).toEqual(range(10, 14));
  });
  it('training always precedes the test window and counts are exact (property)', () => {
    fc.assert(fc.property(eventsArb, fc.constantFrom<'rolling' | 'expanding'>('rolling', 'expanding'), fc.double({ min: 0, max: 0.2, noNaN: true }), ({ t0: a, t1: b }, mode, pur) => {
      const n = a.length, trainSize = Math.max(1, Math.floor(n / 3));
      const splits = walkForward(a, b, { window: mode, trainSize, nSplits: 2, embargoPct: 0.1, purgePct: pur });
      for (const s of splits) {
        expect(s.train.every((i) => i < s.test[0])).toBe(true);
        expect(s.embargoed).toBe(0);
        expectExact(s, a, b, n, Math.floor(n * 0.1 + 1e-9), Math.floor(n * pur + 1e-9), mode === 'rolling' ? s.test[0] - trainSize : 0, s.test[0]);
      }
    }), { numRuns: 100 });
  });
});

describe('combinatorialPurgedCv(t0, t1, {groups, testGroups, embargoPct})', () => {
  it('N=6, k=2: 15 splits, φ = 5 paths, every path covers every group once from a split testing it', () => {
    const cv = combinatorialPurgedCv(t0, t1, { groups: 6, testGroups: 2, embargoPct: 0, purgePct: 0 });
    expect(cv.splits.length).toBe(15);
    expect(cv.nPaths).toBe(5);
    expect([...cv.splitGroups.subarray(0, 6)]).toEqual([0, 1, 0, 2, 0, 3]); // itertools order
    // group sizes for 20 in 6: 4,4,3,3,3,3
    expect([...cv.groupBounds]).toEqual([0, 4, 8, 11, 14, 17, 20]);
    // split 1 tests groups 0 and 2: [0,4) with window [0,5] and [8,11) with window [8,12]. Candidates 4 ([4,6]) and
    // 5 ([5,7]) touch [0,5]; 6 ([6,8]), 7 ([7,9]), 11 ([11,13]) and 12 ([12,14]) touch [8,12] → 6 purged; 13..19 train.
    const s1 = cv.splits[1];
    expect([...s1.test]).toEqual([0, 1, 2, 3, 8, 9, 10]);
    expect([...s1.train]).toEqual(range(13, 20));
    expect(s1.purged).toBe(6);
  });
  it('φ and coverage for random N, k (property), and assembleCpcvPaths places every group once', () => {
    fc.assert(fc.property(eventsArb, fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 6 }), ({ t0: a, t1: b }, N, kRaw) => {
      const k = Math.min(kRaw, N - 1), n = a.length;
      if (N > n) return;
      const cv = combinatorialPurgedCv(a, b, { groups: N, testGroups: k, embargoPct: 0.05, purgePct: 0.05 });
      expect(cv.splits.length).toBe(binomial(N, k));
      expect(cv.nPaths).toBe(binomial(N - 1, k - 1));
      for (let g = 0; g < N; g++) {
        const used = new Set<number>();
        for (let p = 0; p < cv.nPaths; p++) {
          const s = cv.pathSplit[p * N + g];
          expect([...cv.splitGroups.subarray(s * k, s * k + k)]).toContain(g);
          used.add(s);
        }
        expect(used.size).toBe(cv.nPaths); // each split testing g feeds a different path
      }
      for (const s of cv.splits) expectExact(s, a, b, n, Math.floor(n * 0.05 + 1e-9), Math.floor(n * 0.05 + 1e-9));
      // predictions = position + 1000·split: each path must read position i from a split that tests it
      const per = cv.splits.map((s) => Float64Array.from(s.test, (i) => i + 1000 * s.index));
      const paths = assembleCpcvPaths(cv, per);
      expect(paths.length).toBe(cv.nPaths);
      for (let p = 0; p < cv.nPaths; p++) for (let i = 0; i < n; i++) {
        const s = Math.floor(paths[p][i] / 1000);
        expect(paths[p][i] - 1000 * s).toBe(i);
        expect(cv.splits[s].test).toContain(i);
      }
    }), { numRuns: 60 });
  });
});

describe('fitOnTrain(split, fit)', () => {
  it('passes only the training positions and refuses hand-built splits', () => {
    const [s] = purgedKFold(t0, t1, { nSplits: 3, embargoPct: 0, purgePct: 0 });
    expect(fitOnTrain(s, (rows) => [...rows])).toEqual(range(9, 20));
    const fake = { ...s, train: Int32Array.from(range(0, 20)) };
    expect(() => fitOnTrain(fake, (rows) => rows.length)).toThrow('hand-built');
  });
  it('fitStandardScaler(split, X, p) uses training rows only', () => {
    const [s] = purgedKFold(t0, t1, { nSplits: 3, embargoPct: 0, purgePct: 0 });
    const X = Float64Array.from(range(0, 20), (i) => (i < 9 ? 1e6 : i)); // test and purged rows are huge
    const sc = fitStandardScaler(s, X, 1);
    expect(sc.mean[0]).toBeCloseTo(14, 12); // mean of 9..19
    expect(sc.scale[0]).toBeCloseTo(Math.sqrt(11), 12); // sample std of 11 consecutive integers = √(11·12/12)
  });
});
