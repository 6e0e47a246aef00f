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
  const maxBins = checkMaxBins(options.maxBins ?? 255), subsample = options.subsample ?? 200_000;
  const use = rows.length > subsample ? sampleRows(rows, subsample, options.seed ?? 0) : rows;
  const sorter = new ColumnSorter(use.length);
  const thresholds: Float64Array[] = [];
  for (let f = 0; f < p; f++) thresholds.push(columnThresholds(sorter.sort(X, p, f, use, false), maxBins));
  return { thresholds, missingBin: maxBins };
}

/**
 * fitBinColumns(X, p, rows, options) – {@link fitBinMapper} and {@link binColumns} (same layout) of the same
 * rows in one go: when no subsample is drawn, the rows are copied column-major ({@link transposeRows}) and
 * each feature's bins are read off its sorted values (no search; {@link binFeatures}).
 */
export function fitBinColumns(X: Float64Array, p: number, rows: Int32Array, options: BinMapperOptions = {}): { mapper: BinMapper; bins: Uint8Array } {
  const maxBins = checkMaxBins(options.maxBins ?? 255), subsample = options.subsample ?? 200_000;
  if (rows.length > subsample) {
    const mapper = fitBinMapper(X, p, rows, options);
    return { mapper, bins: binColumns(X, p, rows, mapper) };
  }
  const m = rows.length, cols = new Float64Array(m * p), bins = new Uint8Array(m * 4 * Math.ceil(p / 4));
  const thr = new Float64Array(256 * p), thrLen = new Int32Array(p);
  transposeRows(X, p, rows, cols);
  binFeatures(cols, m, 0, p, maxBins, bins, thr, thrLen);
  return { mapper: { thresholds: thresholdsOf(thr, thrLen), missingBin: maxBins }, bins };
}

/** transposeRows(X, p, rows, cols) – cols[f·m + k] = X[rows[k]·p + f]: the m listed rows of row-major X, column-major. */
export function transposeRows(X: Float64Array, p: number, rows: Int32Array, cols: Float64Array): void {
  const m = rows.length;
  for (let k = 0; k < m; k++) {
    const o = rows[k] * p;
    for (let f = 0; f < p; f++) cols[f * m + k] = X[o + f];
  }
}

/**
 * binFeatures(cols, m, f0, f1, maxBins, bins, thr, thrLen) – for features f0..f1 of column-major `cols`
 * (m values each): the thresholds (thr[256f ..] and their number thrLen[f]) and every row's bin, read off
 * the sorted order, into `bins` (binColumns' layout; NaN → maxBins). Features are independent (e.g. on
 * several threads).
 */
export function binFeatures(cols: Float64Array, m: number, f0: number, f1: number, maxBins: number, bins: Uint8Array, thr: Float64Array, thrLen: Int32Array): void {
  const sorter = new ColumnSorter(m);
  for (let f = f0; f < f1; f++) {
    const sorted = sorter.sortColumn(cols, f * m, m, true), order = sorter.order, off = binOffset(f, m);
    if (sorted.length < m) for (let k = 0; k < m; k++) bins[off + 4 * k] = maxBins;
    const t = columnThresholds(sorted, maxBins);
    thr.set(t, 256 * f); thrLen[f] = t.length;
    for (let k = 0, b = 0; k < sorted.length; k++) {
      const x = sorted[k];
      while (b < t.length && t[b] < x) b++;
      bins[off + 4 * order[k]] = b;
    }
  }
}

/** thresholdsOf(thr, thrLen) – per feature its thresholds out of binFeatures' matrix. */
export function thresholdsOf(thr: Float64Array, thrLen: Int32Array): Float64Array[] {
  return Array.from(thrLen, (len, f) => thr.slice(256 * f, 256 * f + len));
}

export function checkMaxBins(maxBins: number): number {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) throw new Error(`maxBins must be an integer in [2, 255]; was ${maxBins}`);
  return maxBins;
}

/** Byte order of the platform: true when a Uint32Array view of a Float64Array puts the low word first. */
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts one feature's finite values of the listed rows: an LSD radix sort (11 bits a pass, passes where
 * every key has the same digit skipped) of the order-preserving IEEE-754 high words, then each run of
 * equal high words by its low words. The same order as Float64Array#sort (−0 before +0); equal values
 * may come in any order. Buffers are reused across features.
 */
