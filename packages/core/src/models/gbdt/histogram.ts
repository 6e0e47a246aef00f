/**
 * Gradient histograms. A node's histogram is one Float64Array of 4q × 256 × 3 numbers (q = ⌈p/4⌉): for
 * feature f and bin b, at (f·256 + b)·3, the sums of gradients, of hessians and the sample count. Bins
 * are in the grouped column layout of binning.ts's `binOffset`: per group of four features, one 32-bit
 * word per row holding the row's four bins. One pass over a node's rows reads one word per row and
 * writes four small histograms (4 × 256 × 3 doubles, which stay in L1); padding features (past p) fill
 * slots nobody reads. Rows other than the root's are visited through the sample partition `idx`, their
 * gradient/hessian pairs gathered once into contiguous "ordered gradients" (scikit-learn's trick). Rows
 * are summed in the node's row order either way, so every sum is the same as a plain per-row loop's.
 */

/** Byte order of the platform: the shift of byte t of a word is 8t on little-endian platforms. */
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const SH0 = LITTLE ? 0 : 24, SH1 = LITTLE ? 8 : 16, SH2 = LITTLE ? 16 : 8, SH3 = LITTLE ? 24 : 0;

/** Bins per feature in a histogram (maxBins ≤ 255 finite bins plus the missing bin). */
export const HIST_BINS = 256;

/** histogramSize(p) – the length of a histogram of p features (4⌈p/4⌉ × 256 × 3). */
export function histogramSize(p: number): number {
  return 4 * Math.ceil(p / 4) * HIST_BINS * 3;
}

/** wordsOf(bins) – the 32-bit view of grouped bins (four bins of a row per word). */
export function wordsOf(bins: Uint8Array): Uint32Array {
  if (bins.byteOffset % 4 !== 0 || bins.length % 4 !== 0) throw new Error('bins must be 4-byte aligned groups (binColumns output)');
  return new Uint32Array(bins.buffer, bins.byteOffset, bins.length / 4);
}

/**
 * buildHistogram(bins, m, p, gh, idx, start, stop, out, ordered?) – sums the interleaved gradient/hessian
 * pairs `gh` (gh[2i], gh[2i+1] of local row i) of the rows idx[start..stop) (rows start..stop when idx is
 * null) into `out` (length ≥ histogramSize(p)) by their bins (`bins`: binColumns' layout, m rows).
 * `ordered` (length ≥ 2·(stop − start)) is scratch for the gathered pairs. Overwrites `out`.
 */
export function buildHistogram(bins: Uint8Array, m: number, p: number, gh: Float64Array, idx: Int32Array | null, start: number, stop: number, out: Float64Array, ordered?: Float64Array): void {
  const words = wordsOf(bins), q = Math.ceil(p / 4);
  if (idx === null) buildRowsHistogram(words, m, q, start === 0 ? gh : gh.subarray(2 * start, 2 * stop), start, stop - start, out, null);
  else buildNodeHistogram(words, m, q, gh, idx, start, stop, out, ordered ?? new Float64Array(2 * (stop - start)));
}

/**
 * buildRowsHistogram(words, m, q, ogh, start, n, out, counts) – the histogram of rows start..start+n,
 * whose pairs are ogh[2k], ogh[2k+1]. With `counts` (from {@link countBins} over the same rows) the
 * count slots are copied from it instead of summed.
 */
export function buildRowsHistogram(words: Uint32Array, m: number, q: number, ogh: Float64Array, start: number, n: number, out: Float64Array, counts: Float64Array | null): void {
  out.fill(0);
  if (counts === null) for (let w = 0; w < q; w++) histRows(words, w * m + start, n, ogh, out, w * 3072);
  else {
    for (let w = 0; w < q; w++) histRowsNoCount(words, w * m + start, n, ogh, out, w * 3072);
    copyCounts(counts, out);
  }
}

