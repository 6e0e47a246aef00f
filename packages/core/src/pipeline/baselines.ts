/**
 * Baseline signals on the out-of-sample bars [firstBar, T), each run through the same execution
 * simulator as the strategy (conventions documented per function). Every baseline trades at the
 * strategy's maximum position size (risk.max_position_pct of equity per symbol), so Sharpe ratios are
 * comparable and drawdowns are those of a strategy allowed the same exposure.
 */
import type { BarSeries } from '../data/types.ts';
import { movingAverageSide } from '../labels/index.ts';
import type { Rng } from '../util/rng.ts';
import type { SizedSignal } from './sizing.ts';

const constant = (n: number, from: number, side: number, size: number): SizedSignal => {
  const s = new Int8Array(n), z = new Float64Array(n);
  for (let t = from; t < n; t++) { s[t] = side; z[t] = size; }
  return { side: s, size: z };
};

/** buyAndHoldSignals(bars, firstBar, size) – long `size` of equity in every symbol from the first out-of-sample bar to the end. */
export function buyAndHoldSignals(bars: Record<string, BarSeries>, symbols: string[], firstBar: number, size: number): Record<string, SizedSignal> {
  return Object.fromEntries(symbols.map((s) => [s, constant(bars[s].ts.length, firstBar, 1, size)]));
}

/** primaryRuleSignals(bars, firstBar, window, size) – the moving-average rule alone: side = sign(close − SMA_window) (causal), flat before firstBar. */
export function primaryRuleSignals(bars: Record<string, BarSeries>, symbols: string[], firstBar: number, window: number, size: number): Record<string, SizedSignal> {
  return Object.fromEntries(symbols.map((s) => {
    const side = movingAverageSide(bars[s].close, window);
    const z = new Float64Array(side.length);
    for (let t = 0; t < side.length; t++) { if (t < firstBar) side[t] = 0; else if (side[t] !== 0) z[t] = size; }
    return [s, { side, size: z }];
  }));
}

/**
 * randomEntrySignals(n, firstBar, holds, rng, size) – one draw of the random-entry strategy for one
 * symbol: the same number of trades with the same holding periods (in bars) as the strategy's, in a
 * random order, at random non-overlapping times in [firstBar, n − 1) with random sides (±1 with
 * probability ½). The free bars are split into holds.length + 1 gaps by sorted uniform cut points.
 */
export function randomEntrySignals(n: number, firstBar: number, holds: number[], rng: Rng, size: number): SizedSignal {
  const side = new Int8Array(n), z = new Float64Array(n);
  const span = Math.max(0, n - 1 - firstBar);
  const order = holds.map((h) => Math.max(1, Math.round(h)));
  for (let i = order.length - 1; i > 0; i--) { const j = rng.int(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
  let used = 0;
  const kept: number[] = [];
  for (const h of order) { if (used + h + 1 > span) break; kept.push(h); used += h + 1; } // +1: a flat bar between trades
  const free = span - used;
  const cuts = Array.from({ length: kept.length }, () => rng.int(free + 1)).sort((a, b) => a - b);
  let t = firstBar, prevCut = 0;
  for (let k = 0; k < kept.length; k++) {
    t += cuts[k] - prevCut; prevCut = cuts[k];
    const sd = rng.next() < 0.5 ? -1 : 1;
    for (let u = t; u < t + kept[k]; u++) { side[u] = sd; z[u] = size; }
    t += kept[k] + 1;
  }
  return { side, size: z };
}
