/**
 * Gaussian kernels for the Parzen estimators: erfc (fdlibm's rational approximations, as in Optuna's
 * _erf.py), log Φ with the asymptotic series below −20, the log mass of an interval, and the truncated
 * normal's log-density and inverse CDF (Newton on log Φ, as Optuna's _truncnorm). Pure functions.
 */
const ERX = 8.45062911510467529297e-01;
const poly = (c: readonly number[], x: number) => { let s = 0; for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i]; return s; };
const PP = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05];
const QQ = [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06];
const PA = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03];
const QA = [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
const RA = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e01, -6.23753324503260060396e01, -1.62396669462573470355e02, -1.84605092906711035994e02, -8.12874355063065934246e01, -9.81432934416914548592e00];
const SA = [1, 1.96512716674392571292e01, 1.37657754143519042600e02, 4.34565877475229228821e02, 6.45387271733267880336e02, 4.29008140027567833386e02, 1.08635005541779435134e02, 6.57024977031928170135e00, -6.04244152148580987438e-02];
const RB = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e01, -1.60636384855821916062e02, -6.37566443368389627722e02, -1.02509513161107724954e03, -4.83519191608651397019e02];
const SB = [1, 3.03380607434824582924e01, 3.25792512996573918826e02, 1.53672958608443695994e03, 3.19985821950859553908e03, 2.55305040643316442583e03, 4.74528541206955367215e02, -2.24409524465858183362e01];

/** erfc(x) – complementary error function, relative error ~1e-15 (fdlibm). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) { const z = x * x; return 1 - (x + x * (poly(PP, z) / poly(QQ, z))); }
  if (a < 1.25) { const s = a - 1, pq = poly(PA, s) / poly(QA, s); return x > 0 ? 1 - ERX - pq : 1 + ERX + pq; }
  if (a >= 28) return x > 0 ? 0 : 2;
  const s = 1 / (a * a);
  const rs = a < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  const r = Math.exp(-a * a - 0.5625 + rs) / a;
  return x > 0 ? r : 2 - r;
}

/** ndtr(x) – the standard normal CDF Φ(x). */
export const ndtr = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** logNdtr(x) – log Φ(x), accurate in both tails (asymptotic series below −20). */
export function logNdtr(x: number): number {
  if (x > 6) return -ndtr(-x);
  if (x > -20) return Math.log(ndtr(x));
  const lhs = -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI;
  let last = 0, rhs = 1, num = 1, den = 1, sign = 1;
  const dc = 1 / (x * x);
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON && i < 100; i++) {
    last = rhs; sign = -sign; den *= dc; num *= 2 * i - 1; rhs += sign * num * den;
  }
  return lhs + Math.log(rhs);
}

const logDiff = (lp: number, lq: number) => lp + Math.log1p(-Math.exp(lq - lp));

/** logGaussMass(a, b) – log(Φ(b) − Φ(a)) for a < b, stable when both are deep in one tail. */
export function logGaussMass(a: number, b: number): number {
  // both tails beyond where erfc underflows to exactly 0 (|x| / √2 ≥ 28): the formula below gives exactly 0 too
  if (a <= -40 && b >= 40) return 0;
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/** normLogPdf(z) – log φ(z). */
export const normLogPdf = (z: number): number => -0.5 * z * z - LOG_SQRT_2PI;

/** ndtriExp(y) – x with log Φ(x) = y (y ≤ 0), Newton from a tail / logistic start. */
export function ndtriExp(y: number): number {
  const flipped = y > -1e-2;
  const z = flipped ? Math.log(-Math.expm1(y)) : y;
  let x = z < -5 ? -Math.sqrt(-2 * (z + LOG_SQRT_2PI)) : -(Math.sqrt(3) / Math.PI) * Math.log(Math.expm1(-z));
  for (let i = 0; i < 100; i++) {
    const l = logNdtr(x);
    const dx = (l - z) * Math.exp(l - normLogPdf(x));
    x -= dx;
    if (Math.abs(dx) < 1e-8 * Math.abs(x)) break;
  }
  return flipped ? -x : x;
}

const logSum = (p: number, q: number) => { const m = Math.max(p, q); return m === -Infinity ? -Infinity : m + Math.log(Math.exp(p - m) + Math.exp(q - m)); };

/** truncNormPpf(q, a, b) – the standardised truncated normal's quantile q ∈ [0, 1] on [a, b]. */
export function truncNormPpf(q: number, a: number, b: number): number {
  if (q <= 0) return a;
  if (q >= 1) return b;
  const logMass = logGaussMass(a, b);
  if (a < 0) return ndtriExp(logSum(logNdtr(a), Math.log(q) + logMass));
  return -ndtriExp(logSum(logNdtr(-b), Math.log1p(-q) + logMass));
}

/** truncNormLogPdf(x, a, b, mu, sigma) – log-density of N(mu, sigma²) truncated to [mu + a·sigma, mu + b·sigma]. */
export function truncNormLogPdf(x: number, a: number, b: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  if (z < a || z > b) return -Infinity;
  return normLogPdf(z) - logGaussMass(a, b) - Math.log(sigma);
}
