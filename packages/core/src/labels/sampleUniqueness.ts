/**
 * labelConcurrency(t0Idx, t1Idx, nBars) – c_t, the number of labels whose interval [t0, t1] (bar
 * indices, both ends included, as in AFML snippet 4.1) contains bar t. Difference array, O(n + labels).
 */
export function labelConcurrency(t0Idx: Int32Array, t1Idx: Int32Array, nBars: number): Int32Array {
  const m = t0Idx.length;
  if (t1Idx.length !== m) throw new Error(`labelConcurrency: t0Idx/t1Idx lengths differ (${m}, ${t1Idx.length})`);
  const diff = new Int32Array(nBars + 1);
  for (let i = 0; i < m; i++) {
    const a = t0Idx[i];
    const b = t1Idx[i];
    if (!(a >= 0 && b >= a && b < nBars)) throw new Error(`labelConcurrency: label ${i} has interval [${a}, ${b}] outside 0..${nBars - 1}`);
    diff[a]++;
    diff[b + 1]--;
  }
  const c = new Int32Array(nBars);
  let run = 0;
  for (let t = 0; t < nBars; t++) c[t] = run += diff[t];
  return c;
}

/**
 * sampleUniqueness(t0Idx, t1Idx, nBars) – average uniqueness of each label (AFML ch. 4, snippet 4.2):
 * ū_i = mean over t in [t0_i, t1_i] of 1 / c_t. Prefix sums, O(n + labels).
 */
export function sampleUniqueness(t0Idx: Int32Array, t1Idx: Int32Array, nBars: number): Float64Array {
  const c = labelConcurrency(t0Idx, t1Idx, nBars);
  const pre = new Float64Array(nBars + 1);
  for (let t = 0; t < nBars; t++) pre[t + 1] = pre[t] + (c[t] > 0 ? 1 / c[t] : 0);
  const m = t0Idx.length;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = (pre[t1Idx[i] + 1] - pre[t0Idx[i]]) / (t1Idx[i] - t0Idx[i] + 1);
  return out;
}

/**
 * returnAttributionWeights(t0Idx, t1Idx, close) – AFML snippet 4.10 sample weights:
 * w̃_i = |Σ_{t=t0_i..t1_i} r_t / c_t| with r_t = ln(c_t / c_{t−1}) (r_0 = 0) and c_t the concurrency,
 * then scaled so the weights sum to the number of labels (all 0 → all 1).
 */
export function returnAttributionWeights(t0Idx: Int32Array, t1Idx: Int32Array, close: Float64Array): Float64Array {
  const n = close.length;
  const c = labelConcurrency(t0Idx, t1Idx, n);
  const pre = new Float64Array(n + 1);
  for (let t = 1; t < n; t++) pre[t + 1] = pre[t] + (c[t] > 0 ? Math.log(close[t] / close[t - 1]) / c[t] : 0);
  const m = t0Idx.length;
  const out = new Float64Array(m);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += out[i] = Math.abs(pre[t1Idx[i] + 1] - pre[t0Idx[i]]);
  if (sum > 0) for (let i = 0; i < m; i++) out[i] *= m / sum;
  else out.fill(1);
  return out;
}