class ColumnSorter {
  private readonly vals: Float64Array;
  private readonly words: Uint32Array;
  private readonly hi: Uint32Array; private readonly lo: Uint32Array; private readonly pos: Int32Array;
  private readonly hi2: Uint32Array; private readonly lo2: Uint32Array; private readonly pos2: Int32Array;
  private readonly count = new Int32Array(2048);
  /** After sort(…, true): order[k] = the position in `rows` of the k-th smallest value. */
  order: Int32Array;

  constructor(n: number) {
    this.vals = new Float64Array(n);
    this.words = new Uint32Array(this.vals.buffer);
    this.hi = new Uint32Array(n); this.lo = new Uint32Array(n); this.pos = new Int32Array(n);
    this.hi2 = new Uint32Array(n); this.lo2 = new Uint32Array(n); this.pos2 = new Int32Array(n);
    this.order = this.pos;
  }

  /** sort(X, p, f, rows, track) – the sorted finite values of feature f over `rows` (a view of an internal buffer); with track, also `order`. */
  sort(X: Float64Array, p: number, f: number, rows: Int32Array, track: boolean): Float64Array {
    const { vals, pos } = this;
    let n = 0;
    for (let k = 0; k < rows.length; k++) {
      const x = X[rows[k] * p + f];
      if (x === x) { vals[n] = x; pos[n] = k; n++; }
    }
    return this.sortLoaded(n, track);
  }

  /** sortColumn(col, off, m, track) – as {@link sort} for the values col[off..off+m) (positions 0..m). */
  sortColumn(col: Float64Array, off: number, m: number, track: boolean): Float64Array {
    const { vals, pos } = this;
    let n = 0;
    for (let k = 0; k < m; k++) {
      const x = col[off + k];
      if (x === x) { vals[n] = x; pos[n] = k; n++; }
    }
    return this.sortLoaded(n, track);
  }

  /** Sorts vals[0..n) (positions in pos) in place. */
  private sortLoaded(n: number, track: boolean): Float64Array {
    const { vals, words } = this;
    const hw = LITTLE ? 1 : 0, lw = 1 - hw;
    let hi = this.hi, lo = this.lo, pos = this.pos, hi2 = this.hi2, lo2 = this.lo2, pos2 = this.pos2;
    // order-preserving keys: negative values flip every bit, others the sign bit
    for (let k = 0; k < n; k++) {
      const h = words[2 * k + hw], l = words[2 * k + lw], neg = h >> 31;
      hi[k] = (h ^ (neg | 0x80000000)) >>> 0; lo[k] = (l ^ neg) >>> 0;
    }
    // radix passes on the high words only, then runs of equal high words ordered by their low words
    const count = this.count;
    for (let shift = 0; shift < 33; shift += 11) {
      if (!radixPass(hi, hi, lo, pos, hi2, lo2, pos2, 0, n, shift, track, count)) continue;
      let t = hi; hi = hi2; hi2 = t;
      t = lo; lo = lo2; lo2 = t;
      if (track) { const u = pos; pos = pos2; pos2 = u; }
    }
    for (let a = 0; a < n;) {
      let b = a + 1;
      while (b < n && hi[b] === hi[a]) b++;
      if (b - a > 1) sortRunByLow(hi, lo, pos, hi2, lo2, pos2, a, b, track, count);
      a = b;
    }
    for (let k = 0; k < n; k++) {
      const h = hi[k], neg = ~h >> 31;
      words[2 * k + hw] = (h ^ (neg | 0x80000000)) >>> 0; words[2 * k + lw] = (lo[k] ^ neg) >>> 0;
    }
    this.order = pos;
    return vals.subarray(0, n);
  }
}

/**
 * radixPass(key, hi, lo, pos, hi2, lo2, pos2, a, b, shift, track, count) – one stable counting-sort pass
 * of entries a..b by the 11-bit digit of key at `shift`, into the same positions of hi2/lo2/pos2; false
 * (nothing written) when every entry has the same digit.
 */
