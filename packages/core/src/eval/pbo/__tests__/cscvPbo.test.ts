import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sharedDataPath } from '@skippy/io';
import { createRng } from '../../../util/rng.ts';
import { cscvPbo } from '../index.ts';

/** Slow reference: every combination recomputed from the raw rows (two-pass mean/std), itertools order by recursion. */
function slowCscv(m: Float64Array, T: number, N: number, S: number) {
  const skip = T % S, L = (T - skip) / S;
  const combos: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === S / 2) { combos.push(acc.slice()); return; }
    for (let b = start; b < S; b++) { acc.push(b); rec(b + 1, acc); acc.pop(); }
  };
  rec(0, []);
  const sr = (rows: number[], j: number) => {
    const xs = rows.map((r) => m[r * N + j]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    return mean / sd;
  };
  return combos.map((isb) => {
    const isRows: number[] = [], oosRows: number[] = [];
    for (let b = 0; b < S; b++) for (let r = skip + b * L; r < skip + (b + 1) * L; r++) (isb.includes(b) ? isRows : oosRows).push(r);
    const isSr = Array.from({ length: N }, (_, j) => sr(isRows, j));
    const oosSr = Array.from({ length: N }, (_, j) => sr(oosRows, j));
    let best = 0;
    for (let j = 1; j < N; j++) if (isSr[j] > isSr[best]) best = j;
    const less = oosSr.filter((v) => v < oosSr[best]).length, eq = oosSr.filter((v) => v === oosSr[best]).length;
    const rank = less + (eq + 1) / 2;
    const w = rank / (N + 1);
    return { isb, best, rank, w, logit: Math.log(w / (1 - w)), isSr: isSr[best], oosSr: oosSr[best] };
  });
}

function compare(m: Float64Array, T: number, N: number, S: number) {
  const fast = cscvPbo(m, T, N, { partitions: S });
  const slow = slowCscv(m, T, N, S);
  expect(fast.nCombinations).toBe(slow.length);
  slow.forEach((s, c) => {
    expect([...fast.isBlocks.subarray(c * S / 2, (c + 1) * S / 2)]).toEqual(s.isb);
    expect(fast.bestIs[c]).toBe(s.best);
    expect(fast.oosRank[c]).toBe(s.rank);
    expect(fast.logits[c]).toBeCloseTo(s.logit, 12);
    expect(fast.isSharpe[c]).toBeCloseTo(s.isSr, 10);
    expect(fast.oosSharpe[c]).toBeCloseTo(s.oosSr, 10);
  });
  const pbo = slow.filter((s) => s.logit <= 0).length / slow.length;
  expect(fast.pbo).toBe(pbo);
  const defined = slow.filter((s) => Number.isFinite(s.oosSr));
  expect(fast.probOosLoss).toBe(defined.filter((s) => s.oosSr < 0).length / defined.length);
  expect(fast.undefinedOos).toBe(slow.length - defined.length);
  expect(fast.undefinedIs).toBe(0);
  // degradation: independent least squares
  const xs = slow.map((s) => s.isSr), ys = slow.map((s) => s.oosSr);
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0), sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0), syy = ys.reduce((a, y) => a + (y - my) ** 2, 0);
  expect(fast.degradation.slope).toBeCloseTo(sxy / sxx, 8);
  expect(fast.degradation.intercept).toBeCloseTo(my - (sxy / sxx) * mx, 8);
  expect(fast.degradation.r).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 8);
  return fast;
}

