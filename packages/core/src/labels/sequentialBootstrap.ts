import type { Rng } from '../util/rng.ts';

/**
 * sequentialBootstrap(start, end, nDraws, rng) – AFML ch. 4 (snippets 4.5–4.6): draws label indices
 * with replacement where, at each draw, label i is picked with probability proportional to its average
 * uniqueness given the labels already drawn, ū_i = mean over its bars t ∈ [start_i, end_i] of
 * 1 / (c_t + 1), c_t = how many drawn labels cover bar t. Overlapping labels are thereby drawn less
 * often than in a standard bootstrap, so a bagged model's samples are closer to IID.
 *
 * Bars are integer positions (e.g. symbol · nBars + bar index, so labels of different symbols never
 * overlap). Exact, and incremental: drawing label j changes c_t only on j's bars, so only the labels
 * covering those bars are updated; a Fenwick tree samples by weight in O(log n). Cost
 * O(nDraws · (bars per label) · (labels per bar) · log n).
 */
export function sequentialBootstrap(start: Int32Array, end: Int32Array, nDraws: number, rng: Rng): Int32Array {
  const n = start.length;
  if (end.length !== n) throw new Error(`end must have ${n} values; had ${end.length}`);
  if (!Number.isInteger(nDraws) || nDraws < 0) throw new Error(`nDraws must be a non-negative integer; was ${nDraws}`);
  if (n === 0 || nDraws === 0) return new Int32Array(0);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!(end[i] >= start[i])) throw new Error(`label ${i}: end ${end[i]} < start ${start[i]}`);
    if (start[i] < lo) lo = start[i];
    if (end[i] > hi) hi = end[i];
  }
  const nb = hi - lo + 1;
  // labels covering each bar (CSR)
  const cnt = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) for (let t = start[i]; t <= end[i]; t++) cnt[t - lo + 1]++;
  for (let b = 0; b < nb; b++) cnt[b + 1] += cnt[b];
  const cover = new Int32Array(cnt[nb]);
  const fill = cnt.slice(0, nb);
  for (let i = 0; i < n; i++) for (let t = start[i]; t <= end[i]; t++) cover[fill[t - lo]++] = i;
  const c = new Int32Array(nb);
  const sum = new Float64Array(n), len = new Float64Array(n);
  for (let i = 0; i < n; i++) { len[i] = end[i] - start[i] + 1; sum[i] = len[i]; } // all c = 0: each bar contributes 1
  // Fenwick tree over the weights ū_i = sum_i / len_i
  const tree = new Float64Array(n + 1);
  const weight = new Float64Array(n);
  const add = (i: number, d: number) => { for (let k = i + 1; k <= n; k += k & -k) tree[k] += d; };
  for (let i = 0; i < n; i++) { weight[i] = 1; add(i, 1); }
  const total = () => { let s = 0; for (let k = n; k > 0; k -= k & -k) s += tree[k]; return s; };
  const find = (u: number) => { // smallest i with prefix(i + 1) > u
    let pos = 0, rem = u;
    for (let step = 1 << Math.floor(Math.log2(n)); step > 0; step >>= 1) {
      const nxt = pos + step;
      if (nxt <= n && tree[nxt] <= rem) { pos = nxt; rem -= tree[nxt]; }
    }
    return Math.min(pos, n - 1);
  };
  const out = new Int32Array(nDraws);
  for (let d = 0; d < nDraws; d++) {
    const j = find(rng.next() * total());
    out[d] = j;
    for (let t = start[j]; t <= end[j]; t++) {
      const b = t - lo, before = 1 / (c[b] + 1), after = 1 / (c[b] + 2);
      c[b]++;
      for (let k = cnt[b]; k < cnt[b + 1]; k++) {
        const i = cover[k];
        sum[i] += after - before;
        const w = sum[i] / len[i];
        add(i, w - weight[i]);
        weight[i] = w;
      }
    }
  }
  return out;
}
