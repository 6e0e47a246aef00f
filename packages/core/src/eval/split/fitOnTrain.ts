import type { CvSplit } from './types.ts';
import { isIssuedSplit } from './types.ts';

/**
 * fitOnTrain(split, fit) — the only door to stateful preprocessing (scalers, feature selection,
 * model fitting) in the evaluation API: `fit` receives a copy of the split's training positions and
 * nothing else. Only splits produced by purgedKFold / walkForward / combinatorialPurgedCv are
 * accepted (a hand-built object throws), so nothing can be fitted on rows that include test,
 * purged or embargoed samples. Splits are frozen when issued; re-create them with the (deterministic)
 * splitter in another thread instead of passing them across.
 */
export function fitOnTrain<T>(split: CvSplit, fit: (trainPositions: Int32Array) => T): T {
  if (!isIssuedSplit(split)) throw new Error('split must come from purgedKFold, walkForward or combinatorialPurgedCv; was a hand-built object');
  return fit(split.train.slice());
}

/** Column means and standard deviations fitted on the training rows of a split. */
export interface StandardScaler {
  p: number;
  mean: Float64Array;
  /** Sample std (ddof 1) per column; 1 where the column is constant or has < 2 finite values. */
  scale: Float64Array;
  /** Training rows that had a finite value, per column. */
  count: Int32Array;
}

/**
 * fitStandardScaler(split, X, p) — per-column mean and sample std over split.train rows of the
 * row-major n×p matrix X, skipping non-finite cells. Goes through {@link fitOnTrain}.
 */
export function fitStandardScaler(split: CvSplit, X: Float64Array, p: number): StandardScaler {
  return fitOnTrain(split, (rows) => {
    const mean = new Float64Array(p), scale = new Float64Array(p), count = new Int32Array(p);
    for (let r = 0; r < rows.length; r++) {
      const o = rows[r] * p;
      for (let j = 0; j < p; j++) { const x = X[o + j]; if (Number.isFinite(x)) { mean[j] += x; count[j]++; } }
    }
    for (let j = 0; j < p; j++) mean[j] = count[j] > 0 ? mean[j] / count[j] : 0;
    for (let r = 0; r < rows.length; r++) {
      const o = rows[r] * p;
      for (let j = 0; j < p; j++) { const x = X[o + j]; if (Number.isFinite(x)) { const d = x - mean[j]; scale[j] += d * d; } }
    }
    for (let j = 0; j < p; j++) {
      const sd = count[j] > 1 ? Math.sqrt(scale[j] / (count[j] - 1)) : 0;
      scale[j] = sd > 0 ? sd : 1;
    }
    return { p, mean, scale, count };
  });
}

/** applyStandardScaler(scaler, X) — (x − mean)/scale for every row of X (new array; NaN stays NaN). */
export function applyStandardScaler(scaler: StandardScaler, X: Float64Array): Float64Array {
  const { p, mean, scale } = scaler;
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) { const j = i % p; out[i] = (X[i] - mean[j]) / scale[j]; }
  return out;
}
