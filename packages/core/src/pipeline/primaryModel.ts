/**
 * The per-split fit behind the model contract (models/contract.ts): `fitModel(spec, data, samples,
 * rows, options)` sees only the rows it is given (a split's training rows), cuts a purged validation
 * tail from them when the model early-stops, rescales the weights to mean 1 on its own rows, and fits
 * the factory registered for `spec.kind`.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { BUILTIN_MODEL_FACTORIES } from '../models/index.ts';
import type { FittedModel, ModelData, ModelFactory, TrainingProgress } from '../models/index.ts';
import { UserInputError } from '../util/errors.ts';
import type { SampleSet } from './buildSamples.ts';

export type { FittedModel } from '../models/index.ts';

export interface FitModelOptions {
  /** Per-row weights indexed like X's rows (e.g. label uniqueness); default 1. */
  weights?: Float64Array | null;
  seed: number;
  /** Factories beyond core's own (logistic, gbdt). */
  factories?: readonly ModelFactory[];
  onProgress?: (e: TrainingProgress) => void;
  signal?: { readonly aborted: boolean };
}

/** Weights rescaled to mean 1 over `rows` (so penalties keep their meaning); other rows untouched. Uses only the fit's own rows. */
function meanOneOn(w: Float64Array, rows: Int32Array): Float64Array {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) sum += w[rows[k]];
  if (!(sum > 0)) return w;
  const out = new Float64Array(w.length), scale = rows.length / sum;
  for (let k = 0; k < rows.length; k++) out[rows[k]] = w[rows[k]] * scale;
  return out;
}

/** The factory for `kind`: the host's first, then core's. */
export function modelFactory(kind: string, factories: readonly ModelFactory[] = []): ModelFactory {
  const f = factories.find((x) => x.kind === kind) ?? BUILTIN_MODEL_FACTORIES.find((x) => x.kind === kind);
  if (!f) throw new UserInputError('models.primary.kind', `a model kind this host can fit (${[...new Set([...factories, ...BUILTIN_MODEL_FACTORIES].map((x) => x.kind))].join(', ')}); mlp and tcn need the @skippy/ml package`, kind);
  return f;
}

/**
 * purgedValidationTail(samples, rows, fraction) – the last ⌊fraction·n⌋ rows become the validation set;
 * the fit keeps the rows whose label ended before the first validation sample starts.
 */
export function purgedValidationTail(samples: SampleSet, rows: Int32Array, fraction: number): { fit: Int32Array; validation: Int32Array } {
  const nVal = Math.floor(rows.length * fraction);
  if (nVal < 1) return { fit: rows, validation: new Int32Array(0) };
  const validation = rows.subarray(rows.length - nVal);
  const start = samples.t0[validation[0]];
  return { fit: rows.subarray(0, rows.length - nVal).filter((i) => samples.t1[i] < start), validation };
}

/** fitModel(spec, data, samples, y, rows, options) – fits `spec` on `rows` only (see the file comment). */
export async function fitModel(spec: ExperimentConfig['models']['primary'], data: ModelData, samples: SampleSet, y: Float64Array, rows: Int32Array, options: FitModelOptions): Promise<FittedModel> {
  const factory = modelFactory(spec.kind, options.factories);
  let fit = rows, validation: Int32Array | undefined;
  if ('early_stopping' in spec && spec.early_stopping) {
    const t = purgedValidationTail(samples, rows, spec.validation_fraction);
    if (t.validation.length > 0 && t.fit.length > 0) { fit = t.fit; validation = t.validation; }
  }
  return factory.fit(spec, data, {
    y, rows: fit, seed: options.seed,
    ...(options.weights ? { weights: meanOneOn(options.weights, rows) } : {}),
    ...(validation ? { validation } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
