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
import { createRng } from '../util/rng.ts';
import { sampleUniqueness, sequentialBootstrap } from '../labels/index.ts';
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
  /** models.bagging (off when absent or n_estimators = 0). */
  bagging?: ExperimentConfig['models']['bagging'];
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
 * usesHostModels(config) – whether a run of this config may fit a model kind that core does not build in
 * (mlp, tcn: @skippy/ml), as its primary model or as an in-run search candidate under models.*. Hosts
 * load @skippy/ml (TensorFlow.js, ≈ 120 MB resident) only then; a false answer is exact for the primary
 * model and conservative for hpo.space (any candidate naming a non-built-in kind counts).
 */
export function usesHostModels(config: ExperimentConfig): boolean {
  const builtin = new Set(BUILTIN_MODEL_FACTORIES.map((f) => f.kind));
  if (!builtin.has(config.models.primary.kind)) return true;
  if (!config.hpo.enabled) return false;
  for (const [path, candidates] of Object.entries(config.hpo.space)) {
    if (!path.startsWith('models.')) continue;
    for (const c of candidates) if (typeof c === 'string' && path.endsWith('.kind') && !builtin.has(c)) return true;
  }
  return false;
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

/**
 * meanUniqueness(samples, rows) – mean AFML average uniqueness of the listed rows' labels, concurrency counted
 * per symbol among those rows only (so it reads nothing outside the fit); NaN for no rows.
 */
export function meanUniqueness(samples: SampleSet, rows: Int32Array): number {
  if (rows.length === 0) return Number.NaN;
  let sum = 0;
  for (let s = 0; s < samples.symbols.length; s++) {
    const mine = rows.filter((i) => samples.symbol[i] === s);
    if (mine.length === 0) continue;
    const t0 = Int32Array.from(mine, (i) => samples.t0Idx[i]), t1 = Int32Array.from(mine, (i) => samples.t1Idx[i]);
    let nBars = 0;
    for (const t of t1) nBars = Math.max(nBars, t + 1);
    for (const u of sampleUniqueness(t0, t1, nBars)) sum += u;
  }
  return sum / rows.length;
}

/** fitModel(spec, data, samples, y, rows, options) – fits `spec` on `rows` only (see the file comment); bagged when options.bagging asks. */
export async function fitModel(spec: ExperimentConfig['models']['primary'], data: ModelData, samples: SampleSet, y: Float64Array, rows: Int32Array, options: FitModelOptions): Promise<FittedModel> {
  const bag = options.bagging;
  if (!bag || bag.n_estimators === 0) return fitOne(spec, data, samples, y, rows, options);
  // labels of different symbols never overlap: bar key = symbol · stride + bar
  let stride = 1;
  for (let k = 0; k < rows.length; k++) stride = Math.max(stride, samples.t1Idx[rows[k]] + 1);
  const start = Int32Array.from(rows, (i) => samples.symbol[i] * stride + samples.t0Idx[i]);
  const end = Int32Array.from(rows, (i) => samples.symbol[i] * stride + samples.t1Idx[i]);
  const nDraw = Math.max(1, Math.round(bag.max_samples * rows.length));
  const rng = createRng(options.seed).fork('bagging');
  const members: FittedModel[] = [];
  for (let b = 0; b < bag.n_estimators; b++) {
    const r = rng.fork(`member ${b}`);
    const draws = bag.bootstrap === 'sequential' ? sequentialBootstrap(start, end, nDraw, r) : Int32Array.from({ length: nDraw }, () => r.int(rows.length));
    const count = new Float64Array(rows.length);
    for (const k of draws) count[k]++;
    const picked: number[] = [];
    const w = new Float64Array(samples.n);
    for (let k = 0; k < rows.length; k++) if (count[k] > 0) { picked.push(rows[k]); w[rows[k]] = count[k] * (options.weights ? options.weights[rows[k]] : 1); }
    members.push(await fitOne(spec, data, samples, y, Int32Array.from(picked), { ...options, weights: w, seed: (options.seed + 7919 * (b + 1)) >>> 0 }));
  }
  const meanOf = (arrs: (Float64Array | null)[]) => {
    const a = arrs.filter((x): x is Float64Array => x !== null);
    if (!a.length) return null;
    const out = new Float64Array(a[0].length);
    for (const x of a) for (let j = 0; j < out.length; j++) out[j] += x[j] / a.length;
    return out;
  };
  return {
    kind: `${spec.kind} (bagged ×${bag.n_estimators}, ${bag.bootstrap} bootstrap)`,
    async predict(d, r) {
      const out = new Float64Array(r.length);
      for (const m of members) { const p = await m.predict(d, r); for (let k = 0; k < r.length; k++) out[k] += p[k] / members.length; }
      return out;
    },
    coef: meanOf(members.map((m) => m.coef)), importance: meanOf(members.map((m) => m.importance)), history: members[0].history,
    toJSON: () => ({ kind: 'bagged', bootstrap: bag.bootstrap, members: members.map((m) => m.toJSON()) }),
  };
}

async function fitOne(spec: ExperimentConfig['models']['primary'], data: ModelData, samples: SampleSet, y: Float64Array, rows: Int32Array, options: FitModelOptions): Promise<FittedModel> {
  const factory = modelFactory(spec.kind, options.factories);
  let fit = rows, validation: Int32Array | undefined;
  if ('early_stopping' in spec && spec.early_stopping) {
    const t = purgedValidationTail(samples, rows, spec.validation_fraction);
    if (t.validation.length > 0 && t.fit.length > 0) { fit = t.fit; validation = t.validation; }
  }
  const u = meanUniqueness(samples, fit);
  return factory.fit(spec, data, {
    y, rows: fit, seed: options.seed, ...(u > 0 ? { uniqueness: u } : {}),
    ...(options.weights ? { weights: meanOneOn(options.weights, rows) } : {}),
    ...(validation ? { validation } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