/** buildNodeHistogram(words, m, q, gh, idx, start, stop, out, ordered) – the histogram of rows idx[start..stop) (pairs gathered into `ordered` first). */
export function buildNodeHistogram(words: Uint32Array, m: number, q: number, gh: Float64Array, idx: Int32Array, start: number, stop: number, out: Float64Array, ordered: Float64Array): void {
  out.fill(0);
  const n = stop - start;
  gather(gh, idx, start, n, ordered);
  for (let w = 0; w < q; w++) histIdx(words, w * m, idx, start, n, ordered, out, w * 3072);
}

/** countBins(words, m, q, out) – out[f·256 + b] = the number of the m rows whose feature f is in bin b. */
export function countBins(words: Uint32Array, m: number, q: number, out: Float64Array): void {
  out.fill(0);
  for (let w = 0; w < q; w++) {
    const base = w * 1024, off = w * m;
    for (let k = 0; k < m; k++) {
      const word = words[off + k];
      out[base + ((word >>> SH0) & 255)]++;
      out[base + 256 + ((word >>> SH1) & 255)]++;
      out[base + 512 + ((word >>> SH2) & 255)]++;
      out[base + 768 + ((word >>> SH3) & 255)]++;
    }
  }
}

function copyCounts(counts: Float64Array, out: Float64Array): void {
  for (let e = 0; e < counts.length; e++) out[3 * e + 2] = counts[e];
}

/** ogh[2k], ogh[2k+1] = gh[2i], gh[2i+1] for i = idx[start + k], k < n. */
function gather(gh: Float64Array, idx: Int32Array, start: number, n: number, ogh: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const i = idx[start + k];
    ogh[2 * k] = gh[2 * i]; ogh[2 * k + 1] = gh[2 * i + 1];
  }
}

/*
 * The kernels below take two rows per iteration (both words loaded before either row's adds: about a
 * quarter faster in V8, measured). Each slot still receives its rows' terms in row order (row k's add
 * is issued before row k+1's), so every sum is the plain per-row loop's.
 */

