/** Binary log-loss on raw scores (log-odds), and a cheap binary AUC for the training curve. */

/** Rows whose 1 + e^−|f| factors are multiplied before one log (2^256 ≪ the largest double). */
const LOSS_BLOCK = 256;

/** Rows per block of {@link logLossGradientBlocks}. */
export const GRADIENT_BLOCK = LOSS_BLOCK;

/**
 * logLossGradients(raw, y, w, gh, sums?) – writes gh[2i] = wᵢ(σ(fᵢ) − yᵢ), gh[2i+1] = wᵢσ(fᵢ)(1 − σ(fᵢ))
 * and returns Σ wᵢ·[log(1 + e^fᵢ) − yᵢfᵢ] (computed stably; the sum of {@link logLossGradientBlocks}'
 * block losses in block order). `w` null means unit weights. With `sums`, also sums[0] = Σ gh[2i],
 * sums[1] = Σ gh[2i+1] (summed in row order).
 */
export function logLossGradients(raw: Float64Array, y: Float64Array, w: Float64Array | null, gh: Float64Array, sums?: Float64Array): number {
  const nb = Math.ceil(raw.length / LOSS_BLOCK), blockLoss = new Float64Array(nb);
  logLossGradientBlocks(raw, y, w, gh, blockLoss, 0, nb);
  if (sums) sumPairs(gh, raw.length, sums);
  let loss = 0;
  for (let b = 0; b < nb; b++) loss += blockLoss[b];
  return loss;
}

/**
 * logLossGradientBlocks(raw, y, w, gh, blockLoss, b0, b1) – the gradients and hessians of
 * {@link logLossGradients} for the rows of blocks b0..b1 (block b = rows 256b..256b+255), and each
 * block's loss in blockLoss[b]. Blocks are independent (e.g. on several threads).
 */
export function logLossGradientBlocks(raw: Float64Array, y: Float64Array, w: Float64Array | null, gh: Float64Array, blockLoss: Float64Array, b0: number, b1: number): void {
  const n = raw.length;
  for (let blk = b0; blk < b1; blk++) {
    const s = blk * LOSS_BLOCK, end = Math.min(n, s + LOSS_BLOCK);
    let loss = 0;
    if (w === null) {
      // Σ log(1 + e) as one log per block of products: each factor is in (1, 2], so a block of
      // LOSS_BLOCK of them stays below 2^LOSS_BLOCK (no overflow); a third of the time of a log1p per row.
      let prod = 1;
      for (let i = s; i < end; i++) {
        const f = raw[i], e = Math.exp(-Math.abs(f)), yi = y[i], d = 1 + e;
        const pr = f >= 0 ? 1 / d : e / d;
        loss += (f > 0 ? f : 0) - yi * f;
        prod *= d;
        gh[2 * i] = pr - yi; gh[2 * i + 1] = pr * (1 - pr);
      }
      loss += Math.log(prod);
    } else {
      for (let i = s; i < end; i++) {
        const f = raw[i], e = Math.exp(-Math.abs(f)), yi = y[i], wi = w[i];
        const pr = f >= 0 ? 1 / (1 + e) : e / (1 + e);
        loss += wi * ((f > 0 ? f : 0) - yi * f + Math.log1p(e));
        gh[2 * i] = wi * (pr - yi); gh[2 * i + 1] = wi * pr * (1 - pr);
      }
    }
    blockLoss[blk] = loss;
  }
}

/** sumPairs(gh, m, sums) – sums[0] = Σ gh[2i], sums[1] = Σ gh[2i+1] over i < m, in row order. */
export function sumPairs(gh: Float64Array, m: number, sums: Float64Array): void {
  let sg = 0, sh = 0;
  for (let i = 0; i < m; i++) { sg += gh[2 * i]; sh += gh[2 * i + 1]; }
  sums[0] = sg; sums[1] = sh;
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
