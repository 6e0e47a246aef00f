/** C(n, k) as a float (exact below 2^53). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * All k-subsets of {0..n−1} in the lexicographic order of Python's itertools.combinations,
 * flattened row-major: C(n,k) × k.
 */
export function combinations(n: number, k: number): Int32Array {
  const total = binomial(n, k);
  const out = new Int32Array(total * k);
  const c = new Int32Array(k);
  for (let i = 0; i < k; i++) c[i] = i;
  for (let row = 0; row < total; row++) {
    out.set(c, row * k);
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) break;
    c[i]++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  }
  return out;
}
