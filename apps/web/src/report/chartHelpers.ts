/** Small pure helpers for the report's charts: axis date labels and coincident scatter points. */

const iso = (v: number) => new Date(v).toISOString();

/**
 * axisDateFormatter(first, last) – a UTC axis label for a time axis spanning [first, last] (ms):
 * "MM-DD HH:mm" within one calendar year; with the year ("YYYY-MM-DD HH:mm", or "YYYY-MM-DD" over more
 * than 30 days) when the span crosses a year, so a label never leaves the reader guessing which January.
 */
export function axisDateFormatter(first: number, last: number): (v: number) => string {
  const crosses = Number.isFinite(first) && Number.isFinite(last) && new Date(first).getUTCFullYear() !== new Date(last).getUTCFullYear();
  if (!crosses) return (v) => iso(v).slice(5, 16).replace('T', ' ');
  const long = Math.abs(last - first) > 30 * 86_400_000;
  return long ? (v) => iso(v).slice(0, 10) : (v) => iso(v).slice(0, 16).replace('T', ' ');
}

export interface CountedPoint {
  x: number;
  y: number;
  /** How many input points share this exact coordinate. */
  count: number;
}

/**
 * countCoincident(xs, ys) – the distinct (x, y) pairs with how many points share each, in order of first
 * appearance; non-finite pairs are dropped. A scatter of CSCV combinations repeats the same IS/OOS pair
 * thousands of times: drawn one dot per point they would look like one dot, so the chart sizes each
 * distinct point by its count instead.
 */
export function countCoincident(xs: ArrayLike<number>, ys: ArrayLike<number>): CountedPoint[] {
  if (xs.length !== ys.length) throw new Error(`xs and ys must have the same length; were ${xs.length} and ${ys.length}`);
  const at = new Map<string, CountedPoint>();
  const out: CountedPoint[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const key = `${x} ${y}`;
    const p = at.get(key);
    if (p) p.count++;
    else { const q = { x, y, count: 1 }; at.set(key, q); out.push(q); }
  }
  return out;
}

/** scatterSymbolSize(count) – marker diameter in px: 4 for one point, area ∝ count (4·√count), at most 28 px (49 points or more). */
export function scatterSymbolSize(count: number): number {
  return Math.min(28, 4 * Math.sqrt(Math.max(1, count)));
}
