/**
 * sizedSignals – per-bar backtest signals (side and target size as a share of equity) of one
 * configuration's per-sample decisions, with the configured sizer (risk.sizing):
 *  - bet_size (AFML ch. 10): each bet's size m = side·(2Φ(z) − 1), z = (p − ½)/√(p(1 − p)) from the
 *    calibrated probability p that its side is right; at every bar the sizes of the bets still active
 *    are averaged (a bet is active from its decision bar t0 to t0 + horizon, the vertical barrier,
 *    known at t0 — never the barrier touch time, which would look ahead), the average is discretised
 *    to `step`, its sign is the side and |m|·max_position_pct the size;
 *  - kelly: the window's fractional Kelly size (p and b of the traded bet on its calibration tail).
 * Volatility scaling and the max_position_pct cap are applied by the backtest engine at entry.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries } from '../data/types.ts';
import { averageActiveBets, betSizeFromProbability, discreteBetSize } from '../risk/index.ts';
import type { SampleSet } from './buildSamples.ts';
import type { Decisions } from './walkForward.ts';

export interface SizedSignal {
  side: Int8Array;
  size: Float64Array;
}

export function sizedSignals(samples: SampleSet, d: Decisions, sizing: { testedBy: Int32Array; kellySize: Float64Array }, bars: Record<string, BarSeries>, config: ExperimentConfig): Record<string, SizedSignal> {
  const out: Record<string, SizedSignal> = {};
  const maxPos = config.risk.max_position_pct;
  const sz = config.risk.sizing;
  for (let s = 0; s < samples.symbols.length; s++) {
    const sym = samples.symbols[s];
    const nBars = bars[sym].ts.length;
    const side = new Int8Array(nBars), size = new Float64Array(nBars);
    if (sz.kind === 'kelly') {
      for (let i = 0; i < samples.n; i++) {
        if (samples.symbol[i] !== s || d.side[i] === 0) continue;
        const w = sizing.testedBy[i];
        const f = w >= 0 ? sizing.kellySize[w] : 0;
        if (f > 0) { side[samples.t0Idx[i]] = d.side[i]; size[samples.t0Idx[i]] = f; }
      }
    } else {
      let m = 0;
      for (let i = 0; i < samples.n; i++) if (samples.symbol[i] === s && d.side[i] !== 0) m++;
      const start = new Int32Array(m), end = new Int32Array(m), bet = new Float64Array(m);
      let k = 0;
      for (let i = 0; i < samples.n; i++) {
        if (samples.symbol[i] !== s || d.side[i] === 0) continue;
        start[k] = samples.t0Idx[i]; end[k] = Math.min(nBars, samples.t0Idx[i] + config.evaluation.horizon);
        bet[k] = d.side[i] * betSizeFromProbability(d.pSide[i]);
        k++;
      }
      const avg = averageActiveBets(start, end, bet, nBars);
      for (let t = 0; t < nBars; t++) {
        const q = discreteBetSize(avg[t], sz.step);
        if (q > 0) { side[t] = 1; size[t] = q * maxPos; } else if (q < 0) { side[t] = -1; size[t] = -q * maxPos; }
      }
    }
    out[sym] = { side, size };
  }
  return out;
}
