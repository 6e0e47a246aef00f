import { isoUtc } from '../data/parse/isoTime.ts';
import { medianInPlace } from './quickselect.ts';
import type { QcOutlier, QcReport } from './types.ts';

/** Consistency constant: 1.4826 · MAD estimates σ for normal data. */
export const MAD_TO_SIGMA = 1.4826;
/** Fallback when MAD = 0 (over half the returns identical): mean absolute deviation · √(π/2) estimates σ. */
export const MEAN_ABS_DEV_TO_SIGMA = 1.2533141373155001;

/**
 * robustOutliers(close, ts, rows, missingBefore, threshold, contextBars, maxListed) flags bars whose
 * close-to-close log return r = ln(close[k] / close[k−1]) (consecutive kept rows) has a robust z-score
 * |r − median| / (1.4826 · MAD) above `threshold`. Flagged, never removed: real crashes are real.
 * Median and MAD by quickselect (O(n)). When more than maxListed bars are flagged, the maxListed
 * largest |z| are listed (in time order); counts are complete.
 */
export function robustOutliers(
  close: Float64Array, ts: Float64Array, rows: Int32Array, missingBefore: Int32Array,
  threshold: number, contextBars: number, maxListed: number,
): { outliers: QcOutlier[]; count: number; stats: NonNullable<QcReport['outlier_stats']> } {
  const m = rows.length;
  const nr = Math.max(0, m - 1);
  const ret = new Float64Array(nr);
  for (let k = 1; k < m; k++) ret[k - 1] = Math.log(close[rows[k]] / close[rows[k - 1]]);
  const scratch = ret.slice();
  const median = medianInPlace(scratch);
  for (let j = 0; j < nr; j++) scratch[j] = Math.abs(ret[j] - median);
  const mad = medianInPlace(scratch);
  let scale = MAD_TO_SIGMA * mad;
  let method: 'mad' | 'mean_abs_dev' | 'none' = 'mad';
  if (!(scale > 0)) {
    let s = 0;
    for (let j = 0; j < nr; j++) s += scratch[j];
    scale = nr > 0 ? (MEAN_ABS_DEV_TO_SIGMA * s) / nr : 0;
    method = scale > 0 ? 'mean_abs_dev' : 'none';
  }
  const flagged: number[] = [];
  if (scale > 0) {
    const cut = threshold * scale;
    for (let j = 0; j < nr; j++) if (Math.abs(ret[j] - median) > cut) flagged.push(j);
  }
  let listed = flagged;
  if (flagged.length > maxListed) {
    listed = flagged.slice().sort((a, b) => Math.abs(ret[b] - median) - Math.abs(ret[a] - median)).slice(0, maxListed).sort((a, b) => a - b);
  }
  const outliers = listed.map((j): QcOutlier => {
    const k = j + 1;
    const i = rows[k];
    const context: QcOutlier['context'] = [];
    for (let c = Math.max(0, k - contextBars); c <= Math.min(m - 1, k + contextBars); c++) context.push({ iso: isoUtc(ts[rows[c]]), close: close[rows[c]] });
    return {
      row: i, ts: ts[i], iso: isoUtc(ts[i]), log_return: ret[j], z: (ret[j] - median) / scale,
      previous_close: close[rows[k - 1]], close: close[i], after_gap_bars: missingBefore[k] ?? 0, context,
    };
  });
  return { outliers, count: flagged.length, stats: { threshold, median, mad, scale, scale_method: method, returns: nr } };
}
