/**
 * Gradient histograms. A node's histogram is one Float64Array of p × stride × 3 numbers: for feature f
 * and bin b, at (f·stride + b)·3, the sums of gradients, of hessians and the sample count. Bins are
 * column-major (feature f of local row i at f·m + i). Features are histogrammed four at a time: one pass
 * over the node's rows reads four byte columns and writes four small histograms (4 × stride × 3 doubles,
 * which stay in L1). Rows other than the root's are visited through the sample partition `idx`, their
 * gradient/hessian pairs gathered once into contiguous "ordered gradients" (scikit-learn's trick). Rows
 * are summed in the same order either way, so every sum is the same.
 */

/**
 * buildHistogram(bins, m, p, gh, idx, start, stop, stride, out, ordered?) – sums the interleaved
 * gradient/hessian pairs `gh` (gh[2i], gh[2i+1] of local row i) of the rows idx[start..stop) (rows
 * start..stop when idx is null) into `out` by their bins (`bins`: column-major, m rows per feature).
 * `ordered` (length ≥ 2·(stop − start)) is scratch for the gathered pairs. Overwrites `out`.
 */
export function buildHistogram(bins: Uint8Array, m: number, p: number, gh: Float64Array, idx: Int32Array | null, start: number, stop: number, stride: number, out: Float64Array, ordered?: Float64Array): void {
  if (idx === null) buildRowsHistogram(bins, m, p, start === 0 ? gh : gh.subarray(2 * start, 2 * stop), start, stop - start, stride, out);
  else buildNodeHistogram(bins, m, p, gh, idx, start, stop, stride, out, ordered ?? new Float64Array(2 * (stop - start)));
}

/** buildRowsHistogram(bins, m, p, ogh, start, n, stride, out) – the histogram of rows start..start+n, whose pairs are ogh[2k], ogh[2k+1]. */
export function buildRowsHistogram(bins: Uint8Array, m: number, p: number, ogh: Float64Array, start: number, n: number, stride: number, out: Float64Array): void {
  out.fill(0);
  const s3 = stride * 3;
  let f = 0;
  for (; f + 4 <= p; f += 4) hist4Rows(bins, f * m + start, m, n, ogh, out, f * s3, s3);
  if (f < p) histRestRows(bins, m, p, f, start, n, ogh, out, s3);
}

/** buildNodeHistogram(bins, m, p, gh, idx, start, stop, stride, out, ordered) – the histogram of rows idx[start..stop) (pairs gathered into `ordered` first). */
export function buildNodeHistogram(bins: Uint8Array, m: number, p: number, gh: Float64Array, idx: Int32Array, start: number, stop: number, stride: number, out: Float64Array, ordered: Float64Array): void {
  out.fill(0);
  const n = stop - start, s3 = stride * 3;
  gather(gh, idx, start, n, ordered);
  let f = 0;
  for (; f + 4 <= p; f += 4) hist4Idx(bins, f * m, m, idx, start, n, ordered, out, f * s3, s3);
  if (f < p) histRestIdx(bins, m, p, f, idx, start, n, ordered, out, s3);
}

/** ogh[2k], ogh[2k+1] = gh[2i], gh[2i+1] for i = idx[start + k], k < n. */
function gather(gh: Float64Array, idx: Int32Array, start: number, n: number, ogh: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const i = idx[start + k];
    ogh[2 * k] = gh[2 * i]; ogh[2 * k + 1] = gh[2 * i + 1];
  }
}

/** Features f..p−1 one at a time, rows in order. */
function histRestRows(bins: Uint8Array, m: number, p: number, f: number, start: number, n: number, ogh: Float64Array, out: Float64Array, s3: number): void {
  for (; f < p; f++) hist1Rows(bins, f * m + start, n, ogh, out, f * s3);
}

/** Features f..p−1 one at a time, rows idx[start..start+n). */
function histRestIdx(bins: Uint8Array, m: number, p: number, f: number, idx: Int32Array, start: number, n: number, ogh: Float64Array, out: Float64Array, s3: number): void {
  for (; f < p; f++) hist1Idx(bins, f * m, idx, start, n, ogh, out, f * s3);
}

/** Four features (columns at off, off + m, off + 2m, off + 3m; histograms at base + t·s3), rows in order. */
function hist4Rows(bins: Uint8Array, off: number, m: number, n: number, ogh: Float64Array, out: Float64Array, base: number, s3: number): void {
  const b1 = (base + s3) | 0, b2 = (b1 + s3) | 0, b3 = (b2 + s3) | 0;
  for (let k = 0; k < n; k = (k + 1) | 0) {
    const g = ogh[2 * k], h = ogh[2 * k + 1];
    let i = (off + k) | 0;
    let j = (base + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    i = (i + m) | 0; j = (b1 + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    i = (i + m) | 0; j = (b2 + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    i = (i + m) | 0; j = (b3 + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
  }
}

/** Four features as {@link hist4Rows}, rows idx[start..start+n) of the columns at off..; gradients ordered (ogh[2k], ogh[2k+1]). */
function hist4Idx(bins: Uint8Array, off: number, m: number, idx: Int32Array, start: number, n: number, ogh: Float64Array, out: Float64Array, base: number, s3: number): void {
  const b1 = (base + s3) | 0, b2 = (b1 + s3) | 0, b3 = (b2 + s3) | 0;
  for (let k = 0; k < n; k = (k + 1) | 0) {
    const g = ogh[2 * k], h = ogh[2 * k + 1];
    let i = (off + idx[start + k]) | 0;
    let j = (base + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    i = (i + m) | 0; j = (b1 + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    i = (i + m) | 0; j = (b2 + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    i = (i + m) | 0; j = (b3 + bins[i] * 3) | 0;
    out[j] += g; out[j + 1] += h; out[j + 2] += 1;
  }
}

/** One feature, rows off..off+n of the column in order. */
function hist1Rows(bins: Uint8Array, off: number, n: number, ogh: Float64Array, out: Float64Array, base: number): void {
  for (let k = 0; k < n; k++) {
    const j = base + bins[off + k] * 3;
    out[j] += ogh[2 * k]; out[j + 1] += ogh[2 * k + 1]; out[j + 2] += 1;
  }
}

/** One feature, rows idx[start..start+n) of the column at `off`; gradients ordered. */
function hist1Idx(bins: Uint8Array, off: number, idx: Int32Array, start: number, n: number, ogh: Float64Array, out: Float64Array, base: number): void {
  for (let k = 0; k < n; k++) {
    const j = base + bins[off + idx[start + k]] * 3;
    out[j] += ogh[2 * k]; out[j + 1] += ogh[2 * k + 1]; out[j + 2] += 1;
  }
}

/** subtractHistogram(parent, child, out) – out = parent − child (the sibling's histogram); `out` may be `parent`. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array): void {
  for (let j = 0; j < parent.length; j++) out[j] = parent[j] - child[j];
}
