import type { ExecutionConfig } from '../config/execution.ts';

type SlippageModel = ExecutionConfig['models']['slippage'];
type SlippageCurve = ExecutionConfig['slippage_curve'];

/**
 * curveSlippageRate(notional, curve) – slippage as a fraction of price by order notional
 * (quote currency): notional < small_max_notional → small_size; small_max ≤ notional ≤
 * large_min_notional → medium_size; notional > large_min_notional → large_size.
 * Defaults: < $1K 5 bp, $1K–$10K 15 bp, > $10K 35 bp.
 */
export function curveSlippageRate(notional: number, curve: SlippageCurve): number {
  if (notional < curve.small_max_notional) return curve.small_size;
  if (notional <= curve.large_min_notional) return curve.medium_size;
  return curve.large_size;
}

/**
 * sqrtImpactRate(coefficient, sigma, qty, volume) – square-root market impact
 * coefficient · σ · √(Q / V), σ the per-bar volatility of log returns, Q the order size and
 * V the reference (average) bar volume in the same base units. V ≤ 0 or NaN σ → NaN.
 */
export function sqrtImpactRate(coefficient: number, sigma: number, qty: number, volume: number): number {
  if (!(volume > 0) || !(sigma >= 0)) return Number.NaN;
  return coefficient * sigma * Math.sqrt(Math.abs(qty) / volume);
}

/**
 * slippageRate(model, curve, notional, qty, sigma, avgVolume) – the rate of the configured model:
 * curve by notional, sqrt impact (falls back to the curve while σ or V are not yet known,
 * i.e. during warm-up), a fixed rate, or none (0).
 */
export function slippageRate(model: SlippageModel, curve: SlippageCurve, notional: number, qty: number, sigma: number, avgVolume: number): number {
  switch (model.kind) {
    case 'none': return 0;
    case 'fixed': return model.rate;
    case 'curve': return curveSlippageRate(notional, curve);
    case 'sqrt_impact': {
      const r = sqrtImpactRate(model.coefficient, sigma, qty, avgVolume);
      return Number.isFinite(r) ? r : curveSlippageRate(notional, curve);
    }
  }
}
