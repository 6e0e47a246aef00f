/**
 * Parzen estimators of TPE (Bergstra et al. 2011), as Optuna 5's `_ParzenEstimator`: a mixture of
 * one kernel per observation plus a prior kernel (weight `priorWeight`, centred mid-range with
 * σ = range), each kernel a product over the parameters of a truncated normal (numeric; in log space
 * for log parameters, range widened by step/2 for stepped ones) or a categorical distribution.
 * Bandwidths: σ_i = max(gap to the left neighbour, gap to the right neighbour) among the sorted
 * observations with the range bounds as outer neighbours; with consider_endpoints false the first and
 * last observations use their inner gap only; magic clip: σ ≥ range / min(100, 1 + n_kernels).
 */
import type { NumpyRandomState } from '../util/numpyRandom.ts';
import type { ParamSpec } from './space.ts';
import { logGaussMass, truncNormPpf } from './gauss.ts';
import { roundHalfEven } from './streams.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export interface ParzenOptions {
  /** Weight of the prior kernel. @default 1 */
  priorWeight: number;
  /** Lower-bound each σ by range / min(100, 1 + n_kernels). @default true */
  magicClip: boolean;
  /** Let the outermost observations use the distance to the range bounds. @default false */
  considerEndpoints: boolean;
}

export const DEFAULT_PARZEN_OPTIONS: ParzenOptions = { priorWeight: 1, magicClip: true, considerEndpoints: false };

interface NumDim { kind: 'num'; mu: Float64Array; sigma: Float64Array; lo: number; hi: number; log: boolean; step: number; low: number; high: number; logNorm: Float64Array; /** −log σ − log Z − log √(2π) per kernel */ offset: Float64Array }
interface CatDim { kind: 'cat'; probs: Float64Array[]; logProbs: Float64Array[] }
type Dim = NumDim | CatDim;

/** A fitted mixture: normalised kernel weights and one batched distribution per parameter. */
export interface ParzenEstimator { weights: Float64Array; logWeights: Float64Array; dims: Dim[] }

/** defaultWeights(n) – Optuna's default_weights: ones below 25 observations, else a ramp 1/n … 1 for the oldest n − 25 then 25 ones. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const m = n - 25;
  for (let i = 0; i < m; i++) w[i] = m === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (m - 1);
  return w;
}

/**
 * buildParzenEstimator(specs, observations, options, weights) – observations[d][i] is observation i of
 * parameter d in internal form (numbers; categorical choice index); weights default to defaultWeights.
 */
export function buildParzenEstimator(specs: readonly ParamSpec[], observations: readonly Float64Array[], options: ParzenOptions = DEFAULT_PARZEN_OPTIONS, weights?: Float64Array): ParzenEstimator {
  const n = observations.length ? observations[0].length : 0;
  const w0 = weights ?? defaultWeights(n);
  if (w0.length !== n) throw new Error(`weights must have one entry per observation (${n}); was ${w0.length}`);
  const w = n === 0 ? Float64Array.of(1) : Float64Array.from([...w0, options.priorWeight]);
  let s = 0;
  for (const x of w) s += x;
  for (let i = 0; i < w.length; i++) w[i] /= s;
  const dims = specs.map((spec, d) => (spec.type === 'categorical' ? catDim(spec.choices.length, observations[d] ?? new Float64Array(0), options) : numDim(spec, observations[d] ?? new Float64Array(0), options)));
  return { weights: w, logWeights: w.map(Math.log), dims };
}

function catDim(k: number, obs: Float64Array, o: ParzenOptions): CatDim {
  const n = obs.length;
  if (n === 0) { const p = new Float64Array(k).fill(1 / k); return { kind: 'cat', probs: [p], logProbs: [p.map(Math.log)] }; }
  const nk = n + 1;
  const probs: Float64Array[] = [];
  for (let i = 0; i < nk; i++) {
    const p = new Float64Array(k).fill(o.priorWeight / nk);
    if (i < n) p[obs[i]] += 1;
    let s = 0;
    for (const x of p) s += x;
    if (s > 0) for (let j = 0; j < k; j++) p[j] /= s;
    probs.push(p);
  }
  return { kind: 'cat', probs, logProbs: probs.map((p) => p.map(Math.log)) };
}

/**
 * sortOrder(x) – the indices of x in ascending order of value, ties in index order (what a stable sort by value
 * gives), without a comparator: the values are sorted natively, then each index in turn takes the next free slot
 * of its value's run.
 */
export function sortOrder(x: Float64Array): Uint32Array {
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  const next = new Uint32Array(n), order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
    order[lo + next[lo]++] = i;
  }
  return order;
}

