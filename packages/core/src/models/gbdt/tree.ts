/** One fitted regression tree of the ensemble, as flat arrays (node 0 is the root). */
export interface GbdtTree {
  /** Split feature of each node; −1 at a leaf. */
  feature: Int32Array;
  /** Threshold bin of each node: finite values in bins ≤ this one go left. */
  bin: Int32Array;
  /** The bin's upper edge: finite x ≤ threshold go left (+∞ when the split separates missing values only). */
  threshold: Float64Array;
  /** 1 when missing (NaN) values go left. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (already multiplied by the learning rate); 0 at inner nodes. */
  value: Float64Array;
}

/** thresholdOf(thresholds, bin) – the numeric threshold of a split at `bin` (+∞ past the last edge). */
export function thresholdOf(thresholds: Float64Array, bin: number): number {
  return bin < thresholds.length ? thresholds[bin] : Number.POSITIVE_INFINITY;
}

/** treeValue(tree, X, offset) – the leaf value the row starting at X[offset] reaches (NaN follows missingLeft). */
export function treeValue(tree: GbdtTree, X: Float64Array, offset: number): number {
  const { feature, threshold, missingLeft, left, right } = tree;
  let n = 0;
  while (feature[n] >= 0) {
    const x = X[offset + feature[n]];
    n = x === x ? (x <= threshold[n] ? left[n] : right[n]) : (missingLeft[n] === 1 ? left[n] : right[n]);
  }
  return tree.value[n];
}
