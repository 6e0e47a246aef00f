/** rocAuc(y, score) – area under the ROC curve (ties averaged); null when one class is absent. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number | null {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(score[i]) && Number.isFinite(y[i]));
  idx.sort((a, b) => score[a] - score[b]);
  let pos = 0, neg = 0, rankSum = 0;
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e + 1 < idx.length && score[idx[e + 1]] === score[idx[k]]) e++;
    const rank = (k + e) / 2 + 1;
    for (let q = k; q <= e; q++) { if (y[idx[q]] >= 0.5) { pos++; rankSum += rank; } else neg++; }
    k = e + 1;
  }
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : null;
}
