/** Out-of-sample quality of a probability forecast on a set of rows. */
export interface ClassificationMetrics {
  n: number;
  /** Share of rows where (p > 0.5) equals y. */
  accuracy: number;
  /** Area under the ROC curve (Mann–Whitney, ties averaged); NaN with one class only. */
  auc: number;
  /** Mean −[y ln p + (1 − y) ln(1 − p)], p clipped to [1e−15, 1 − 1e−15]. */
  logLoss: number;
  /** Mean (p − y)². */
  brier: number;
}

/** classificationMetrics(y, p, rows) – accuracy, AUC, log loss and Brier score over `rows` (y ∈ {0, 1}; rows with NaN p are skipped). */
export function classificationMetrics(y: Float64Array, p: Float64Array, rows?: Int32Array): ClassificationMetrics {
  const idx: number[] = [];
  const m = rows ? rows.length : y.length;
  for (let k = 0; k < m; k++) { const i = rows ? rows[k] : k; if (Number.isFinite(p[i])) idx.push(i); }
  const n = idx.length;
  if (n === 0) return { n: 0, accuracy: Number.NaN, auc: Number.NaN, logLoss: Number.NaN, brier: Number.NaN };
  let correct = 0, ll = 0, brier = 0, pos = 0;
  for (const i of idx) {
    const pi = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    if ((p[i] > 0.5 ? 1 : 0) === y[i]) correct++;
    ll -= y[i] === 1 ? Math.log(pi) : Math.log(1 - pi);
    brier += (p[i] - y[i]) ** 2;
    if (y[i] === 1) pos++;
  }
  // AUC = (sum of ranks of positives − pos(pos+1)/2) / (pos·neg), average ranks for ties
  const sorted = idx.slice().sort((a, b) => p[a] - p[b]);
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && p[sorted[j + 1]] === p[sorted[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[sorted[k]] === 1) rankSum += avg;
    i = j + 1;
  }
  const neg = n - pos;
  const auc = pos > 0 && neg > 0 ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : Number.NaN;
  return { n, accuracy: correct / n, auc, logLoss: ll / n, brier: brier / n };
}
