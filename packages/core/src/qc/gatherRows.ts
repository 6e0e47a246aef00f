/**
 * Row runs: kept rows are mostly contiguous, so gathering copies whole runs with
 * TypedArray#set (memcpy) instead of element by element.
 * rowRuns(rows) → flat triples [srcStart, length, dstStart, ...].
 */
export function rowRuns(rows: Int32Array): Int32Array {
  const m = rows.length;
  let count = m > 0 ? 1 : 0;
  for (let k = 1; k < m; k++) if (rows[k] !== rows[k - 1] + 1) count++;
  const runs = new Int32Array(count * 3);
  let r = 0;
  let start = 0;
  for (let k = 1; k <= m; k++) {
    if (k === m || rows[k] !== rows[k - 1] + 1) {
      runs[r] = rows[start];
      runs[r + 1] = k - start;
      runs[r + 2] = start;
      r += 3;
      start = k;
    }
  }
  return runs;
}

/**
 * gather(col, rows, runs?) → a new Float64Array with col[rows[k]] at k. Whole runs are copied with
 * TypedArray#set when they are long (on average ≥ 16 rows); fragmented rows (e.g. every other row
 * dropped) are copied element by element, which is cheaper than one subarray per short run.
 */
export function gather(col: Float64Array, rows: Int32Array, runs: Int32Array = rowRuns(rows)): Float64Array {
  const m = rows.length;
  const out = new Float64Array(m);
  if (runs.length * 16 > m * 3) {
    for (let k = 0; k < m; k++) out[k] = col[rows[k]];
    return out;
  }
  for (let r = 0; r < runs.length; r += 3) out.set(col.subarray(runs[r], runs[r] + runs[r + 1]), runs[r + 2]);
  return out;
}

/** keptRows(order, keep) → the kept row indices in time order. */
export function keptRows(order: Int32Array | null, keep: Uint8Array): Int32Array {
  const n = keep.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i];
  const rows = new Int32Array(m);
  let k = 0;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    if (keep[i]) rows[k++] = i;
  }
  return rows;
}

/** True when rows is exactly 0..n−1 (nothing dropped or moved). */
export function isIdentity(rows: Int32Array, n: number): boolean {
  if (rows.length !== n) return false;
  for (let k = 0; k < n; k++) if (rows[k] !== k) return false;
  return true;
}
