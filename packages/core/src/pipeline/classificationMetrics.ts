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
  // AUC = P(p⁺ > p⁻) + ½·P(p⁺ = p⁻) over all positive/negative pairs (= Mann–Whitney U / (pos·neg)),
  // from the two score lists sorted natively and walked together.
  const neg = n - pos;
  const sp = new Float64Array(pos), sn = new Float64Array(neg);
  let a = 0, b = 0;
  for (const i of idx) { if (y[i] === 1) sp[a++] = p[i]; else sn[b++] = p[i]; }
  sp.sort(); sn.sort();
  let wins = 0, lo = 0, hi = 0;
  for (let k = 0; k < pos; k++) {
    const v = sp[k];
    while (lo < neg && sn[lo] < v) lo++;
    if (hi < lo) hi = lo;
    while (hi < neg && sn[hi] === v) hi++;
    wins += lo + 0.5 * (hi - lo);
  }
  const auc = pos > 0 && neg > 0 ? wins / (pos * neg) : Number.NaN;
  return { n, accuracy: correct / n, auc, logLoss: ll / n, brier: brier / n };
}
