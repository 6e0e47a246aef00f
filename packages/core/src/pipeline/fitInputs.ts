/**
 * fitInputs(samples, bars, config) – what the per-split fits need beside X and y, computed causally:
 *  - weights: AFML ch. 4 average uniqueness of each sample's label (per symbol, concurrency of the
 *    labels of that symbol), rescaled to mean 1 over each fit's own rows by fitModel; a training row's uniqueness depends only on labels that
 *    overlap it, all of which started before it ended (so before the window's cutoff);
 *  - primarySide (meta-labelling with the rule): sign(close − SMA) at each sample's decision bar.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries } from '../data/types.ts';
import { movingAverageSide, sampleUniqueness } from '../labels/index.ts';
import type { SampleSet } from './buildSamples.ts';

export function fitInputs(samples: SampleSet, bars: Record<string, BarSeries>, config: ExperimentConfig): { weights: Float64Array | null; primarySide: Int8Array | null } {
  let weights: Float64Array | null = null;
  if (config.models.sample_weights === 'uniqueness' && samples.n > 0) {
    weights = new Float64Array(samples.n);
    for (let s = 0; s < samples.symbols.length; s++) {
      const rows: number[] = [];
      for (let i = 0; i < samples.n; i++) if (samples.symbol[i] === s) rows.push(i);
      const t0 = Int32Array.from(rows, (i) => samples.t0Idx[i]), t1 = Int32Array.from(rows, (i) => samples.t1Idx[i]);
      const u = sampleUniqueness(t0, t1, bars[samples.symbols[s]].ts.length);
      for (let k = 0; k < rows.length; k++) weights[rows[k]] = u[k];
    }
  }
  let primarySide: Int8Array | null = null;
  if (config.models.meta.enabled && config.models.meta.primary === 'ma_rule') {
    const sides = samples.symbols.map((s) => movingAverageSide(bars[s].close, config.models.meta.ma_window));
    primarySide = new Int8Array(samples.n);
    for (let i = 0; i < samples.n; i++) primarySide[i] = sides[samples.symbol[i]][samples.t0Idx[i]];
  }
  return { weights, primarySide };
}
