export interface RebalanceTarget {
  method: 'inverse_vol' | 'risk_parity';
  /** Target gross weights (share of equity, signed like the current position; flat assets long). */
  weights: Record<string, number>;
  /** Quantity to trade per asset to reach the target (base units, signed). */
  trades: Record<string, number>;
  /** Notional to trade per asset (quote currency, signed). */
  tradeNotional: Record<string, number>;
}

export interface RebalanceSuggestion {
  currentWeights: Record<string, number>;
  grossExposure: number;
  targets: RebalanceTarget[];
}

/**
 * rebalanceSuggestions(assets, price, position, equity, cov, fallbackGross) – inverse-volatility and
 * risk-parity (equal risk contribution) target weights against current exposure, and the trades that
 * reach them. The target keeps the current gross exposure Σ|w| (fallbackGross when flat) and each
 * asset's current direction. Risk parity solves w_a (Σw)_a = const by the multiplicative fixed point
 * w_a ← w_a · √(mean RC / RC_a) (on |w|, i.e. for a long-only book); NaN covariances give no targets.
 */
export function rebalanceSuggestions(assets: string[], price: Float64Array, position: Float64Array, equity: number, cov: Float64Array, fallbackGross: number): RebalanceSuggestion {
  const N = assets.length;
  const cur = new Float64Array(N);
  let gross = 0;
  for (let a = 0; a < N; a++) { cur[a] = equity > 0 ? (position[a] * price[a]) / equity : 0; gross += Math.abs(cur[a]); }
  const currentWeights = Object.fromEntries(assets.map((s, a) => [s, cur[a]]));
  const g = gross > 0 ? gross : fallbackGross;
  const targets: RebalanceTarget[] = [];
  if (cov.some((v) => !Number.isFinite(v)) || !(equity > 0)) return { currentWeights, grossExposure: gross, targets };
  const iv = new Float64Array(N);
  for (let a = 0; a < N; a++) iv[a] = cov[a * N + a] > 0 ? 1 / Math.sqrt(cov[a * N + a]) : 0;
  targets.push(target('inverse_vol', normalise(iv, g)));
  const rp = normalise(iv, 1);
  for (let it = 0; it < 500; it++) {
    const rc = new Float64Array(N);
    let mean = 0;
    for (let a = 0; a < N; a++) { let s = 0; for (let b = 0; b < N; b++) s += cov[a * N + b] * rp[b]; rc[a] = rp[a] * s; mean += rc[a] / N; }
    let change = 0;
    for (let a = 0; a < N; a++) if (rc[a] > 0) { const nw = rp[a] * Math.sqrt(mean / rc[a]); change = Math.max(change, Math.abs(nw - rp[a])); rp[a] = nw; }
    const norm = normalise(rp, 1);
    rp.set(norm);
    if (change < 1e-12) break;
  }
  targets.push(target('risk_parity', normalise(rp, g)));
  return { currentWeights, grossExposure: gross, targets };

  function target(method: RebalanceTarget['method'], wAbs: Float64Array): RebalanceTarget {
    const weights: Record<string, number> = {}, trades: Record<string, number> = {}, tradeNotional: Record<string, number> = {};
    for (let a = 0; a < N; a++) {
      const w = (cur[a] < 0 ? -1 : 1) * wAbs[a];
      weights[assets[a]] = w;
      tradeNotional[assets[a]] = (w - cur[a]) * equity;
      trades[assets[a]] = tradeNotional[assets[a]] / price[a];
    }
    return { method, weights, trades, tradeNotional };
  }
}

function normalise(x: Float64Array, total: number): Float64Array {
  let s = 0;
  for (const v of x) s += v;
  const out = new Float64Array(x.length);
  if (s > 0) for (let i = 0; i < x.length; i++) out[i] = (x[i] / s) * total;
  return out;
}
