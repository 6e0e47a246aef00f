/**
 * The model contract of the per-split fit stage: `fitModel(spec, X, y, rows, {p, weights})` sees only
 * the rows it is given (a split's training rows) and returns a predictor of P(y = 1) for any rows.
 * New model kinds plug in here; the pipeline never calls a model's own fit directly.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { fitLogistic, predictLogistic } from '../models/index.ts';
import type { LogisticModel } from '../models/index.ts';

export interface FittedModel {
  kind: string;
  /** P(y = 1) for each listed row of the row-major X (NaN for a row with a non-finite feature). */
  predict(X: Float64Array, rows: Int32Array): Float64Array;
  /** Standardised coefficients when the model has them (feature report). */
  coef: Float64Array | null;
}

export interface FitModelOptions {
  /** Features per row. */
  p: number;
  /** Per-row weights indexed like X's rows (e.g. label uniqueness); default 1. */
  weights?: Float64Array;
}

/** Weights rescaled to mean 1 over `rows` (so the L2 penalty keeps its meaning); other rows untouched. Uses only the fit's own rows. */
function meanOneOn(w: Float64Array, rows: Int32Array): Float64Array {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) sum += w[rows[k]];
  if (!(sum > 0)) return w;
  const out = new Float64Array(w.length), scale = rows.length / sum;
  for (let k = 0; k < rows.length; k++) out[rows[k]] = w[rows[k]] * scale;
  return out;
}

/** fitModel(spec, X, y, rows, options) – fits `spec` on `rows` only. */
export function fitModel(spec: ExperimentConfig['models']['primary'], X: Float64Array, y: Float64Array, rows: Int32Array, options: FitModelOptions): FittedModel {
  const m: LogisticModel = fitLogistic(X, y, rows, { p: options.p, l2: spec.l2, maxIter: spec.max_iter, tol: spec.tol, ...(options.weights ? { sampleWeight: meanOneOn(options.weights, rows) } : {}) });
  return { kind: spec.kind, predict: (X2, r) => predictLogistic(m, X2, r), coef: m.coef };
}
