import type { BarSeries } from '../data/types.ts';
import { averageTrueRange } from '../features/price/averageTrueRange.ts';
import { forEachSegment } from '../features/gapSegments.ts';
import { rollingReturnStd } from './rollingReturnStd.ts';

/** Which volatility scales the barriers. */
export type VolatilitySpec =
  | { kind: 'atr'; /** @default 20 */ window?: number; /** @default "wilder" */ smoothing?: 'wilder' | 'sma' }
  | { kind: 'std'; /** @default 100 */ window?: number };

/**
 * barVolatility(bars, spec, segmentStarts?) – relative volatility per bar: `atr` = ATR_t / c_t (ATR as in
 * the features, first value at t = window), `std` = rolling sample std of 1-bar simple returns (first value
 * at t = window). NaN where undefined. With `segmentStarts` (gapSegmentStarts) the window restarts at each
 * segment: NaN until it refills after a gap.
 */
export function barVolatility(bars: BarSeries, spec: VolatilitySpec, segmentStarts?: Int32Array): Float64Array {
  const { high, low, close } = bars;
  const n = close.length;
  const w = spec.window ?? (spec.kind === 'std' ? 100 : 20);
  const out = new Float64Array(n);
  const run = (a: number, b: number) => {
    const output = out.subarray(a, b);
    if (spec.kind === 'std') rollingReturnStd(close.subarray(a, b), w, { output });
    else averageTrueRange(high.subarray(a, b), low.subarray(a, b), close.subarray(a, b), { window: w, smoothing: spec.smoothing ?? 'wilder', output });
  };
  if (segmentStarts) forEachSegment(segmentStarts, n, run);
  else run(0, n);
  if (spec.kind === 'atr') for (let t = 0; t < n; t++) out[t] /= close[t];
  return out;
}
