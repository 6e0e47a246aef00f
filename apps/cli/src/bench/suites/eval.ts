/** Evaluation kernels: purged K-fold on 1M events and CSCV/PBO at two sizes (synthetic inputs, seeded). */
import { createRng } from '@skippy/core';
import { purgedKFold, cscvPbo } from '@skippy/core/eval';
import type { BenchEntry } from '../harness.ts';

interface Intervals { t0: Float64Array; t1: Float64Array }
interface Matrix { m: Float64Array; T: number; N: number }

/** 1M events on 1-minute bars, label horizons of 1..50 bars (the shape the labels stage produces). */
function intervals(n: number): Intervals {
  const rng = createRng(42);
  const t0 = new Float64Array(n), t1 = new Float64Array(n);
  for (let i = 0; i < n; i++) { t0[i] = i * 60_000; t1[i] = t0[i] + (1 + rng.int(50)) * 60_000; }
  return { t0, t1 };
}

function matrix(T: number, N: number): Matrix {
  const rng = createRng(7);
  const m = new Float64Array(T * N);
  for (let i = 0; i < m.length; i++) m[i] = 0.01 * rng.normal();
  return { m, T, N };
}

export const entries: BenchEntry[] = [
  {
    name: 'cv.purgedKFold.1M',
    targetMs: 150,
    setup: () => intervals(1_000_000),
    run: ({ t0, t1 }) => purgedKFold(t0, t1, { nSplits: 5, embargoPct: 0.02, purgePct: 0.05 }),
  } as BenchEntry<Intervals>,
  {
    name: 'pbo.cscv.T1600.N50.S16',
    targetMs: 50,
    setup: () => matrix(1600, 50),
    run: ({ m, T, N }) => cscvPbo(m, T, N, { partitions: 16 }),
  } as BenchEntry<Matrix>,
  {
    name: 'pbo.cscv.T100k.N1000.S16',
    targetMs: 2000,
    setup: () => matrix(100_000, 1000),
    run: ({ m, T, N }) => cscvPbo(m, T, N, { partitions: 16 }),
  } as BenchEntry<Matrix>,
];
