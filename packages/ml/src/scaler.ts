/** Per-feature standardisation fitted on training values only (finite values; sd 1 when constant). */
export interface Scaler { mean: Float64Array; scale: Float64Array }

/** fitScaler(p, forEachRow) – mean and sd per feature of every finite value the visitor yields. */
export function fitScaler(p: number, visit: (add: (values: ArrayLike<number>, offset: number) => void) => void): Scaler {
  const n = new Float64Array(p), mean = new Float64Array(p), m2 = new Float64Array(p);
  visit((v, o) => {
    for (let j = 0; j < p; j++) {
      const x = v[o + j];
      if (!Number.isFinite(x)) continue;
      n[j]++;
      const d = x - mean[j];
      mean[j] += d / n[j];
      m2[j] += d * (x - mean[j]);
    }
  });
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) { const sd = n[j] > 1 ? Math.sqrt(m2[j] / (n[j] - 1)) : 0; scale[j] = sd > 1e-12 ? sd : 1; }
  return { mean, scale };
}

/** scalerToJSON / scalerFromJSON – plain arrays. */
export const scalerToJSON = (s: Scaler) => ({ mean: Array.from(s.mean), scale: Array.from(s.scale) });
export const scalerFromJSON = (o: { mean: number[]; scale: number[] }): Scaler => ({ mean: Float64Array.from(o.mean), scale: Float64Array.from(o.scale) });
