/** Options of {@link fitPlatt}. */
export interface PlattOptions {
  /** Per-row weights wᵢ ≥ 0 indexed like scores (rows with wᵢ ≤ 0 are skipped); default 1. */
  sampleWeight?: Float64Array;
  /** Newton iterations at most. @default 100 */
  maxIter?: number;
  /** Stop when the gradient's max-norm divided by Σwᵢ is below tol. @default 1e-12 */
  tol?: number;
}

/** A fitted Platt calibrator: P(y = 1 | s) = 1 / (1 + exp(a·s + b)). */
export interface PlattModel {
  a: number;
  b: number;
  /** Rows used (finite score and label, positive weight). */
  n: number;
  /** False when Newton stopped at maxIter, or when a degenerate case returned the identity {a: −1, b: 0}. */
  converged: boolean;
}

/** The identity on logits: 1/(1 + e^{−s}) is the probability whose logit is s. */
const IDENTITY = { a: -1, b: 0 } as const;

/**
 * logitScores(probabilities, eps) – the scores the pipeline passes to {@link fitPlatt} and
 * {@link applyPlatt}: s = ln(p/(1 − p)) with p clipped to [eps, 1 − eps] (|s| ≤ 13.8 at the default),
 * so a model probability of exactly 0 or 1 does not become ±∞. Calibrating logits rather than raw
 * probabilities makes the already-calibrated model the member {a: −1, b: 0} of the family (and
 * a = −1/T is temperature scaling). NaN stays NaN.
 * @param eps @default 1e-6
 */
export function logitScores(probabilities: Float64Array, eps = 1e-6): Float64Array {
  if (!(eps > 0 && eps < 0.5)) throw new Error(`eps must be in (0, 0.5); was ${eps}`);
  return Float64Array.from(probabilities, (p) => {
    const q = p < eps ? eps : p > 1 - eps ? 1 - eps : p;
    return Math.log(q / (1 - q));
  });
}

/**
 * fitPlatt(scores, y, rows, {sampleWeight, maxIter, tol}) – Platt (1999) scaling fitted on the given
 * rows only (pass calibration rows the model was NOT trained on). Pass logit scores (see
 * {@link logitScores}): the logit of the model's probability, clipped.
 *
 * Fits P(y = 1 | s) = 1/(1 + exp(a·s + b)) by minimising Σ wᵢ·[−tᵢ ln Pᵢ − (1 − tᵢ) ln(1 − Pᵢ)] with
 * Platt's smoothed targets t₊ = (N₊ + 1)/(N₊ + 2) for y > 0 and t₋ = 1/(N₋ + 2) for y ≤ 0, where N₊,
 * N₋ are the (weighted) class counts – exactly the problem of scikit-learn's `_sigmoid_calibration`
 * (which solves it with L-BFGS; this uses Newton's method with a backtracking line search on the
 * objective, from Platt's start a = 0, b = ln((N₋ + 1)/(N₊ + 1))). The smoothing keeps a and b finite
 * even when the scores separate the classes. Rows with a non-finite score or label are skipped.
 *
 * Degenerate cases return the identity on logits {a: −1, b: 0} (calibrated = the model's own
 * probability) with converged = false: fewer than 2 rows used, all rows of one class, or all scores
 * equal (the slope is then not identifiable).
 */
export function fitPlatt(scores: Float64Array, y: ArrayLike<number>, rows: Int32Array, options: PlattOptions = {}): PlattModel {
  const maxIter = options.maxIter ?? 100, tol = options.tol ?? 1e-12, sw = options.sampleWeight;
  if (y.length !== scores.length) throw new Error(`y must have scores.length = ${scores.length} values; had ${y.length}`);
  if (sw && sw.length !== scores.length) throw new Error(`sampleWeight must have scores.length = ${scores.length} values; had ${sw.length}`);
  const m = rows.length, s = new Float64Array(m), t = new Float64Array(m), w = new Float64Array(m);
  let n = 0, pos = 0, neg = 0, distinct = false;
  for (let k = 0; k < m; k++) {
    const r = rows[k];
    if (!(r >= 0 && r < scores.length)) throw new Error(`rows[${k}] must index scores; was ${r}`);
    const wr = sw ? sw[r] : 1;
    if (!Number.isFinite(scores[r]) || !Number.isFinite(y[r]) || !(wr > 0)) continue;
    s[n] = scores[r]; t[n] = y[r] > 0 ? 1 : 0; w[n] = wr;
    if (y[r] > 0) pos += wr; else neg += wr;
    if (s[n] !== s[0]) distinct = true;
    n++;
  }
  if (n < 2 || pos === 0 || neg === 0 || !distinct) return { ...IDENTITY, n, converged: false };
  const tPos = (pos + 1) / (pos + 2), tNeg = 1 / (neg + 2);
  for (let k = 0; k < n; k++) t[k] = t[k] > 0 ? tPos : tNeg;
  const sumW = pos + neg;
  let a = 0, b = Math.log((neg + 1) / (pos + 1));
  let f = objective(s, t, w, n, a, b), converged = false;
  for (let it = 0; it < maxIter; it++) {
    // gradient and Hessian of the objective in (a, b): with P = 1/(1 + e^{a·s + b}), ∂/∂(a·s + b) = w(t − P), ∂² = wP(1 − P)
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let k = 0; k < n; k++) {
      const p = probability(a * s[k] + b), g = w[k] * (t[k] - p), h = w[k] * p * (1 - p);
      ga += g * s[k]; gb += g; haa += h * s[k] * s[k]; hab += h * s[k]; hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
    if (Math.max(Math.abs(ga), Math.abs(gb)) / sumW < tol || Math.max(Math.abs(da), Math.abs(db)) < 1e-15 * (1 + Math.abs(a) + Math.abs(b))) {
      // converged; one last full Newton step squares the remaining error (quadratic convergence)
      const last = objective(s, t, w, n, a + da, b + db);
      if (last <= f + 1e-13 * Math.abs(f)) { a += da; b += db; }
      converged = true;
      break;
    }
    // backtracking on the objective; a rise within rounding (1e-13 relative) is accepted so that the last,
    // quadratically small Newton steps are not refused
    const slack = 1e-13 * Math.abs(f);
    let step = 1, next = objective(s, t, w, n, a + da, b + db);
    while (!(next <= f + slack) && step > 1e-10) { step /= 2; next = objective(s, t, w, n, a + step * da, b + step * db); }
    if (!(next <= f + slack)) break;
    a += step * da; b += step * db; f = next;
  }
  return { a, b, n, converged };
}

/** applyPlatt(model, scores) – calibrated probabilities 1/(1 + exp(a·s + b)); NaN for a NaN score. */
export function applyPlatt(model: Pick<PlattModel, 'a' | 'b'>, scores: Float64Array): Float64Array {
  return Float64Array.from(scores, (x) => probability(model.a * x + model.b));
}

/** 1/(1 + e^z) without overflow. */
function probability(z: number): number {
  if (z >= 0) { const e = Math.exp(-z); return e / (1 + e); }
  return 1 / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Σ w·[t·softplus(z) + (1 − t)·softplus(−z)] with z = a·s + b (−ln P = softplus(z), −ln(1 − P) = softplus(−z)). */
function objective(s: Float64Array, t: Float64Array, w: Float64Array, n: number, a: number, b: number): number {
  let f = 0;
  for (let k = 0; k < n; k++) { const z = a * s[k] + b; f += w[k] * (t[k] * softplus(z) + (1 - t[k]) * softplus(-z)); }
  return f;
}
