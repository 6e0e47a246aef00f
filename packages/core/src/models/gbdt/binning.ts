/**
 * Quantile binning of the feature matrix (scikit-learn's `_BinMapper`): per feature at most `maxBins`
 * bins for finite values plus one extra bin (index `maxBins`) for missing (NaN) values. Thresholds are
 * fitted on training rows only (a seeded subsample of at most `subsample` of them).
 */
import { createRng } from '../../util/rng.ts';

/** Threshold values above this are clipped, so no threshold is +∞ (as scikit-learn's ALMOST_INF). */
const ALMOST_INF = 1e300;

/** Per-feature bin thresholds: a value x falls in bin b when thr[b−1] < x ≤ thr[b]; NaN in `missingBin`. */
export interface BinMapper {
  /** Ascending thresholds per feature (length ≤ maxBins − 1); feature f has thr.length + 1 finite bins. */
  thresholds: Float64Array[];
  /** The bin of missing values (= maxBins). */
  missingBin: number;
}

/** Options of {@link fitBinMapper}. */
export interface BinMapperOptions {
  /** Bins for non-missing values, 2..255. @default 255 */
  maxBins?: number;
  /** Rows used to find thresholds at most (a seeded sample without replacement). @default 200000 */
  subsample?: number;
  /** Seed of the subsample. @default 0 */
  seed?: number;
}

/** sampleRows(rows, k, seed) – k of `rows` without replacement (partial Fisher–Yates), in ascending order. */
function sampleRows(rows: Int32Array, k: number, seed: number): Int32Array {
  const rng = createRng(seed).fork('gbdt.binning');
  const a = Int32Array.from(rows);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a.subarray(0, k).sort();
}

/**
 * columnThresholds(sorted, maxBins) – thresholds of one feature from its sorted finite values: midpoints
 * of consecutive distinct values when there are at most maxBins of them, else the maxBins − 1 inner
 * quantiles j/maxBins by numpy's `midpoint` rule (the mean of the two order statistics around (n−1)·q).
 */
export function columnThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  let thr: Float64Array;
  if (distinct <= maxBins) {
    thr = new Float64Array(Math.max(0, distinct - 1));
    for (let i = 1, k = 0; i < n; i++) if (sorted[i] !== sorted[i - 1]) thr[k++] = 0.5 * (sorted[i - 1] + sorted[i]);
  } else {
    thr = new Float64Array(maxBins - 1);
    for (let j = 1; j < maxBins; j++) {
      const num = (n - 1) * j, lo = Math.floor(num / maxBins);
      thr[j - 1] = num % maxBins === 0 ? sorted[lo] : 0.5 * (sorted[lo] + sorted[lo + 1]);
    }
  }
  for (let i = 0; i < thr.length; i++) if (thr[i] > ALMOST_INF) thr[i] = ALMOST_INF;
  return thr;
}

/** fitBinMapper(X, p, rows, options) – bin thresholds per feature from the listed (training) rows of row-major X. */
export function fitBinMapper(X: Float64Array, p: number, rows: Int32Array, options: BinMapperOptions = {}): BinMapper {
  const maxBins = options.maxBins ?? 255, subsample = options.subsample ?? 200_000;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) throw new Error(`maxBins must be an integer in [2, 255]; was ${maxBins}`);
  const use = rows.length > subsample ? sampleRows(rows, subsample, options.seed ?? 0) : rows;
  const col = new Float64Array(use.length);
  const thresholds: Float64Array[] = [];
  for (let f = 0; f < p; f++) {
    let m = 0;
    for (let k = 0; k < use.length; k++) {
      const x = X[use[k] * p + f];
      if (x === x) col[m++] = x;
    }
    thresholds.push(columnThresholds(col.subarray(0, m).sort(), maxBins));
  }
  return { thresholds, missingBin: maxBins };
}

/** binOf(thr, x) – the bin of x: the number of thresholds strictly below x (binary search). */
export function binOf(thr: Float64Array, x: number): number {
  let lo = 0, hi = thr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= thr[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * binRows(X, p, rows, mapper, rowStride = p) – the bins of the listed rows, row-major with `rowStride`
 * bytes per row (bytes past p stay 0); NaN → missingBin. Each feature's thresholds are padded with +∞ to
 * 256 so the search is eight branch-free halvings.
 */
export function binRows(X: Float64Array, p: number, rows: Int32Array, mapper: BinMapper, rowStride = p): Uint8Array {
  if (rowStride < p) throw new Error(`rowStride must be ≥ p (${p}); was ${rowStride}`);
  const out = new Uint8Array(rows.length * rowStride);
  const miss = mapper.missingBin, t = new Float64Array(256);
  for (let f = 0; f < p; f++) {
    t.fill(Number.POSITIVE_INFINITY);
    t.set(mapper.thresholds[f]);
    for (let k = 0; k < rows.length; k++) {
      const x = X[rows[k] * p + f];
      let b = 0;
      if (t[b + 127] < x) b += 128;
      if (t[b + 63] < x) b += 64;
      if (t[b + 31] < x) b += 32;
      if (t[b + 15] < x) b += 16;
      if (t[b + 7] < x) b += 8;
      if (t[b + 3] < x) b += 4;
      if (t[b + 1] < x) b += 2;
      if (t[b] < x) b += 1;
      out[k * rowStride + f] = x === x ? b : miss;
    }
  }
  return out;
}
