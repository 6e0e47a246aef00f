import { UserInputError } from '../util/errors.ts';

/** Options of {@link fitLogistic}. */
export interface LogisticOptions {
  /** Number of features (columns of the row-major X). */
  p: number;
  /** L2 penalty λ on the standardised weights (intercept not penalised); objective Σsᵢℓᵢ + λ/2·‖w‖², i.e. scikit-learn's C = 1/λ. @default 1 */
  l2?: number;
  /** Newton iterations at most. @default 100 */
  maxIter?: number;
  /** Stop when the gradient's max-norm divided by Σsᵢ (gradient of the mean loss) is below tol. @default 1e-8 */
  tol?: number;
  /** Per-row weights sᵢ ≥ 0 indexed like the rows of X (e.g. label uniqueness); default 1. */
  sampleWeight?: Float64Array;
}

/** A fitted L2-regularised logistic regression. */
export interface LogisticModel {
  p: number;
  /** Feature means over the training rows used (standardisation fitted inside, on training rows only). */
  mean: Float64Array;
  /** Sample std (ddof 1) over the training rows used; 1 for a constant column. */
  scale: Float64Array;
  /** Weights on the standardised features. */
  coef: Float64Array;
  intercept: number;
  /** The same model in raw feature units: logit = rawIntercept + Σ rawCoef_j·x_j. */
  rawCoef: Float64Array;
  rawIntercept: number;
  /** Training rows used (finite features and label, weight > 0). */
  nUsed: number;
  /** Training rows excluded for a non-finite feature or label. */
  nDropped: number;
  iterations: number;
  converged: boolean;
  /** Final objective Σsᵢℓᵢ + λ/2·‖w‖². */
  objective: number;
  /** Final ‖∇‖∞ / Σsᵢ. */
  gradNorm: number;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * fitLogistic(X, y, trainIdx, {p, l2, maxIter, tol, sampleWeight}) — binary logistic regression by
 * damped Newton (IRLS with a backtracking line search on the objective). Deterministic.
 * X is row-major n×p; only rows listed in trainIdx are read. The positive class is y > 0 (so
 * triple-barrier labels −1/0 are the negative class); a Float64Array y in [0, 1] acts as a soft label.
 * Rows with any non-finite feature or label are excluded and counted in nDropped. Features are
 * standardised with the mean and sample std of the rows used, inside the fit.
 */
export function fitLogistic(X: Float64Array, y: Int8Array | Float64Array, trainIdx: Int32Array, options: LogisticOptions): LogisticModel {
  const p = options.p, l2 = options.l2 ?? 1, maxIter = options.maxIter ?? 100, tol = options.tol ?? 1e-8;
  if (!Number.isInteger(p) || p < 0) throw new Error(`p must be a non-negative integer; was ${p}`);
  if (X.length !== y.length * p) throw new Error(`X must hold y.length·p = ${y.length * p} values; had ${X.length}`);
  if (!(l2 >= 0)) throw new UserInputError('models.primary.l2', 'expected a number ≥ 0', l2);
  const sw = options.sampleWeight;
  // rows used
  const rows = new Int32Array(trainIdx.length);
  let m = 0, dropped = 0;
  for (let k = 0; k < trainIdx.length; k++) {
    const r = trainIdx[k];
    if (r < 0 || r >= y.length) throw new Error(`trainIdx[${k}] must index a row of X; was ${r}`);
    let ok = Number.isFinite(y[r]);
    for (let j = 0; ok && j < p; j++) ok = Number.isFinite(X[r * p + j]);
    if (!ok) { dropped++; continue; }
    if (sw && !(sw[r] > 0)) continue;
    rows[m++] = r;
  }
  // standardisation on the rows used
  const mean = new Float64Array(p), scale = new Float64Array(p);
  for (let k = 0; k < m; k++) for (let j = 0; j < p; j++) mean[j] += X[rows[k] * p + j];
  for (let j = 0; j < p; j++) mean[j] = m > 0 ? mean[j] / m : 0;
  for (let k = 0; k < m; k++) for (let j = 0; j < p; j++) { const d = X[rows[k] * p + j] - mean[j]; scale[j] += d * d; }
  for (let j = 0; j < p; j++) { const s = m > 1 ? Math.sqrt(scale[j] / (m - 1)) : 0; scale[j] = s > 0 ? s : 1; }
  const d = p + 1; // parameter vector θ = [b, w_1..w_p]
  const Z = new Float64Array(m * d), t = new Float64Array(m), s = new Float64Array(m);
  let sumW = 0;
  for (let k = 0; k < m; k++) {
    const r = rows[k];
    Z[k * d] = 1;
    for (let j = 0; j < p; j++) Z[k * d + 1 + j] = (X[r * p + j] - mean[j]) / scale[j];
    const yy = y[r];
    t[k] = y instanceof Int8Array ? (yy > 0 ? 1 : 0) : Math.min(1, Math.max(0, yy));
    s[k] = sw ? sw[r] : 1;
    sumW += s[k];
  }
  const theta = new Float64Array(d);
  const grad = new Float64Array(d), H = new Float64Array(d * d), step = new Float64Array(d), trial = new Float64Array(d);
  const objective = (th: Float64Array): number => {
    let f = 0;
    for (let k = 0; k < m; k++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += Z[k * d + j] * th[j];
      f += s[k] * (softplus(z) - t[k] * z);
    }
    for (let j = 1; j < d; j++) f += 0.5 * l2 * th[j] * th[j];
    return f;
  };
  let f = objective(theta), iter = 0, gnorm = Infinity, converged = false;
  for (; iter <= maxIter; iter++) {
    grad.fill(0); H.fill(0);
    for (let k = 0; k < m; k++) {
      let z = 0;
      const o = k * d;
      for (let j = 0; j < d; j++) z += Z[o + j] * theta[j];
      const pr = sigmoid(z), e = s[k] * (pr - t[k]), w = s[k] * pr * (1 - pr);
      for (let a = 0; a < d; a++) {
        const za = Z[o + a];
        grad[a] += e * za;
        const wa = w * za;
        for (let b = 0; b <= a; b++) H[a * d + b] += wa * Z[o + b];
      }
    }
    for (let j = 1; j < d; j++) { grad[j] += l2 * theta[j]; H[j * d + j] += l2; }
    gnorm = 0;
    for (let j = 0; j < d; j++) gnorm = Math.max(gnorm, Math.abs(grad[j]));
    gnorm = sumW > 0 ? gnorm / sumW : 0;
    if (gnorm < tol) { converged = true; break; }
    if (iter === maxIter) break;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) H[a * d + b] = H[b * d + a];
    for (let j = 0; j < d; j++) H[j * d + j] += 1e-12 * (1 + H[j * d + j]); // keeps the Cholesky factor positive when l2 = 0
    choleskySolve(H, grad, step, d);
    // backtracking line search on the objective (Armijo)
    let dec = 0;
    for (let j = 0; j < d; j++) dec += grad[j] * step[j];
    if (dec <= 1e-12 * Math.max(1, Math.abs(f))) {
      // Quadratic-convergence region: the predicted decrease is below what the objective can resolve, so a
      // line search would only compare round-off. Take the full Newton step; stop at the fixed point.
      let moved = 0, size = 0;
      for (let j = 0; j < d; j++) {
        theta[j] -= step[j];
        moved = Math.max(moved, Math.abs(step[j]));
        size = Math.max(size, Math.abs(theta[j]));
      }
      f = objective(theta);
      if (moved <= 1e-13 * Math.max(1, size)) { converged = true; iter++; break; }
      continue;
    }
    let alpha = 1, fNew = f, accepted = false;
    for (let ls = 0; ls < 50 && alpha >= 1e-10; ls++) {
      for (let j = 0; j < d; j++) trial[j] = theta[j] - alpha * step[j];
      fNew = objective(trial);
      if (fNew <= f - 1e-4 * alpha * dec) { accepted = true; break; }
      alpha *= 0.5;
    }
    if (!accepted) break; // no step along the Newton direction lowers the objective (reported as not converged)
    theta.set(trial);
    f = fNew;
  }
  const coef = theta.slice(1), rawCoef = new Float64Array(p);
  let rawIntercept = theta[0];
  for (let j = 0; j < p; j++) { rawCoef[j] = coef[j] / scale[j]; rawIntercept -= rawCoef[j] * mean[j]; }
  return { p, mean, scale, coef, intercept: theta[0], rawCoef, rawIntercept, nUsed: m, nDropped: dropped, iterations: iter, converged, objective: f, gradNorm: gnorm };
}

