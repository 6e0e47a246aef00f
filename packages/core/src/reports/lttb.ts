/** Options of {@link lttb}. */
export interface LttbOptions {
  /** Write the selected x values here (length ≥ threshold) instead of allocating. */
  outputX?: Float64Array;
  /** Write the selected y values here (length ≥ threshold) instead of allocating. */
  outputY?: Float64Array;
}

/** A downsampled series: the chosen points and their positions in the input. */
export interface LttbResult {
  x: Float64Array;
  y: Float64Array;
  /** Input position of each chosen point (ascending). */
  index: Int32Array;
}

/**
 * lttb(x, y, threshold) – Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013, §4.2):
 * keeps the first and last points; the n − 2 inner points are cut into threshold − 2 buckets of
 * equal count (bucket j covers positions ⌊j·every⌋+1 .. ⌊(j+1)·every⌋, every = (n−2)/(threshold−2));
 * from each bucket it keeps the point forming the largest triangle with the previously kept point
 * and the mean of the next bucket (the last point for the final bucket). Ties keep the first point.
 * One pass, O(n). When n ≤ threshold (or threshold < 3) every point is returned.
 * Points with a non-finite y never win a bucket unless the whole bucket is non-finite.
 * x must be ascending; inputs are never mutated.
 */
export function lttb(x: Float64Array, y: Float64Array, threshold: number, options: LttbOptions = {}): LttbResult {
  const n = x.length;
  if (y.length !== n) throw new Error(`lttb: x.length (${n}) must equal y.length (${y.length})`);
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw new Error(`lttb: threshold must be a non-negative number; was ${threshold}`);
  const m = Math.floor(threshold);
  if (m >= n || m < 3) {
    const index = new Int32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
    return { x: x.slice(), y: y.slice(), index };
  }
  const outX = options.outputX ? options.outputX.subarray(0, m) : new Float64Array(m);
  const outY = options.outputY ? options.outputY.subarray(0, m) : new Float64Array(m);
  const index = new Int32Array(m);
  const every = (n - 2) / (m - 2);
  let a = 0;
  index[0] = 0; outX[0] = x[0]; outY[0] = y[0];
  for (let j = 0; j < m - 2; j++) {
    const start = Math.floor(j * every) + 1;
    const end = Math.floor((j + 1) * every) + 1; // exclusive
    // mean of the next bucket (or the last point)
    const nStart = end;
    const nEnd = j === m - 3 ? n : Math.min(n, Math.floor((j + 2) * every) + 1);
    let avgX = 0, avgY = 0, cnt = 0;
    for (let i = nStart; i < nEnd; i++) {
      if (!Number.isFinite(y[i])) continue;
      avgX += x[i]; avgY += y[i]; cnt++;
    }
    if (cnt > 0) { avgX /= cnt; avgY /= cnt; } else { avgX = x[n - 1]; avgY = y[n - 1]; }
    const ax = x[a], ay = y[a];
    let best = -1, bestArea = -1;
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(y[i])) continue;
      const area = Math.abs((ax - avgX) * (y[i] - ay) - (ax - x[i]) * (avgY - ay));
      if (area > bestArea) { bestArea = area; best = i; }
    }
    if (best < 0) best = start;
    index[j + 1] = best; outX[j + 1] = x[best]; outY[j + 1] = y[best];
    a = best;
  }
  index[m - 1] = n - 1; outX[m - 1] = x[n - 1]; outY[m - 1] = y[n - 1];
  return { x: outX, y: outY, index };
}
