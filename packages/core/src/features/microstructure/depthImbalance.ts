import type { BookSnapshots } from '../../data/types.ts';

/** Options for {@link depthImbalance}. */
export interface DepthImbalanceOptions {
  /** Write into this array (length = snapshot rows) instead of allocating. */
  output?: Float64Array;
}

/**
 * depthImbalance(snapshots, levels) – `(Σ₁..L bid size − Σ₁..L ask size) / (Σ bid size + Σ ask size)`
 * per snapshot row, in [−1, 1]. A missing level (NaN) counts as size 0; a row with no size on either
 * side is NaN (book unknown).
 * @param levels number of best levels per side, 1..snapshots.depth. @default 5
 */
export function depthImbalance(snapshots: BookSnapshots, levels = 5, options: DepthImbalanceOptions = {}): Float64Array {
  const { depth, ts, bidQty, askQty } = snapshots;
  if (!Number.isInteger(levels) || levels < 1 || levels > depth) {
    throw new Error(`depthImbalance: levels must be an integer in 1..${depth} (the snapshot depth); was ${levels}`);
  }
  const n = ts.length;
  if (bidQty.length !== n * depth || askQty.length !== n * depth) {
    throw new Error(`depthImbalance: snapshots level arrays must hold ${n} × ${depth} values; got ${bidQty.length} and ${askQty.length}`);
  }
  const out = options.output ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let bid = 0;
    let ask = 0;
    const o = i * depth;
    for (let k = 0; k < levels; k++) {
      const qb = bidQty[o + k];
      const qa = askQty[o + k];
      if (qb === qb) bid += qb;
      if (qa === qa) ask += qa;
    }
    const total = bid + ask;
    out[i] = total > 0 ? (bid - ask) / total : NaN;
  }
  return out;
}
