import { UserInputError } from '../util/errors.ts';
import type { FeatureMatrix } from '../features/index.ts';

/**
 * Per-feature mean and standard deviation fitted on the TRAINING bars only (the leakage rule: the
 * environment and the policy see test bars only through a normaliser that never looked at them).
 * `returnStd` is the standard deviation of one-bar simple close returns on the same bars; it scales the
 * unrealised PnL in the observation.
 */
export interface ObservationNormaliser {
  names: string[];
  mean: Float64Array;
  /** Population std; 0 for a constant or empty column (its normalised value is then 0). */
  std: Float64Array;
  returnStd: number;
}

/**
 * fitObservationNormaliser(features, close, from, to) – mean/std of every feature column over the finite
 * values of rows [from, to), and the std of close[t] / close[t − 1] − 1 for t in (from, to).
 */
export function fitObservationNormaliser(features: FeatureMatrix, close: Float64Array, from: number, to: number): ObservationNormaliser {
  if (!(from >= 0 && to <= close.length && from < to)) throw new Error(`expected 0 ≤ from < to ≤ ${close.length}; was [${from}, ${to})`);
  const F = features.columns.length;
  const mean = new Float64Array(F), std = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const [m, s] = meanStd(features.columns[f], from, to, false);
    mean[f] = m; std[f] = s;
  }
  return { names: [...features.names], mean, std, returnStd: meanStd(close, from + 1, to, true)[1] };
}

function meanStd(x: Float64Array, from: number, to: number, returns: boolean): [number, number] {
  const at = (t: number) => (returns ? x[t] / x[t - 1] - 1 : x[t]);
  let n = 0, sum = 0;
  for (let t = from; t < to; t++) { const v = at(t); if (Number.isFinite(v)) { n++; sum += v; } }
  if (n === 0) return [0, 0];
  const m = sum / n;
  let sq = 0;
  for (let t = from; t < to; t++) { const v = at(t); if (Number.isFinite(v)) sq += (v - m) * (v - m); }
  return [m, Math.sqrt(sq / n)];
}

/**
 * normaliseFeatureRows(features, normaliser, clip) – the whole matrix as row-major float32 (rows × F):
 * (x − mean) / std clipped to ±clip; NaN (warm-up, gaps) and zero-std columns → 0. Row t depends on
 * row t's values only, so it is as causal as the features.
 */
export function normaliseFeatureRows(features: FeatureMatrix, normaliser: ObservationNormaliser, clip = 10): Float32Array {
  const F = features.columns.length, T = features.ts.length;
  if (normaliser.mean.length !== F) throw new Error(`normaliser has ${normaliser.mean.length} features; the matrix has ${F}`);
  const out = new Float32Array(T * F);
  for (let f = 0; f < F; f++) {
    const col = features.columns[f], m = normaliser.mean[f], s = normaliser.std[f];
    for (let t = 0; t < T; t++) {
      const z = s > 0 ? (col[t] - m) / s : 0;
      out[t * F + f] = z === z ? (z > clip ? clip : z < -clip ? -clip : z) : 0;
    }
  }
  return out;
}

/** An ObservationNormaliser as plain JSON (the frozen policy artifact). */
export interface ObservationNormaliserJSON { names: string[]; mean: number[]; std: number[]; returnStd: number }

export function normaliserToJSON(n: ObservationNormaliser): ObservationNormaliserJSON {
  return { names: [...n.names], mean: Array.from(n.mean), std: Array.from(n.std), returnStd: n.returnStd };
}

/** normaliserFromJSON(json, field) – the inverse of normaliserToJSON; a malformed one is a UserInputError naming `field`. */
export function normaliserFromJSON(json: unknown, field: string): ObservationNormaliser {
  const j = json as Partial<ObservationNormaliserJSON> | null;
  const nums = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!j || typeof j !== 'object' || !Array.isArray(j.names) || !j.names.every((x) => typeof x === 'string') || !nums(j.mean) || !nums(j.std)
    || j.mean!.length !== j.names.length || j.std!.length !== j.names.length || typeof j.returnStd !== 'number' || !Number.isFinite(j.returnStd)) {
    throw new UserInputError(field, 'an observation normaliser { names, mean, std (one finite number per feature), returnStd }', json === null || typeof json !== 'object' ? json : 'a malformed object');
  }
  return { names: [...j.names], mean: Float64Array.from(j.mean!), std: Float64Array.from(j.std!), returnStd: j.returnStd };
}
