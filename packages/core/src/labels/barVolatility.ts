import type { BarSeries } from '../data/types.ts';
import { averageTrueRange } from '../features/price/averageTrueRange.ts';
import { rollingReturnStd } from './rollingReturnStd.ts';

/** Which volatility scales the barriers. */
export type VolatilitySpec =
  | { kind: 'atr'; /** @default 20 */ window?: number; /** @default "wilder" */ smoothing?: 'wilder' | 'sma' }
  | { kind: 'std'; /** @default 100 */ window?: number };

/**
 * barVolatility(bars, spec) – relative volatility per bar: `atr` = ATR_t / c_t (ATR as in the features,
 * first value at t = window), `std` = rolling sample std of 1-bar simple returns (first value at t = window).
 * NaN where undefined.
 */
export function barVolatility(bars: BarSeries, spec: VolatilitySpec): Float64Array {
  if (spec.kind === 'std') return rollingReturnStd(bars.close, spec.window ?? 100);
  const atr = averageTrueRange(bars.high, bars.low, bars.close, { window: spec.window ?? 20, smoothing: spec.smoothing ?? 'wilder' });
  for (let t = 0; t < atr.length; t++) atr[t] /= bars.close[t];
  return atr;
}
