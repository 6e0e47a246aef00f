import type { FeaturesConfig } from '../config/features.ts';
import type { BarSeries } from '../data/types.ts';
import { UserInputError } from '../util/errors.ts';

/**
 * assertFinitePrices(bars, source) – every open/high/low/close is a finite number > 0; otherwise a
 * UserInputError naming `source`, the row (1-based) and the value.
 */
export function assertFinitePrices(bars: BarSeries, source: string): void {
  const cols: [string, Float64Array][] = [['open', bars.open], ['high', bars.high], ['low', bars.low], ['close', bars.close]];
  for (const [name, col] of cols) {
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (!(v > 0 && v < Infinity)) throw new UserInputError(`${source}: bar ${i + 1} (ts ${bars.ts[i]})`, `${name}: expected a positive finite price`, v);
    }
  }
}

/** longestFeatureWindow(config) – the largest look-back (bars) among the switched-on tier-1 features, 0 when none. */
export function longestFeatureWindow(config: FeaturesConfig): number {
  const p = config.price;
  if (!p.enabled) return 0;
  const w: number[] = [0];
  if (p.returns.enabled) w.push(...p.returns.periods);
  if (p.atr.enabled) w.push(p.atr.window);
  if (p.zscore.enabled) w.push(...p.zscore.windows);
  if (p.momentum.enabled) w.push(p.momentum.period);
  return Math.max(...w);
}

/**
 * validateFeatureInput(bars, config, source) – user-facing checks before computeFeatures: prices finite
 * and > 0, and more bars than the longest window (else every value would be NaN).
 */
export function validateFeatureInput(bars: BarSeries, config: FeaturesConfig, source: string): void {
  assertFinitePrices(bars, source);
  const w = longestFeatureWindow(config);
  const n = bars.ts.length;
  if (w >= n) throw new UserInputError(source, `expected more bars than the longest feature window (${w})`, n, 'the window is longer than the data');
}
