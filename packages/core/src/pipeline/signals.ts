import type { BarSeries } from '../data/types.ts';
import type { SampleSet } from './buildSamples.ts';

/**
 * sideFromProbability(p, threshold) – the primary side: +1 when p > threshold, −1 when
 * p < 1 − threshold, else 0 (also 0 for NaN, i.e. a sample no fold tested). p = P(return > 0).
 */
export function sideFromProbability(p: number, threshold: number): -1 | 0 | 1 {
  if (p > threshold) return 1;
  if (p < 1 - threshold) return -1;
  return 0;
}

/** Per-bar signals of one symbol: side and the probability that the side is right (for meta-labelling and Kelly sizing). */
export interface BarSignal {
  side: Int8Array;
  prob: Float64Array;
}

/**
 * barSignals(samples, probs, threshold, bars) – maps sample predictions back to each symbol's bar
 * grid: side[t0Idx] from the probability, prob = p for a long, 1 − p for a short (0.5 when flat).
 * Bars without a sample (warm-up, no label) stay flat.
 */
export function barSignals(samples: SampleSet, probs: Float64Array, threshold: number, bars: Record<string, BarSeries>): Record<string, BarSignal> {
  const out: Record<string, BarSignal> = {};
  for (const s of samples.symbols) {
    const n = bars[s].ts.length;
    out[s] = { side: new Int8Array(n), prob: new Float64Array(n).fill(0.5) };
  }
  for (let r = 0; r < samples.n; r++) {
    const sig = out[samples.symbols[samples.symbol[r]]];
    const p = probs[r];
    const side = sideFromProbability(p, threshold);
    sig.side[samples.t0Idx[r]] = side;
    sig.prob[samples.t0Idx[r]] = side > 0 ? p : side < 0 ? 1 - p : 0.5;
  }
  return out;
}

/**
 * signalReturns(bars, sides, costPerTurn) – per-bar returns of a quick costed signal backtest,
 * averaged over symbols (equal weight), used for the PBO matrix and per-fold OOS Sharpe. No
 * look-ahead: the side decided at bar t's close is held from open_{t+1} to open_{t+2}, and that
 * return is booked on row t+1: r[t+1] = side_t·(o_{t+2}/o_{t+1} − 1) − costPerTurn·|side_t − side_{t−1}|.
 * Rows 0 and T−1 are 0.
 */
export function signalReturns(bars: Record<string, BarSeries>, sides: Record<string, Int8Array>, costPerTurn: number): Float64Array {
  const symbols = Object.keys(sides);
  const T = bars[symbols[0]].ts.length;
  const out = new Float64Array(T);
  const w = 1 / symbols.length;
  for (const s of symbols) {
    const o = bars[s].open, side = sides[s];
    let prev = 0;
    for (let t = 0; t + 2 < T; t++) {
      const sd = side[t];
      out[t + 1] += w * (sd * (o[t + 2] / o[t + 1] - 1) - costPerTurn * Math.abs(sd - prev));
      prev = sd;
    }
  }
  return out;
}
