/**
 * Gradient-boosted trees: one fit of 100 iterations (no early stopping) on 100k seeded synthetic rows ×
 * 20 features with a nonlinear signal and 1% missing values in one feature, on this thread and with one
 * helper thread (@skippy/io/gbdt; the same trees). Set SKIPPY_GBDT_BENCH_CSV to a path to also write the
 * dataset (header x0..x19,y; NaN as "nan") for bench/anchors/sklearn_hgb.py, which times scikit-learn's
 * HistGradientBoostingClassifier on the identical rows; its figures measured here are in SKLEARN below
 * and in each entry's `figures`, next to our training AUC (sklearn's on the same rows: 0.80511).
 */
import { writeFileSync } from 'node:fs';
import { createRng } from '@skippy/core';
import { fitGbdt, predictGbdt } from '@skippy/core/models';
import { binaryAuc } from '@skippy/core/models/gbdt';
import { gbdtWorkerThreads } from '@skippy/io/gbdt';
import type { BenchEntry } from '../harness.ts';

/**
 * `python3 bench/anchors/sklearn_hgb.py time <csv> 3` (sklearn 1.2.1, median of 3 after a warm-up) on this
 * 2-core machine, back to back with this bench, 2026-12-05 00:05–00:08 UTC at load average 0.3–1.5: the
 * median of three such runs with sklearn's default threads (OpenMP, 2) and with OMP_NUM_THREADS=1.
 */
const SKLEARN = { sklearn_1thread_ms: 1385.0, sklearn_2threads_ms: 925.3, sklearn_train_auc: 0.80511 };

interface Data { X: Float64Array; y: Float64Array; rows: Int32Array; p: number }

/** gbdtBenchData(n, p, seed) – x ~ N(0, 1); P(y = 1) = σ(x0·x1 + sin 2x2 + 0.5·x3 − 0.5·x4² + 0.25·[x5 > 0]); x5 missing in 1% of rows. */
export function gbdtBenchData(n: number, p: number, seed = 2024): Data {
  const rng = createRng(seed);
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let f = 0; f < p; f++) X[o + f] = rng.normal();
    const z = X[o] * X[o + 1] + Math.sin(2 * X[o + 2]) + 0.5 * X[o + 3] - 0.5 * X[o + 4] * X[o + 4] + 0.25 * (X[o + 5] > 0 ? 1 : 0) + 0.3;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    if (rng.next() < 0.01) X[o + 5] = Number.NaN;
  }
  return { X, y, rows: Int32Array.from({ length: n }, (_, i) => i), p };
}

function writeCsv(path: string, d: Data): void {
  const n = d.y.length, lines: string[] = [[...Array.from({ length: d.p }, (_, f) => `x${f}`), 'y'].join(',')];
  for (let i = 0; i < n; i++) {
    const cells: string[] = [];
    for (let f = 0; f < d.p; f++) { const x = d.X[i * d.p + f]; cells.push(Number.isNaN(x) ? 'nan' : String(x)); }
    cells.push(String(d.y[i]));
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const OPTIONS = { maxIter: 100, learningRate: 0.1, maxLeafNodes: 31, minSamplesLeaf: 20, maxBins: 255 };

function setup(): Data {
  const d = gbdtBenchData(100_000, 20);
  const out = process.env.SKIPPY_GBDT_BENCH_CSV;
  if (out) writeCsv(out, d);
  return d;
}

/** Our training AUC next to sklearn's figures (one untimed fit). */
function figures({ X, y, rows, p }: Data): Record<string, number | null> {
  const auc = binaryAuc(predictGbdt(fitGbdt(X, p, y, rows, OPTIONS), X, rows), y);
  return { train_auc: auc === null ? null : Math.round(auc * 1e5) / 1e5, ...SKLEARN };
}

export const entries: BenchEntry[] = [
  {
    name: 'models.gbdt.train.100k×20.100it',
    targetMs: SKLEARN.sklearn_1thread_ms,
    setup,
    run: ({ X, y, rows, p }) => fitGbdt(X, p, y, rows, OPTIONS),
    figures,
  } as BenchEntry<Data>,
  {
    name: 'models.gbdt.train.100k×20.100it.threads2',
    targetMs: SKLEARN.sklearn_2threads_ms,
    setup,
    run: ({ X, y, rows, p }) => fitGbdt(X, p, y, rows, { ...OPTIONS, threads: gbdtWorkerThreads(1) }),
    figures,
  } as BenchEntry<Data>,
];
