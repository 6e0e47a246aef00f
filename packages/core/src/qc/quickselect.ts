/**
 * selectInPlace(a, k, lo, hi) reorders a[lo..hi] so that a[k] is the k-th smallest (Hoare
 * partition, median-of-three pivot); expected O(n). Mutates `a`: pass a scratch copy.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
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
