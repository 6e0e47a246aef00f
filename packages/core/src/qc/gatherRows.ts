/** gather(col, rows) → a new Float64Array with col[rows[k]] at k. */
export function gather(col: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
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
