/**
 * Gradient histograms. A node's histogram is one Float64Array of 4q × stride × 3 numbers: for feature f
 * and bin b, at (f·stride + b)·3, the sums of gradients, of hessians and the sample count. Bins are read
 * four at a time: row i's bins are the 4q bytes at i·4q (features padded to a multiple of 4 with bin 0),
 * viewed as q 32-bit words; padding features fill histogram slots nobody reads.
 */

/** Byte order of the platform: true when a Uint32Array view puts byte 0 in the low bits. */
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * buildHistogram(words, q, gh, idx, start, stop, stride, out) – sums the interleaved gradient/hessian
 * pairs `gh` (gh[2i], gh[2i+1] of local row i) of the rows idx[start..stop) (rows start..stop when idx
 * is null) into `out` by their bins (`words`: local rows × q words of 4 bins). Overwrites `out`.
 */
export function buildHistogram(words: Uint32Array, q: number, gh: Float64Array, idx: Int32Array | null, start: number, stop: number, stride: number, out: Float64Array): void {
  out.fill(0);
  const s3 = stride * 3, s6 = 2 * s3, s9 = 3 * s3, s12 = 4 * s3;
  const sh0 = LITTLE ? 0 : 24, sh1 = LITTLE ? 8 : 16, sh2 = LITTLE ? 16 : 8, sh3 = LITTLE ? 24 : 0;
  for (let k = start; k < stop; k++) {
    const i = idx === null ? k : idx[k];
    const g = gh[2 * i], h = gh[2 * i + 1];
    const o = i * q;
    for (let w = 0, base = 0; w < q; w++, base += s12) {
      const word = words[o + w];
      let j = base + ((word >>> sh0) & 255) * 3;
      out[j] += g; out[j + 1] += h; out[j + 2] += 1;
      j = base + s3 + ((word >>> sh1) & 255) * 3;
      out[j] += g; out[j + 1] += h; out[j + 2] += 1;
      j = base + s6 + ((word >>> sh2) & 255) * 3;
      out[j] += g; out[j + 1] += h; out[j + 2] += 1;
      j = base + s9 + ((word >>> sh3) & 255) * 3;
      out[j] += g; out[j + 1] += h; out[j + 2] += 1;
    }
  }
}

/** subtractHistogram(parent, child, out) – out = parent − child (the sibling's histogram); `out` may be `parent`. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array): void {
  for (let j = 0; j < parent.length; j++) out[j] = parent[j] - child[j];
}
