/**
 * logReturnsMulti(close, periods) – ret_k = ln c_t − ln c_{t−k} for several k with ONE ln per bar
 * (identical to ln(c_t / c_{t−k}) up to a few 1e-15 absolute); NaN for t < k. The smallest period's
 * column first holds ln c and is turned into returns in place (backwards), so no scratch array is needed.
 * Returns one column per period, in the given order.
 */
export function logReturnsMulti(close: Float64Array, periods: readonly number[]): Float64Array[] {
  for (const k of periods) if (!Number.isInteger(k) || k <= 0) throw new Error(`logReturnsMulti: periods must be positive integers; was ${k}`);
  const n = close.length;
  if (periods.length === 0) return [];
  let iMin = 0;
  for (let i = 1; i < periods.length; i++) if (periods[i] < periods[iMin]) iMin = i;
  const ln = new Float64Array(n);
  for (let t = 0; t < n; t++) ln[t] = Math.log(close[t]);
  const out = periods.map((_, i) => (i === iMin ? ln : new Float64Array(n)));
  for (let i = 0; i < periods.length; i++) {
    if (i === iMin) continue;
    const k = periods[i];
    const col = out[i];
    if (k === periods[iMin]) {
      col.set(ln);
    } else {
      for (let t = 0; t < Math.min(k, n); t++) col[t] = NaN;
      for (let t = k; t < n; t++) col[t] = ln[t] - ln[t - k];
    }
  }
  // duplicates of the smallest period copied ln above; finish them like the smallest column
  const k0 = periods[iMin];
  for (let i = 0; i < periods.length; i++) {
    if (periods[i] !== k0) continue;
    const col = out[i];
    for (let t = n - 1; t >= k0; t--) col[t] = col[t] - col[t - k0];
    for (let t = 0; t < Math.min(k0, n); t++) col[t] = NaN;
  }
  return out;
}