function numDim(spec: Exclude<ParamSpec, { type: 'categorical' }>, obs: Float64Array, o: ParzenOptions): NumDim {
  const step = spec.step ?? 0;
  let lo = spec.low - step / 2, hi = spec.high + step / 2;
  const n = obs.length;
  const mus0 = new Float64Array(n);
  for (let i = 0; i < n; i++) mus0[i] = spec.log ? Math.log(obs[i]) : obs[i];
  if (spec.log) { lo = Math.log(lo); hi = Math.log(hi); }
  const order = sortOrder(mus0);
  const sorted = new Float64Array(n + 2);
  sorted[0] = lo; sorted[n + 1] = hi;
  for (let j = 0; j < n; j++) sorted[j + 1] = mus0[order[j]];
  const sig = new Float64Array(n);
  for (let j = 0; j < n; j++) sig[j] = Math.max(sorted[j + 1] - sorted[j], sorted[j + 2] - sorted[j + 1]);
  if (!o.considerEndpoints && n >= 2) { sig[0] = sorted[2] - sorted[1]; sig[n - 1] = sorted[n] - sorted[n - 1]; }
  const maxS = hi - lo, minS = o.magicClip ? (hi - lo) / Math.min(100, 1 + (n + 1)) : 1e-12;
  const mu = new Float64Array(n + 1), sigma = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) { mu[order[j]] = mus0[order[j]]; sigma[order[j]] = Math.min(maxS, Math.max(minS, sig[j])); }
  mu[n] = 0.5 * (lo + hi); sigma[n] = hi - lo;
  const logNorm = new Float64Array(n + 1), offset = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    logNorm[i] = logGaussMass((lo - mu[i]) / sigma[i], (hi - mu[i]) / sigma[i]);
    offset[i] = -Math.log(sigma[i]) - logNorm[i] - LOG_SQRT_2PI;
  }
  return { kind: 'num', mu, sigma, lo, hi, log: spec.log, step, low: spec.low, high: spec.high, logNorm, offset };
}

/**
 * sampleParzen(pe, rs, size) – `size` draws; out[d][k] is draw k of parameter d (internal form). Consumes the numpy
 * stream exactly as Optuna's `_MixtureOfProductDistribution.sample`: `choice(n_kernels, p=weights, size)`, then one
 * `rand(size)` per categorical parameter (in parameter order), then `uniform(0, 1, (n_numerical, size))` for the
 * truncated normals (parameter by parameter), each mapped through `ppf`, exp for log parameters, rounded to the step.
 */
export function sampleParzen(pe: ParzenEstimator, rs: NumpyRandomState, size: number): Float64Array[] {
  const active = rs.choice(pe.weights.length, pe.weights, size);
  const out = pe.dims.map(() => new Float64Array(size));
  pe.dims.forEach((d, di) => {
    if (d.kind !== 'cat') return;
    const u = rs.rand(size), o = out[di];
    for (let k = 0; k < size; k++) {
      const p = d.probs[Math.min(active[k], d.probs.length - 1)];
      // np.sum(cumsum(p) < u) with the last cumulative probability set to 1
      let j = 0, c = 0;
      for (let m = 0; m < p.length - 1; m++) { c += p[m]; if (c < u[k]) j++; }
      o[k] = j;
    }
  });
  pe.dims.forEach((d, di) => {
    if (d.kind === 'cat') return;
    const q = rs.rand(size), o = out[di];
    for (let k = 0; k < size; k++) {
      const mu = d.mu[active[k]], sg = d.sigma[active[k]];
      let x = truncNormPpf(q[k], (d.lo - mu) / sg, (d.hi - mu) / sg) * sg + mu;
      if (d.log) x = Math.exp(x);
      if (d.step > 0) x = Math.min(d.high, Math.max(d.low, d.low + roundHalfEven((x - d.low) / d.step) * d.step));
      o[k] = x;
    }
  });
  return out;
}

/** parzenLogPdf(pe, samples) – log-density of each sample (samples[d][k], internal form) under the mixture. */
export function parzenLogPdf(pe: ParzenEstimator, samples: readonly Float64Array[]): Float64Array {
  const m = samples.length ? samples[0].length : 0;
  const nk = pe.weights.length;
  const out = new Float64Array(m);
  const row = new Float64Array(nk);
  for (let k = 0; k < m; k++) {
    row.set(pe.logWeights);
    for (let di = 0; di < pe.dims.length; di++) {
      const d = pe.dims[di], x = samples[di][k];
      if (d.kind === 'cat') { for (let i = 0; i < nk; i++) row[i] += d.logProbs[Math.min(i, d.logProbs.length - 1)][x]; continue; }
      if (d.step > 0) {
        const l = d.log ? Math.log(x - d.step / 2) : x - d.step / 2, r = d.log ? Math.log(x + d.step / 2) : x + d.step / 2;
        for (let i = 0; i < nk; i++) row[i] += logGaussMass((l - d.mu[i]) / d.sigma[i], (r - d.mu[i]) / d.sigma[i]) - d.logNorm[i];
        continue;
      }
      const t = d.log ? Math.log(x) : x;
      if (t < d.lo || t > d.hi) { row.fill(-Infinity); continue; }
      const mu = d.mu, sg = d.sigma, off = d.offset;
      for (let i = 0; i < nk; i++) { const z = (t - mu[i]) / sg[i]; row[i] += off[i] - 0.5 * z * z; }
    }
    let mx = -Infinity;
    for (let i = 0; i < nk; i++) if (row[i] > mx) mx = row[i];
    if (mx === -Infinity) { out[k] = -Infinity; continue; }
    let s = 0;
    for (let i = 0; i < nk; i++) s += Math.exp(row[i] - mx);
    out[k] = mx + Math.log(s);
  }
  return out;
}
