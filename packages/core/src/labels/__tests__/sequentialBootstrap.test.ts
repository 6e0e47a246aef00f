import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import type { Rng } from '../../util/rng.ts';
import { sequentialBootstrap } from '../sequentialBootstrap.ts';

/** An Rng whose next() returns the given values in order (the rest of the interface unused). */
const scripted = (values: number[]): Rng => {
  let k = 0;
  const r = { next: () => values[k++] } as unknown as Rng;
  return r;
};

describe('sequentialBootstrap(start, end, nDraws, rng)', () => {
  // AFML 4.5.3: labels on bars [0, 2], [2, 3], [4, 5]; after drawing label 1 the probabilities are 5/14, 3/14, 6/14
  const start = Int32Array.of(0, 2, 4), end = Int32Array.of(2, 3, 5);
  it('draws uniformly first, then in proportion to average uniqueness given the draws (AFML 4.5.3: 5/14, 3/14, 6/14)', () => {
    // first draw: weights (1, 1, 1), u = 0.5·3 = 1.5 → label 1
    expect(Array.from(sequentialBootstrap(start, end, 1, scripted([0.5])))).toEqual([1]);
    // second draw: weights (5/6, 1/2, 1), total 7/3: boundaries at 5/14 and 8/14 of the unit interval
    const eps = 1e-9;
    expect(sequentialBootstrap(start, end, 2, scripted([0.5, 5 / 14 - eps]))[1]).toBe(0);
    expect(sequentialBootstrap(start, end, 2, scripted([0.5, 5 / 14 + eps]))[1]).toBe(1);
    expect(sequentialBootstrap(start, end, 2, scripted([0.5, 8 / 14 - eps]))[1]).toBe(1);
    expect(sequentialBootstrap(start, end, 2, scripted([0.5, 8 / 14 + eps]))[1]).toBe(2);
  });
  it('matches the probabilities of a brute-force recomputation after several draws', () => {
    const rng = createRng(3);
    const n = 30, s = new Int32Array(n), e = new Int32Array(n);
    for (let i = 0; i < n; i++) { s[i] = rng.int(40); e[i] = s[i] + rng.int(8); }
    const draws = Array.from(sequentialBootstrap(s, e, 10, createRng(9)));
    // replay: the probability of each draw under the definition must be > 0, and the scripted replay reproduces it
    const c = new Map<number, number>();
    for (const j of draws) {
      const w = Array.from({ length: n }, (_, i) => { let acc = 0; for (let t = s[i]; t <= e[i]; t++) acc += 1 / ((c.get(t) ?? 0) + 1); return acc / (e[i] - s[i] + 1); });
      expect(w[j]).toBeGreaterThan(0);
      for (let t = s[j]; t <= e[j]; t++) c.set(t, (c.get(t) ?? 0) + 1);
    }
    // and a scripted rng pointing at the middle of each brute-force interval picks that label
    const c2 = new Map<number, number>();
    const u: number[] = [];
    for (const j of draws) {
      const w = Array.from({ length: n }, (_, i) => { let acc = 0; for (let t = s[i]; t <= e[i]; t++) acc += 1 / ((c2.get(t) ?? 0) + 1); return acc / (e[i] - s[i] + 1); });
      const tot = w.reduce((a, b) => a + b, 0);
      const before = w.slice(0, j).reduce((a, b) => a + b, 0);
      u.push((before + w[j] / 2) / tot);
      for (let t = s[j]; t <= e[j]; t++) c2.set(t, (c2.get(t) ?? 0) + 1);
    }
    expect(Array.from(sequentialBootstrap(s, e, draws.length, scripted(u)))).toEqual(draws);
  });
  it('gives a higher average uniqueness than the standard bootstrap on overlapping labels (AFML 4.5.4 Monte Carlo: ≈ 0.70 vs ≈ 0.62 here)', () => {
    const rng = createRng(1);
    // AFML's setting: 10 labels on 100 bars, each lasting 1–5 bars
    const n = 10, s = new Int32Array(n), e = new Int32Array(n);
    for (let i = 0; i < n; i++) { s[i] = rng.int(100); e[i] = s[i] + rng.int(5); }
    const avgU = (idx: ArrayLike<number>) => {
      const c = new Map<number, number>();
      for (const j of Array.from(idx)) for (let t = s[j]; t <= e[j]; t++) c.set(t, (c.get(t) ?? 0) + 1);
      let tot = 0;
      for (const j of Array.from(idx)) { let acc = 0; for (let t = s[j]; t <= e[j]; t++) acc += 1 / c.get(t)!; tot += acc / (e[j] - s[j] + 1); }
      return tot / idx.length;
    };
    let seq = 0, std = 0;
    for (let k = 0; k < 400; k++) {
      seq += avgU(sequentialBootstrap(s, e, n, createRng(100 + k)));
      const r = createRng(500 + k);
      std += avgU(Array.from({ length: n }, () => r.int(n)));
    }
    expect(seq / 400).toBeGreaterThan(std / 400 + 0.02);
  });
  it('is deterministic for a seed and rejects an end before its start', () => {
    expect(Array.from(sequentialBootstrap(start, end, 5, createRng(4)))).toEqual(Array.from(sequentialBootstrap(start, end, 5, createRng(4))));
    expect(() => sequentialBootstrap(Int32Array.of(3), Int32Array.of(2), 1, createRng(1))).toThrow(/end 2 < start 3/);
  });
});
