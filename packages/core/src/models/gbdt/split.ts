/**
 * The best split of a node from its histogram (scikit-learn's Splitter). For each feature, bins are
 * scanned left to right with missing values on the right, then (when the feature has missing values in
 * training) right to left with missing values on the left; the gain of a split is
 *   G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)   (λ plus scikit-learn's 1e-15 guard),
 * children need `minSamplesLeaf` samples and a hessian sum of at least 1e-3, and a split must gain > 0.
 * Ties keep the first found (lowest feature, then lowest bin, left-to-right scan first).
 */

/** The smallest hessian sum a child may have (scikit-learn's min_hessian_to_split). */
const MIN_HESSIAN = 1e-3;

/** The best split found for a node (gain −1: none). */
export interface SplitInfo {
  gain: number;
  feature: number;
  /** Bins ≤ bin go left (finite values x ≤ threshold[bin]). */
  bin: number;
  missingLeft: boolean;
  gL: number; hL: number; nL: number;
  gR: number; hR: number; nR: number;
}

export function emptySplit(): SplitInfo {
  return { gain: -1, feature: -1, bin: -1, missingLeft: false, gL: 0, hL: 0, nL: 0, gR: 0, hR: 0, nR: 0 };
}

/** leafValue(G, H, λ) – the Newton step −G/(H + λ) of a leaf (with scikit-learn's 1e-15 guard). */
export function leafValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/** The node totals and limits a split search needs. */
export interface SplitContext {
  p: number;
  stride: number;
  /** Finite bins per feature. */
  nBins: Int32Array;
  /** 1 where the feature has missing values among the training rows. */
  hasMissing: Uint8Array;
  minSamplesLeaf: number;
  l2: number;
}

/**
 * findBestSplit(hist, sumG, sumH, n, ctx, out, f0?, f1?) – writes the node's best split among features
 * f0..f1 (default all) into `out` (gain −1 when none). The best of disjoint ascending ranges, taking a
 * later range's only when its gain is strictly larger, is the best over their union.
 */
export function findBestSplit(hist: Float64Array, sumG: number, sumH: number, n: number, ctx: SplitContext, out: SplitInfo, f0 = 0, f1 = ctx.p): SplitInfo {
  const { stride, nBins, hasMissing, minSamplesLeaf: msl } = ctx;
  const l2 = ctx.l2 + 1e-15;
  const parentScore = (sumG * sumG) / (sumH + l2);
  out.gain = -1; out.feature = -1;
  for (let f = f0; f < f1; f++) {
    const base = f * stride * 3, nb = nBins[f], miss = hasMissing[f] === 1;
    let best = out.gain;
    // left to right, missing values go right
    let gL = 0, hL = 0, nL = 0;
    const end = miss ? nb : nb - 1;
    for (let b = 0; b < end; b++) {
      const j = base + b * 3;
      const g = hist[j], h = hist[j + 1], c = hist[j + 2];
      // an empty bin (all three exactly 0) repeats the previous candidate: its gain cannot be strictly better
      if (b > 0 && c === 0 && g === 0 && h === 0) continue;
      gL += g; hL += h; nL += c;
      const nR = n - nL, hR = sumH - hL, gR = sumG - gL;
      if (nL < msl || hL < MIN_HESSIAN) continue;
      if (nR < msl || hR < MIN_HESSIAN) break;
      const gain = (gL * gL) / (hL + l2) + (gR * gR) / (hR + l2) - parentScore;
      if (gain > best && gain > 0) {
        best = gain;
        out.gain = gain; out.feature = f; out.bin = b; out.missingLeft = false;
        out.gL = gL; out.hL = hL; out.nL = nL; out.gR = gR; out.hR = hR; out.nR = nR;
      }
    }
    if (!miss) continue;
    // right to left, missing values go left
    let gR = 0, hR = 0, nR = 0;
    for (let b = nb - 2; b >= 0; b--) {
      const j = base + (b + 1) * 3;
      const g = hist[j], h = hist[j + 1], c = hist[j + 2];
      if (b < nb - 2 && c === 0 && g === 0 && h === 0) continue;
      gR += g; hR += h; nR += c;
      const nL2 = n - nR, hL2 = sumH - hR, gL2 = sumG - gR;
      if (nR < msl || hR < MIN_HESSIAN) continue;
      if (nL2 < msl || hL2 < MIN_HESSIAN) break;
      const gain = (gL2 * gL2) / (hL2 + l2) + (gR * gR) / (hR + l2) - parentScore;
      if (gain > best && gain > 0) {
        best = gain;
        out.gain = gain; out.feature = f; out.bin = b; out.missingLeft = true;
        out.gL = gL2; out.hL = hL2; out.nL = nL2; out.gR = gR; out.hR = hR; out.nR = nR;
      }
    }
  }
  return out;
}
