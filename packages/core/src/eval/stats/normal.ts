/**
 * Standard normal CDF Φ and quantile Φ⁻¹ to near machine precision.
 *
 * Φ(x) = ½·erfc(−x/√2). erf(z) for |z| < 3 uses the everywhere-positive series
 * erf(z) = (2/√π)·e^{−z²}·Σₖ (2z²)ᵏ·z / (1·3·…·(2k+1)) (no cancellation);
 * erfc(z) for z ≥ 3 uses the Laplace continued fraction evaluated with modified
 * Lentz, which keeps full relative precision in the far tails.
 * Φ⁻¹(p): Acklam's rational approximation (relative error < 1.15e-9) refined by
 * Halley steps on Φ until the correction is below 1e-15 (at most 3 steps).
 */
const SQRT1_2 = Math.SQRT1_2;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const SQRT_2PI = 2.5066282746310002;

/** erf(z) for |z| < 3 by the positive series. */
function erfSeries(z: number): number {
  const z2 = z * z;
  let term = z, sum = z;
  for (let k = 1; k < 200; k++) {
    term *= (2 * z2) / (2 * k + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-z2) * sum;
}

/** erfc(z) for z ≥ 3: e^{−z²}/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))). */
function erfcContinuedFraction(z: number): number {
  const tiny = 1e-300;
  let f = z, c = z, d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = z + a * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = z + a / c; if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return ONE_OVER_SQRT_PI * Math.exp(-z * z) / f;
}

/** erfc(z) for any real z. */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z >= 3) return erfcContinuedFraction(z);
  if (z <= -3) return 2 - erfcContinuedFraction(-z);
  return 1 - (z >= 0 ? erfSeries(z) : -erfSeries(-z));
}

/** normalCdf(x) = Φ(x), the standard normal distribution function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}

/** normalPdf(x) = φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

const A = [-3.969683028665376e+1, 2.209460984245205e+2, -2.759285104469687e+2, 1.383577518672690e+2, -3.066479806614716e+1, 2.506628277459239e+0];
const B = [-5.447609879822406e+1, 1.615858368580409e+2, -1.556989798598866e+2, 6.680131188771972e+1, -1.328068155288572e+1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838e+0, -2.549732539343734e+0, 4.374664141464968e+0, 2.938163982698783e+0];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996e+0, 3.754408661907416e+0];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5, r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** normalQuantile(p) = Φ⁻¹(p); −Infinity at 0, +Infinity at 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x = acklam(p);
  for (let i = 0; i < 3; i++) {
    // Halley step on f(x) = Φ(x) − p; the upper tail uses the complement for precision.
    const e = p > 0.5 ? (1 - p) - 0.5 * erfc(x * SQRT1_2) : normalCdf(x) - p;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