describe('cscvPbo(matrix, T, N, {partitions})', () => {
  it('matches the slow row-by-row reference on random matrices (T mod S rows dropped)', () => {
    const rng = createRng(11);
    for (const [T, N, S] of [[103, 7, 8], [64, 3, 4], [250, 12, 10]]) {
      const m = Float64Array.from({ length: T * N }, (_, i) => 0.01 * rng.normal() + 0.0005 * (i % N));
      const r = compare(m, T, N, S);
      expect(r.rowsUsed).toBe(T - (T % S));
    }
  });
  it('averages tied OOS ranks and counts λ = 0 as overfit', () => {
    // two identical columns: the IS winner is the first, its OOS rank is always the tie average 1.5 of 2 → ω̄ = 0.5, λ = 0
    const rng = createRng(3);
    const T = 40, N = 2, m = new Float64Array(T * N);
    for (let r = 0; r < T; r++) { const x = rng.normal(); m[r * 2] = x; m[r * 2 + 1] = x; }
    const res = cscvPbo(m, T, N, { partitions: 4 });
    expect([...res.oosRank]).toEqual(Array(6).fill(1.5));
    expect([...res.logits]).toEqual(Array(6).fill(0));
    expect(res.pbo).toBe(1);
  });
  it('leaves undefined OOS Sharpes out of probOosLoss and combinations without any IS Sharpe out of pbo', () => {
    // S = 4 blocks of 2 rows, columns [A, B]; zero blocks have zero variance (undefined Sharpe):
    //   block 0: A 0, 0    B 0, 0       block 2: A −1, −3   B −1, −2
    //   block 1: A 0, 0    B 0, 0       block 3: A −1, −3   B  0,  0
    // Every non-zero block is negative, so every defined Sharpe is negative. By hand, with
    // SR([0,0,−1,−3]) = −1/√2, SR([0,0,−1,−2]) = −0.75/√(11/12), SR([−1,−3,−1,−3]) = −√3:
    //   IS {0,1}: A and B undefined → no n* (undefinedIs)
    //   IS {0,2}, {0,3}, {1,2}, {1,3}: n* = A (−1/√2 beats −0.783 or undefined); A's OOS Sharpe −1/√2 < 0
    //     while B's OOS is −0.783 or undefined → rank 2 of 2, ω̄ = 2/3, λ = ln 2
    //   IS {2,3}: n* = B (−0.783 > −√3); OOS {0,1} undefined for both → undefinedOos, tie rank 1.5, λ = 0
    // probOosLoss = 4 losses / 4 defined = 1 (the old definition gave 4/6); pbo = 1 / 5 (λ = 0 once).
    const A = [0, 0, 0, 0, -1, -3, -1, -3], B = [0, 0, 0, 0, -1, -2, 0, 0];
    const m = Float64Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? A : B)[i >> 1]);
    const r = cscvPbo(m, 8, 2, { partitions: 4 });
    const s2 = -1 / Math.SQRT2, sb = -0.75 / Math.sqrt(11 / 12);
    expect([...r.bestIs]).toEqual([-1, 0, 0, 0, 0, 1]);
    expect([...r.oosRank]).toEqual([NaN, 2, 2, 2, 2, 1.5]);
    expect(r.oosSharpe[0]).toBeNaN();
    expect(r.oosSharpe[5]).toBeNaN();
    for (let c = 1; c <= 4; c++) { expect(r.oosSharpe[c]).toBeCloseTo(s2, 14); expect(r.isSharpe[c]).toBeCloseTo(s2, 14); }
    expect(r.isSharpe[0]).toBeNaN();
    expect(r.isSharpe[5]).toBeCloseTo(sb, 14);
    expect(r.logits[0]).toBeNaN();
    expect(r.logits[5]).toBe(0);
    expect(r.undefinedIs).toBe(1);
    expect(r.undefinedOos).toBe(1);
    expect(r.probOosLoss).toBe(1);
    expect(r.pbo).toBe(0.2);
    expect(r.logit.mean).toBeCloseTo((4 * Math.LN2) / 5, 14);
    expect(r.logit.min).toBe(0);
    expect(r.logit.max).toBeCloseTo(Math.LN2, 14);
  });
  it('gives probOosLoss NaN when no selected strategy has an OOS Sharpe, and pbo NaN when no combination has an n*', () => {
    // S = 2: block 0 is zero in both columns. IS {0}: no n*. IS {1}: A = (1, 2), B = (1, 3);
    // n* = A (SR 1.5/√0.5 ≈ 2.12 > 2/√2 ≈ 1.41), whose OOS block 0 is undefined.
    const m = Float64Array.from([0, 0, 0, 0, 1, 1, 2, 3]);
    const r = cscvPbo(m, 4, 2, { partitions: 2 });
    expect([...r.bestIs]).toEqual([-1, 0]);
    expect(r.undefinedIs).toBe(1);
    expect(r.undefinedOos).toBe(1);
    expect(r.probOosLoss).toBeNaN();
    expect(r.pbo).toBe(1); // the one combination with an n*: tie of two undefined OOS Sharpes, rank 1.5, λ = 0
    const flat = cscvPbo(new Float64Array(8), 4, 2, { partitions: 2 });
    expect(flat.undefinedIs).toBe(2);
    expect(flat.pbo).toBeNaN();
    expect(flat.probOosLoss).toBeNaN();
    expect(flat.logit.mean).toBeNaN();
    expect(flat.logit.median).toBeNaN();
  });
  it('noise strategies overfit often; one dominant strategy almost never', () => {
    const rng = createRng(5);
    const T = 1600, N = 20;
    const noise = Float64Array.from({ length: T * N }, () => rng.normal());
    const p = cscvPbo(noise, T, N).pbo;
    expect(p).toBeGreaterThan(0.1); // one noise sample: PBO varies widely around 0.5, but is far from 0
    expect(p).toBeLessThan(0.9);
    const dom = Float64Array.from({ length: T * N }, (_, i) => rng.normal() + (i % N === 7 ? 0.5 : 0));
    const r = cscvPbo(dom, T, N);
    expect(r.pbo).toBe(0);
    expect([...new Set(r.bestIs)]).toEqual([7]);
    expect(r.nCombinations).toBe(12870);
  });
  const csv = sharedDataPath('mlfinlab-es-test-data/stock_prices.csv');
  describe.runIf(csv)('on the 23 ETFs of stock_prices.csv as strategies (needs ../shared/data)', () => {
    it('matches the slow reference with S = 8 and 10', () => {
      const lines = readFileSync(csv!, 'utf8').trim().split('\n');
      const N = lines[0].split(',').length - 1;
      const px = lines.slice(1).map((l) => l.split(',').slice(1).map(Number));
      const rows = px.filter((r) => r.every((x) => Number.isFinite(x) && x > 0));
      const T = rows.length - 1;
      const m = new Float64Array(T * N);
      for (let t = 0; t < T; t++) for (let j = 0; j < N; j++) m[t * N + j] = rows[t + 1][j] / rows[t][j] - 1;
      expect(N).toBe(23);
      compare(m, T, N, 8);
      const r10 = compare(m, T, N, 10);
      expect(r10.nCombinations).toBe(252);
    });
  });
});
