import type { BookSnapshots } from '../data/types.ts';

/**
 * snapshotsAsOf(barCloseTs, snapshots) – one book row per bar: the last snapshot with ts ≤ the bar's
 * close time (causal as-of), all-NaN when none is known yet. Use it to line a capture's book up with
 * bars from another file. Snapshot ts must be non-decreasing.
 */
export function snapshotsAsOf(barCloseTs: Float64Array, snapshots: BookSnapshots): BookSnapshots {
  const d = snapshots.depth;
  const n = barCloseTs.length;
  const m = snapshots.ts.length;
  const out: BookSnapshots = {
    symbol: snapshots.symbol, depth: d, ts: new Float64Array(n),
    bidPx: new Float64Array(n * d), bidQty: new Float64Array(n * d), askPx: new Float64Array(n * d), askQty: new Float64Array(n * d),
  };
  let j = -1;
  for (let i = 0; i < n; i++) {
    const T = barCloseTs[i];
    if (i > 0 && T < barCloseTs[i - 1]) throw new Error(`snapshotsAsOf: barCloseTs must be non-decreasing; row ${i}`);
    while (j + 1 < m && snapshots.ts[j + 1] <= T) j++;
    out.ts[i] = T;
    for (let k = 0; k < d; k++) {
      const a = i * d + k;
      const b = j * d + k;
      out.bidPx[a] = j < 0 ? NaN : snapshots.bidPx[b];
      out.bidQty[a] = j < 0 ? NaN : snapshots.bidQty[b];
      out.askPx[a] = j < 0 ? NaN : snapshots.askPx[b];
      out.askQty[a] = j < 0 ? NaN : snapshots.askQty[b];
    }
  }
  return out;
}
