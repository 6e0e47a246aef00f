/**
 * selectInPlace(a, k, lo, hi) reorders a[lo..hi] so that a[k] is the k-th smallest, everything
 * left of k ≤ a[k] ≤ everything right of it. Floyd–Rivest selection (1975): recursively selects
 * on a small sample to bracket k, so the expected cost is about n + min(k, n − k) comparisons.
 * Mutates `a`: pass a scratch copy.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    if (hi - lo > 600) {
      const n = hi - lo + 1;
      const m = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLo = Math.max(lo, Math.floor(k - (m * s) / n + sd));
      const newHi = Math.min(hi, Math.floor(k + ((n - m) * s) / n + sd));
      selectInPlace(a, k, newLo, newHi);
    }
    const t = a[k];
    let i = lo;
    let j = hi;
    swap(a, lo, k);
    if (a[hi] > t) swap(a, lo, hi);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[lo] === t) swap(a, lo, j);
    else {
      j++;
      swap(a, j, hi);
    }
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** medianInPlace(a) – the median (mean of the two middle values for even n); mutates `a`. NaN for n = 0. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  const hiMid = n >> 1;
  const upper = selectInPlace(a, hiMid);
  if (n % 2 === 1) return upper;
  // after selection every value left of hiMid is ≤ upper: the lower middle is their maximum
  let lower = -Infinity;
  for (let i = 0; i < hiMid; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/**
 * medianPairInPlace(a) → [lower middle, upper middle] (equal for odd n); mutates `a`. Lets a caller
 * take the median after a monotone transform (e.g. log) exactly: median(f(x)) = (f(lo) + f(hi)) / 2.
 */
export function medianPairInPlace(a: Float64Array): [number, number] {
  const n = a.length;
  if (n === 0) return [NaN, NaN];
  const hiMid = n >> 1;
  const upper = selectInPlace(a, hiMid);
  if (n % 2 === 1) return [upper, upper];
  let lower = -Infinity;
  for (let i = 0; i < hiMid; i++) if (a[i] > lower) lower = a[i];
  return [lower, upper];
}
