import { isoUtc } from '../data/parse/isoTime.ts';
import { medianPairInPlace } from './quickselect.ts';
import type { QcOutlier, QcReport } from './types.ts';

/** Consistency constant: 1.4826 · MAD estimates σ for normal data. */
export const MAD_TO_SIGMA = 1.4826;
/** Fallback when MAD = 0 (over half the returns identical): mean absolute deviation · √(π/2) estimates σ. */
export const MEAN_ABS_DEV_TO_SIGMA = 1.2533141373155001;

/** Gaps as sparse pairs: kept position k (ascending) → bars missing just before it. */
export interface GapIndex {
  gapAt: Int32Array;
  gapMissing: Int32Array;
}

function missingBefore(g: GapIndex, k: number): number {
  let lo = 0, hi = g.gapAt.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (g.gapAt[mid] === k) return g.gapMissing[mid];
    if (g.gapAt[mid] < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * robustOutliers(close, ts, rows, gaps, threshold, contextBars, maxListed) flags bars whose
 * close-to-close log return r = ln(close[k] / close[k−1]) (consecutive kept rows) has a robust z-score
 * |r − median| / (1.4826 · MAD) above `threshold`. Flagged, never removed: real crashes are real.
 * Median and MAD by Floyd–Rivest selection over price ratios in one scratch array (no log per row,
 * see below); the flag pass compares the ratio with exp(median ± threshold·σ̂). When more than maxListed bars are
 * flagged, the maxListed largest |z| are listed (in time order); counts are complete.
 */
export function robustOutliers(
  close: Float64Array, ts: Float64Array, rows: Int32Array, gaps: GapIndex,
  threshold: number, contextBars: number, maxListed: number,
): { outliers: QcOutlier[]; count: number; stats: NonNullable<QcReport['outlier_stats']> } {
  const m = rows.length;
  const nr = Math.max(0, m - 1);
  // No log per row: ln is monotone, so the median log return is the log of the median price ratio
  // q = close[k] / close[k−1], and |ln q − median| = ln max(q / Q, Q / q) with Q = exp(median).
  const scratch = new Float64Array(nr);
  for (let k = 1; k < m; k++) scratch[k - 1] = close[rows[k]] / close[rows[k - 1]];
  const [qLo, qHi] = medianPairInPlace(scratch);
  const median = nr > 0 ? (Math.log(qLo) + Math.log(qHi)) / 2 : NaN;
  const Q = Math.exp(median);
  for (let j = 0; j < nr; j++) {
    const x = scratch[j] / Q;
    scratch[j] = x >= 1 ? x : 1 / x;
  }
  const [dLo, dHi] = medianPairInPlace(scratch);
  const mad = nr > 0 ? (Math.log(dLo) + Math.log(dHi)) / 2 : NaN;
  let scale = MAD_TO_SIGMA * mad;
  let method: 'mad' | 'mean_abs_dev' | 'none' = 'mad';
  if (!(scale > 0)) {
    let s = 0;
    for (let j = 0; j < nr; j++) s += Math.log(scratch[j]);
    scale = nr > 0 ? (MEAN_ABS_DEV_TO_SIGMA * s) / nr : 0;
    method = scale > 0 ? 'mean_abs_dev' : 'none';
  }
  const flagged: number[] = [];
  const ret = (k: number) => Math.log(close[rows[k]] / close[rows[k - 1]]);
  if (scale > 0) {
    // |ln(q) − median| > threshold·σ̂  ⇔  q outside [exp(median − cut), exp(median + cut)]; confirm near the bounds with the log itself
    const cut = threshold * scale;
    const upper = Math.exp(median + cut) * (1 - 1e-12), lower = Math.exp(median - cut) * (1 + 1e-12);
    for (let k = 1; k < m; k++) {
      const q = close[rows[k]] / close[rows[k - 1]];
      if ((q > upper || q < lower) && Math.abs(ret(k) - median) > cut) flagged.push(k);
    }
  }
  let listed = flagged;
  if (flagged.length > maxListed) {
    listed = flagged.slice().sort((a, b) => Math.abs(ret(b) - median) - Math.abs(ret(a) - median)).slice(0, maxListed).sort((a, b) => a - b);
  }
  const outliers = listed.map((k): QcOutlier => {
    const i = rows[k];
    const r = ret(k);
    const context: QcOutlier['context'] = [];
    for (let c = Math.max(0, k - contextBars); c <= Math.min(m - 1, k + contextBars); c++) context.push({ iso: isoUtc(ts[rows[c]]), close: close[rows[c]] });
    return {
      row: i, ts: ts[i], iso: isoUtc(ts[i]), log_return: r, z: (r - median) / scale,
      previous_close: close[rows[k - 1]], close: close[i], after_gap_bars: missingBefore(gaps, k), context,
    };
  });
  return { outliers, count: flagged.length, stats: { threshold, median, mad, scale, scale_method: method, returns: nr } };
}
