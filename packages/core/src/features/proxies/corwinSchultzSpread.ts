/** Options for {@link corwinSchultzSpread}. */
export interface CorwinSchultzSpreadOptions {
  /** Write into this array (length n) instead of allocating. */
  output?: Float64Array;
}

const K = 3 - 2 * Math.SQRT2;

/**
 * corwinSchultzSpread(high, low) – `spread_cs`, a bar-based PROXY of the relative bid-ask spread
 * (Corwin & Schultz 2012, "A Simple Way to Estimate Bid-Ask Spreads from Daily High and Low Prices").
 *
 * Variant: the two-period estimator on bars t−1 and t (so the value at t is causal; the paper pairs
 * day t with day t+1), without the overnight-gap adjustment (crypto trades continuously) and without
 * averaging over a month:
 *   β = ln(H_{t−1}/L_{t−1})² + ln(H_t/L_t)²,  γ = ln(max(H_{t−1},H_t) / min(L_{t−1},L_t))²,
 *   α = (√(2β) − √β)/(3 − 2√2) − √(γ/(3 − 2√2)),  S = 2(e^α − 1)/(1 + e^α),
 * negative estimates set to 0 as in the paper. NaN at t = 0.
 */
export function corwinSchultzSpread(high: Float64Array, low: Float64Array, options: CorwinSchultzSpreadOptions = {}): Float64Array {
  const n = high.length;
  if (low.length !== n) throw new Error(`corwinSchultzSpread: high/low lengths differ (${n}, ${low.length})`);
  const out = options.output ?? new Float64Array(n);
  if (n > 0) out[0] = NaN;
  for (let t = 1; t < n; t++) {
    const a = Math.log(high[t - 1] / low[t - 1]);
    const b = Math.log(high[t] / low[t]);
    const beta = a * a + b * b;
    const g = Math.log(Math.max(high[t - 1], high[t]) / Math.min(low[t - 1], low[t]));
    const gamma = g * g;
    const alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / K - Math.sqrt(gamma / K);
    const e = Math.exp(alpha);
    const s = (2 * (e - 1)) / (1 + e);
    out[t] = s < 0 ? 0 : s;
  }
  return out;
}
