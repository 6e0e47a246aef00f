/** Binary log-loss on raw scores (log-odds), and a cheap binary AUC for the training curve. */

/**
 * logLossGradients(raw, y, w, gh) – writes gh[2i] = wᵢ(σ(fᵢ) − yᵢ), gh[2i+1] = wᵢσ(fᵢ)(1 − σ(fᵢ)) and
 * returns Σ wᵢ·[log(1 + e^fᵢ) − yᵢfᵢ] (computed stably). `w` null means unit weights.
 */
export function logLossGradients(raw: Float64Array, y: Float64Array, w: Float64Array | null, gh: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i], e = Math.exp(-Math.abs(f));
    const pr = f >= 0 ? 1 / (1 + e) : e / (1 + e), wi = w === null ? 1 : w[i];
    loss += wi * ((f > 0 ? f : 0) - y[i] * f + Math.log1p(e));
    gh[2 * i] = wi * (pr - y[i]);
    gh[2 * i + 1] = wi * pr * (1 - pr);
  }
  return loss;
}

/** logLoss(raw, y, w) – Σ wᵢ·[log(1 + e^fᵢ) − yᵢfᵢ] (`w` null: unit weights). */
export function logLoss(raw: Float64Array, y: Float64Array, w: Float64Array | null): number {
  let loss = 0;
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i];
    loss += (w === null ? 1 : w[i]) * ((f > 0 ? f : 0) - y[i] * f + Math.log1p(Math.exp(-Math.abs(f))));
  }
  return loss;
}

/** sigmoid(f) – 1 / (1 + e^−f), stable for large |f|. */
export function sigmoid(f: number): number {
  const e = Math.exp(-Math.abs(f));
  return f >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/**
 * binaryAuc(score, y) – P(score of a positive > score of a negative), ties counting ½, for labels in
 * {0, 1} (unweighted); null when a class is absent or a label is not 0/1.
 */
export function binaryAuc(score: Float64Array, y: Float64Array): number | null {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) { if (y[i] === 1) nPos++; else if (y[i] !== 0) return null; }
  const nNeg = y.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const pos = new Float64Array(nPos), neg = new Float64Array(nNeg);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) { if (y[i] === 1) pos[a++] = score[i]; else neg[b++] = score[i]; }
  pos.sort(); neg.sort();
  let j = 0, e = 0, sum = 0;
  for (let k = 0; k < nPos; k++) {
    const s = pos[k];
    if (k > 0 && s === pos[k - 1]) { sum += j + 0.5 * (e - j); continue; }
    while (j < nNeg && neg[j] < s) j++;
    if (e < j) e = j;
    while (e < nNeg && neg[e] === s) e++;
    sum += j + 0.5 * (e - j);
  }
  return sum / (nPos * nNeg);
}