/** Solves A·x = b for a symmetric positive-definite d×d A (row-major) by Cholesky; A is overwritten. */
function choleskySolve(A: Float64Array, b: Float64Array, x: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    let sum = A[j * d + j];
    for (let k = 0; k < j; k++) sum -= A[j * d + k] * A[j * d + k];
    const ljj = Math.sqrt(Math.max(sum, 1e-300));
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = A[i * d + j];
      for (let k = 0; k < j; k++) v -= A[i * d + k] * A[j * d + k];
      A[i * d + j] = v / ljj;
    }
  }
  for (let i = 0; i < d; i++) { let v = b[i]; for (let k = 0; k < i; k++) v -= A[i * d + k] * x[k]; x[i] = v / A[i * d + i]; }
  for (let i = d - 1; i >= 0; i--) { let v = x[i]; for (let k = i + 1; k < d; k++) v -= A[k * d + i] * x[k]; x[i] = v / A[i * d + i]; }
}

/**
 * predictLogistic(model, X, rows) — P(y > 0) for each listed row of the row-major n×p X, using the
 * model's own (training) standardisation; NaN for a row with a non-finite feature.
 */
export function predictLogistic(model: LogisticModel, X: Float64Array, rows: Int32Array): Float64Array {
  const { p, rawCoef, rawIntercept } = model;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const o = rows[k] * p;
    if (o < 0 || o + p > X.length) throw new Error(`rows[${k}] must index a row of X; was ${rows[k]}`);
    let z = rawIntercept;
    for (let j = 0; j < p; j++) z += rawCoef[j] * X[o + j];
    out[k] = Number.isFinite(z) ? sigmoid(z) : NaN;
  }
  return out;
}