/** One group of four features (histograms at base, base + 768, …), words off..off+n in order. */
function histRows(words: Uint32Array, off: number, n: number, ogh: Float64Array, out: Float64Array, base: number): void {
  let k = 0;
  for (; k + 1 < n; k = (k + 2) | 0) {
    const w0 = words[(off + k) | 0], w1 = words[(off + k + 1) | 0];
    let g = ogh[2 * k], h = ogh[2 * k + 1];
    let j = (base + ((w0 >>> SH0) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 768 + ((w0 >>> SH1) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 1536 + ((w0 >>> SH2) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 2304 + ((w0 >>> SH3) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    g = ogh[2 * k + 2]; h = ogh[2 * k + 3];
    j = (base + ((w1 >>> SH0) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 768 + ((w1 >>> SH1) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 1536 + ((w1 >>> SH2) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 2304 + ((w1 >>> SH3) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
  }
  if (k < n) histLanes(words, off, null, k, 1, ogh.subarray(2 * k), out, base, 0, 4, true);
}

/** As {@link histRows} without the count slots. */
function histRowsNoCount(words: Uint32Array, off: number, n: number, ogh: Float64Array, out: Float64Array, base: number): void {
  let k = 0;
  for (; k + 1 < n; k = (k + 2) | 0) {
    const w0 = words[(off + k) | 0], w1 = words[(off + k + 1) | 0];
    let g = ogh[2 * k], h = ogh[2 * k + 1];
    let j = (base + ((w0 >>> SH0) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    j = (base + 768 + ((w0 >>> SH1) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    j = (base + 1536 + ((w0 >>> SH2) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    j = (base + 2304 + ((w0 >>> SH3) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    g = ogh[2 * k + 2]; h = ogh[2 * k + 3];
    j = (base + ((w1 >>> SH0) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    j = (base + 768 + ((w1 >>> SH1) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    j = (base + 1536 + ((w1 >>> SH2) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
    j = (base + 2304 + ((w1 >>> SH3) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h;
  }
  if (k < n) histLanes(words, off, null, k, 1, ogh.subarray(2 * k), out, base, 0, 4, false);
}

/** One group of four features, rows idx[start..start+n) (words at off + row); gradients ordered (ogh[2k], ogh[2k+1]). */
function histIdx(words: Uint32Array, off: number, idx: Int32Array, start: number, n: number, ogh: Float64Array, out: Float64Array, base: number): void {
  let k = 0;
  for (; k + 1 < n; k = (k + 2) | 0) {
    const w0 = words[(off + idx[(start + k) | 0]) | 0], w1 = words[(off + idx[(start + k + 1) | 0]) | 0];
    let g = ogh[2 * k], h = ogh[2 * k + 1];
    let j = (base + ((w0 >>> SH0) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 768 + ((w0 >>> SH1) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 1536 + ((w0 >>> SH2) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 2304 + ((w0 >>> SH3) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    g = ogh[2 * k + 2]; h = ogh[2 * k + 3];
    j = (base + ((w1 >>> SH0) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 768 + ((w1 >>> SH1) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 1536 + ((w1 >>> SH2) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    j = (base + 2304 + ((w1 >>> SH3) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
  }
  if (k < n) histLanes(words, off, idx, start + k, 1, ogh.subarray(2 * k), out, base, 0, 4, true);
}

/**
 * histogramRange(words, m, idx, start, n, ogh, out, f0, f1, counts) – features f0..f1 (only their slots are
 * zeroed and written) of the histogram of rows idx[start..start+n) (rows start..start+n when idx is null)
 * whose pairs are ogh[2k], ogh[2k+1]. With `counts` (contiguous rows only, {@link countBins} over the same
 * rows) the count slots are copied from it. A range that cuts a group of four features sums the group's
 * lanes inside the range only; each slot is summed in the rows' order either way, so a histogram built
 * in several ranges (e.g. on several threads) equals one built in one.
 */
export function histogramRange(words: Uint32Array, m: number, idx: Int32Array | null, start: number, n: number, ogh: Float64Array, out: Float64Array, f0: number, f1: number, counts: Float64Array | null): void {
  out.fill(0, f0 * 768, f1 * 768);
  for (let w = f0 >> 2; 4 * w < f1; w++) {
    const a = Math.max(f0 - 4 * w, 0), b = Math.min(f1 - 4 * w, 4), base = w * 3072, off = w * m;
    if (a === 0 && b === 4) {
      if (idx !== null) histIdx(words, off, idx, start, n, ogh, out, base);
      else if (counts !== null) histRowsNoCount(words, off + start, n, ogh, out, base);
      else histRows(words, off + start, n, ogh, out, base);
    } else if (b - a === 2) histPair(words, off, idx, start, n, ogh, out, base, a, counts === null ? 1 : 0);
    else histLanes(words, off, idx, start, n, ogh, out, base, a, b, counts === null);
  }
  if (counts !== null) for (let e = f0 * 256; e < f1 * 256; e++) out[3 * e + 2] = counts[e];
}

/** Lanes a..b of one group of four features in one pass over the rows, two at a time (through idx unless null); count slots summed when withCount. */
function histLanes(words: Uint32Array, off: number, idx: Int32Array | null, start: number, n: number, ogh: Float64Array, out: Float64Array, base: number, a: number, b: number, withCount: boolean): void {
  const inc = withCount ? 1 : 0;
  let k = 0;
  for (; k + 1 < n; k = (k + 2) | 0) {
    const w0 = words[(off + (idx === null ? start + k : idx[(start + k) | 0])) | 0], w1 = words[(off + (idx === null ? start + k + 1 : idx[(start + k + 1) | 0])) | 0];
    const g0 = ogh[2 * k], h0 = ogh[2 * k + 1], g1 = ogh[2 * k + 2], h1 = ogh[2 * k + 3];
    for (let t = a; t < b; t++) {
      const sh = LITTLE ? 8 * t : 24 - 8 * t, hb = (base + 768 * t) | 0;
      let j = (hb + ((w0 >>> sh) & 255) * 3) | 0;
      out[j] += g0; out[j + 1] += h0; out[j + 2] += inc;
      j = (hb + ((w1 >>> sh) & 255) * 3) | 0;
      out[j] += g1; out[j + 1] += h1; out[j + 2] += inc;
    }
  }
  for (; k < n; k++) {
    const word = words[(off + (idx === null ? start + k : idx[(start + k) | 0])) | 0], g = ogh[2 * k], h = ogh[2 * k + 1];
    for (let t = a; t < b; t++) {
      const j = (base + 768 * t + ((word >>> (LITTLE ? 8 * t : 24 - 8 * t)) & 255) * 3) | 0;
      out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    }
  }
}

/** Lanes a, a + 1 of one group (a range that halves a group), two rows per iteration; inc 1 sums the count slots. */
function histPair(words: Uint32Array, off: number, idx: Int32Array | null, start: number, n: number, ogh: Float64Array, out: Float64Array, base: number, a: number, inc: number): void {
  // two functions, not one with both loops: V8 kept deoptimizing a single one (a loop without type feedback yet)
  const k = idx === null ? histPairRows(words, off + start, n, ogh, out, base, a, inc) : histPairIdx(words, off, idx, start, n, ogh, out, base, a, inc);
  if (k < n) histLanes(words, off, idx, start + k, n - k, ogh.subarray(2 * k), out, base, a, a + 2, inc === 1);
}

/** histPair's rows words[off + k]; returns the rows done (n rounded down to even). */
function histPairRows(words: Uint32Array, off: number, n: number, ogh: Float64Array, out: Float64Array, base: number, a: number, inc: number): number {
  const sA = LITTLE ? 8 * a : 24 - 8 * a, sB = LITTLE ? 8 * a + 8 : 16 - 8 * a, hA = (base + 768 * a) | 0, hB = (hA + 768) | 0;
  let k = 0;
  for (; k + 1 < n; k = (k + 2) | 0) {
    const w0 = words[(off + k) | 0], w1 = words[(off + k + 1) | 0];
    let g = ogh[2 * k], h = ogh[2 * k + 1];
    let j = (hA + ((w0 >>> sA) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    j = (hB + ((w0 >>> sB) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    g = ogh[2 * k + 2]; h = ogh[2 * k + 3];
    j = (hA + ((w1 >>> sA) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    j = (hB + ((w1 >>> sB) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
  }
  return k;
}

/** histPair's rows idx[start + k]; returns the rows done (n rounded down to even). */
function histPairIdx(words: Uint32Array, off: number, idx: Int32Array, start: number, n: number, ogh: Float64Array, out: Float64Array, base: number, a: number, inc: number): number {
  const sA = LITTLE ? 8 * a : 24 - 8 * a, sB = LITTLE ? 8 * a + 8 : 16 - 8 * a, hA = (base + 768 * a) | 0, hB = (hA + 768) | 0;
  let k = 0;
  for (; k + 1 < n; k = (k + 2) | 0) {
    const w0 = words[(off + idx[(start + k) | 0]) | 0], w1 = words[(off + idx[(start + k + 1) | 0]) | 0];
    let g = ogh[2 * k], h = ogh[2 * k + 1];
    let j = (hA + ((w0 >>> sA) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    j = (hB + ((w0 >>> sB) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    g = ogh[2 * k + 2]; h = ogh[2 * k + 3];
    j = (hA + ((w1 >>> sA) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
    j = (hB + ((w1 >>> sB) & 255) * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += inc;
  }
  return k;
}

/** subtractHistogram(parent, child, out, from?, to?) – out = parent − child (the sibling's histogram) on slots from..to (default all); `out` may be `parent`. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array, from = 0, to = parent.length): void {
  const n = to;
  let j = from;
  for (; j + 4 <= n; j += 4) {
    out[j] = parent[j] - child[j]; out[j + 1] = parent[j + 1] - child[j + 1];
    out[j + 2] = parent[j + 2] - child[j + 2]; out[j + 3] = parent[j + 3] - child[j + 3];
  }
  for (; j < n; j++) out[j] = parent[j] - child[j];
}
