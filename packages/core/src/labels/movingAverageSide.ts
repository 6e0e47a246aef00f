/**
 * movingAverageSide(close, window) – a simple primary rule for meta-labelling: side_t = +1 when
 * c_t > SMA_w(t), −1 when c_t < SMA_w(t), 0 when equal or before the window is full (t < w − 1).
 * SMA over c_{t−w+1..t} (includes t: known at the bar's close). Causal.
 */
export function movingAverageSide(close: Float64Array, window: number): Int8Array {
  if (!Number.isInteger(window) || window <= 0) throw new Error(`movingAverageSide: window must be a positive integer; was ${window}`);
  const n = close.length;
  const out = new Int8Array(n);
  let s = 0;
  for (let t = 0; t < n; t++) {
    s += close[t];
    if (t >= window) s -= close[t - window];
    if ((t & 1023) === 0 && t >= window - 1) {
      s = 0;
      for (let j = t - window + 1; j <= t; j++) s += close[j];
    }
    if (t < window - 1) continue;
    const ma = s / window;
    out[t] = close[t] > ma ? 1 : close[t] < ma ? -1 : 0;
  }
  return out;
}
