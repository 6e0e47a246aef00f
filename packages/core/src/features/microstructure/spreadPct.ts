import type { BookSnapshots } from '../../data/types.ts';

/** Options for {@link spreadPct}. */
export interface SpreadPctOptions {
  /** Write into this array (length = snapshot rows) instead of allocating. */
  output?: Float64Array;
}

/**
 * spreadPct(snapshots) – relative quoted spread per snapshot row:
 * `spread_pct = (ask₁ − bid₁) / mid`, `mid = (ask₁ + bid₁) / 2`.
 * NaN when either best level is missing (NaN) in that row. Sampled at whatever time the row is
 * (for capture bars: the book at bar close, carried forward through bars without a diff).
 */
export function spreadPct(snapshots: BookSnapshots, options: SpreadPctOptions = {}): Float64Array {
  const { depth, ts, bidPx, askPx } = snapshots;
  const n = ts.length;
  if (bidPx.length !== n * depth || askPx.length !== n * depth) {
    throw new Error(`spreadPct: snapshots level arrays must hold ${n} × ${depth} values; got ${bidPx.length} and ${askPx.length}`);
  }
  const out = options.output ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bidPx[i * depth];
    const a = askPx[i * depth];
    out[i] = (a - b) / ((a + b) / 2);
  }
  return out;
}
