import type { FeatureMatrix } from '../features/index.ts';
import { gapSegmentStarts } from '../features/index.ts';
import type { BarSeries } from '../data/types.ts';
import type { SampleSet } from './buildSamples.ts';

/**
 * featureWindows(samples, features, bars, maxGapMs) – the `windows(rows, length)` builder of the model
 * contract: for each listed sample, the `length` feature rows of its symbol ending at its decision bar
 * (oldest first), row-major [rows × length × p] as Float32. Bars before the first bar, or before the
 * start of the gap-free segment the decision bar is in, are NaN: a window never reaches across a gap
 * and never past the decision bar (causal).
 */
export function featureWindows(samples: SampleSet, features: FeatureMatrix[], bars: Record<string, BarSeries>, maxGapMs: number): (rows: Int32Array, length: number) => Float32Array {
  const segStartOfBar = samples.symbols.map((s) => {
    const ts = bars[s].ts;
    const starts = gapSegmentStarts(ts, maxGapMs);
    const out = new Int32Array(ts.length);
    let k = 0;
    for (let t = 0; t < ts.length; t++) { while (k + 1 < starts.length && starts[k + 1] <= t) k++; out[t] = starts.length ? starts[k] : 0; }
    return out;
  });
  const p = samples.p;
  return (rows, length) => {
    const out = new Float32Array(rows.length * length * p).fill(Number.NaN);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r], s = samples.symbol[i], t0 = samples.t0Idx[i];
      const cols = features[s].columns, first = segStartOfBar[s][t0];
      const base = r * length * p;
      for (let k = 0; k < length; k++) {
        const t = t0 - length + 1 + k;
        if (t < first) continue;
        const o = base + k * p;
        for (let j = 0; j < p; j++) out[o + j] = cols[j][t];
      }
    }
    return out;
  };
}
