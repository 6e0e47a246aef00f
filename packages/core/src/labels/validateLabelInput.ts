import type { BarSeries } from '../data/types.ts';
import { UserInputError } from '../util/errors.ts';
import { assertFinitePrices } from '../features/validateFeatureInput.ts';
import type { TripleBarrierOptions } from './tripleBarrierLabels.ts';

/**
 * validateLabelInput(bars, options, source) – user-facing checks before tripleBarrierLabels: prices
 * finite and > 0, horizons positive integers shorter than the data, the volatility window shorter
 * than the data (std needs ≥ 2), the side one per bar with values in {−1, 0, 1}.
 */
export function validateLabelInput(bars: BarSeries, options: TripleBarrierOptions, source: string): void {
  assertFinitePrices(bars, source);
  const n = bars.ts.length;
  (options.horizons ?? []).forEach((h, i) => {
    if (!Number.isInteger(h) || h <= 0) throw new UserInputError(`labels.max_holding_periods[${i}]`, 'expected a positive integer', h);
    if (h >= n) throw new UserInputError(`labels.max_holding_periods[${i}]`, `expected a horizon shorter than the data (${n} bars)`, h);
  });
  const vol = options.volatility;
  if (vol) {
    const w = vol.window ?? (vol.kind === 'std' ? 100 : 20);
    if (!Number.isInteger(w) || w < (vol.kind === 'std' ? 2 : 1)) throw new UserInputError('labels.volatility.window', `expected an integer ≥ ${vol.kind === 'std' ? 2 : 1}`, w);
    if (w >= n) throw new UserInputError('labels.volatility.window', `expected a window shorter than the data (${n} bars)`, w);
  }
  if (options.side) {
    if (options.side.length !== n) throw new UserInputError('side', `expected one side per bar (${n})`, options.side.length);
  }
}
