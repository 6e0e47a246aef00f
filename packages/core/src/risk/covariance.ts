/**
 * logReturnCovariance(close, end, window, periodsPerYear) – annualised sample covariance matrix
 * (row-major N×N, n − 1) of the log returns ln(c[t]/c[t−1]) for t in (end − window, end].
 * Uses prices up to `end` only. NaN entries when fewer than `window` returns exist before end.
 */
export function logReturnCovariance(close: Float64Array[], end: number, window: number, periodsPerYear: number): Float64Array {
  const N = close.length;
  const cov = new Float64Array(N * N).fill(Number.NaN);
  if (end - window < 0 || window < 2) return cov;
  const mean = new Float64Array(N);
  const r = new Float64Array(N * window);
  for (let a = 0; a < N; a++) {
    const c = close[a];
    let s = 0;
    for (let k = 0; k < window; k++) { const t = end - window + 1 + k; const x = Math.log(c[t] / c[t - 1]); r[a * window + k] = x; s += x; }
    mean[a] = s / window;
  }
  for (let a = 0; a < N; a++) {
    for (let b = a; b < N; b++) {
      let s = 0;
      for (let k = 0; k < window; k++) s += (r[a * window + k] - mean[a]) * (r[b * window + k] - mean[b]);
      const v = (s / (window - 1)) * periodsPerYear;
      cov[a * N + b] = v; cov[b * N + a] = v;
    }
  }
  return cov;
}