function radixPass(key: Uint32Array, hi: Uint32Array, lo: Uint32Array, pos: Int32Array, hi2: Uint32Array, lo2: Uint32Array, pos2: Int32Array, a: number, b: number, shift: number, track: boolean, count: Int32Array): boolean {
  if (b <= a) return false;
  count.fill(0);
  for (let k = a; k < b; k++) count[(key[k] >>> shift) & 2047]++;
  if (count[(key[a] >>> shift) & 2047] === b - a) return false;
  for (let d = 0, sum = a; d < 2048; d++) { const c = count[d]; count[d] = sum; sum += c; }
  for (let k = a; k < b; k++) {
    const j = count[(key[k] >>> shift) & 2047]++;
    hi2[j] = hi[k]; lo2[j] = lo[k];
    if (track) pos2[j] = pos[k];
  }
  return true;
}

/** sortRunByLow(…, a, b, …) – orders entries a..b (equal high words) by their low words: insertion sort, radix passes for long runs. */
function sortRunByLow(hi: Uint32Array, lo: Uint32Array, pos: Int32Array, hi2: Uint32Array, lo2: Uint32Array, pos2: Int32Array, a: number, b: number, track: boolean, count: Int32Array): void {
  if (b - a <= 32) {
    for (let k = a + 1; k < b; k++) {
      const l = lo[k], q = pos[k];
      let j = k - 1;
      while (j >= a && lo[j] > l) { lo[j + 1] = lo[j]; pos[j + 1] = pos[j]; j--; }
      lo[j + 1] = l; pos[j + 1] = q;
    }
    return;
  }
  let src = true; // data in hi/lo/pos (else in hi2/lo2/pos2)
  for (let shift = 0; shift < 33; shift += 11) {
    const moved = src ? radixPass(lo, hi, lo, pos, hi2, lo2, pos2, a, b, shift, track, count) : radixPass(lo2, hi2, lo2, pos2, hi, lo, pos, a, b, shift, track, count);
    if (moved) src = !src;
  }
  if (!src) { lo.set(lo2.subarray(a, b), a); if (track) pos.set(pos2.subarray(a, b), a); }
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
 * bytes per row (bytes past p stay 0); NaN → missingBin.
 */
export function binRows(X: Float64Array, p: number, rows: Int32Array, mapper: BinMapper, rowStride = p): Uint8Array {
  if (rowStride < p) throw new Error(`rowStride must be ≥ p (${p}); was ${rowStride}`);
  const cols = binColumns(X, p, rows, mapper), n = rows.length;
  const out = new Uint8Array(n * rowStride);
  for (let f = 0; f < p; f++) {
    const off = binOffset(f, n);
    for (let k = 0; k < n; k++) out[k * rowStride + f] = cols[off + 4 * k];
  }
  return out;
}

/**
 * The column layout of the bins ({@link binColumns}): features in groups of four, each group n rows × 4
 * bytes (row-major inside the group, so one 32-bit word holds a row's four bins of the group); padding
 * bytes past p are 0. Feature f of the k-th row is at binOffset(f, n) + 4k.
 */
export function binOffset(f: number, n: number): number {
  return (f >> 2) * n * 4 + (f & 3);
}

/**
 * binColumns(X, p, rows, mapper) – the bins of the listed rows in the column layout of {@link binOffset}
 * (⌈p/4⌉ groups of n × 4 bytes); NaN → missingBin. Each feature's thresholds are padded with +∞ to 256
 * so the search is eight branch-free halvings.
 */
export function binColumns(X: Float64Array, p: number, rows: Int32Array, mapper: BinMapper): Uint8Array {
  const n = rows.length, out = new Uint8Array(n * 4 * Math.ceil(p / 4));
  const miss = mapper.missingBin, t = new Float64Array(256 * p).fill(Number.POSITIVE_INFINITY);
  for (let f = 0; f < p; f++) t.set(mapper.thresholds[f], 256 * f);
  for (let k = 0; k < n; k++) {
    const o = rows[k] * p;
    for (let f = 0; f < p; f++) {
      const x = X[o + f];
      let b = 256 * f;
      if (t[b + 127] < x) b += 128;
      if (t[b + 63] < x) b += 64;
      if (t[b + 31] < x) b += 32;
      if (t[b + 15] < x) b += 16;
      if (t[b + 7] < x) b += 8;
      if (t[b + 3] < x) b += 4;
      if (t[b + 1] < x) b += 2;
      if (t[b] < x) b += 1;
      out[binOffset(f, n) + 4 * k] = x === x ? b - 256 * f : miss;
    }
  }
  return out;
}
