import { logReturnCovariance } from './covariance.ts';

export interface RiskHeatMap {
  assets: string[];
  /** Time of each row (the sampled bar's close time). */
  ts: Float64Array;
  /** Row-major rows × assets: asset a's contribution to annualised portfolio volatility (fraction of equity). Rows sum to portfolioVol. */
  values: Float64Array;
  /** Annualised portfolio volatility per row, √(wᵀΣw). */
  portfolioVol: Float64Array;
}

export interface RiskHeatMapOptions {
  /** Bars of log returns in each covariance estimate. @default 240 */
  window?: number;
  /** Rows after downsampling (evenly spaced bars; the last bar is always included). @default 500 */
  rows?: number;
  periodsPerYear: number;
}

/**
 * riskHeatMap(assets, ts, close, positions, equity, options) – Euler risk contributions over time:
 * w = position × close / equity, Σ the causal annualised covariance of log returns over `window` bars
 * ending at the row's bar, RC_a = w_a (Σw)_a / √(wᵀΣw). Rows before a full window or with a flat book are 0.
 */
export function riskHeatMap(assets: string[], ts: Float64Array, close: Float64Array[], positions: Float64Array[], equity: Float64Array, options: RiskHeatMapOptions): RiskHeatMap {
  const window = options.window ?? 240;
  const T = ts.length, N = assets.length;
  const rows = Math.max(1, Math.min(T, options.rows ?? 500));
  const outTs = new Float64Array(T === 0 ? 0 : rows), values = new Float64Array(outTs.length * N), pvol = new Float64Array(outTs.length);
  const w = new Float64Array(N), sw = new Float64Array(N);
  for (let k = 0; k < outTs.length; k++) {
    const t = Math.floor(((k + 1) * T) / rows) - 1;
    outTs[k] = ts[t];
    let any = false;
    for (let a = 0; a < N; a++) { w[a] = equity[t] > 0 ? (positions[a][t] * close[a][t]) / equity[t] : 0; if (w[a] !== 0) any = true; }
    if (!any || t < window) continue;
    const cov = logReturnCovariance(close, t, window, options.periodsPerYear);
    let v = 0;
    for (let a = 0; a < N; a++) { let s = 0; for (let b = 0; b < N; b++) s += cov[a * N + b] * w[b]; sw[a] = s; v += w[a] * s; }
    if (!(v > 0)) continue;
    const sd = Math.sqrt(v);
    pvol[k] = sd;
    for (let a = 0; a < N; a++) values[k * N + a] = (w[a] * sw[a]) / sd;
  }
  return { assets, ts: outTs, values, portfolioVol: pvol };
}
