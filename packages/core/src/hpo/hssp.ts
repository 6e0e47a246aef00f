/**
 * Hypervolume subset selection, as Optuna 5.0.0's multi-objective TPE splits its "below" set
 * (`optuna/_hypervolume/hssp.py`, `samplers/_tpe/sampler.py`): when the best non-domination ranks do not fill the
 * below set exactly, the points of the next rank are chosen greedily by hypervolume contribution (a 1 − 1/e
 * approximation, Guerreiro et al. 2016) against a reference point 1.1 × the worst value of that rank.
 * Two objectives: Optuna's O(k·n) rectangle update, operation for operation. More objectives: the same greedy with
 * exact contributions from a slicing hypervolume – Optuna's lazy update picks the same points (it skips only
 * candidates whose upper bound is below the best exact contribution), up to rounding in near-ties.
 */

const EPS = 1e-12;

/** hypervolume(points, ref) – the volume dominated by `points` (minimised) and bounded by `ref`, by slicing the last objective. */
export function hypervolume(points: readonly number[][], ref: readonly number[]): number {
  const d = ref.length;
  const pts = points.filter((p) => p.every((x, i) => x < ref[i]));
  if (pts.length === 0) return 0;
  if (d === 1) return ref[0] - Math.min(...pts.map((p) => p[0]));
  if (d === 2) {
    const s = [...pts].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let v = 0, y = ref[1];
    for (const p of s) if (p[1] < y) { v += (ref[0] - p[0]) * (y - p[1]); y = p[1]; }
    return v;
  }
  const s = [...pts].sort((a, b) => a[d - 1] - b[d - 1]);
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const top = i + 1 < s.length ? s[i + 1][d - 1] : ref[d - 1];
    if (top > s[i][d - 1]) v += (top - s[i][d - 1]) * hypervolume(s.slice(0, i + 1).map((p) => p.slice(0, d - 1)), ref.slice(0, d - 1));
  }
  return v;
}

/** Optuna's `_get_reference_point`: max(1.1 · worst, 0.9 · worst) per objective, 0 → EPS. */
export function hsspReferencePoint(lvals: readonly number[][]): number[] {
  return lvals[0].map((_, m) => {
    let w = -Infinity;
    for (const p of lvals) w = Math.max(w, p[m]);
    const r = Math.max(1.1 * w, 0.9 * w);
    return r === 0 ? EPS : r;
  });
}

const lexCompare = (a: readonly number[], b: readonly number[]) => { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1; return 0; };

function greedy2d(vals: number[][], ids: number[], k: number, ref: readonly number[]): number[] {
  let order = vals.map((_, i) => i), rv = vals.map((v) => [...v]), rect = vals.map(() => [ref[0], ref[1]]);
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    let best = 0, bestC = -Infinity;
    for (let j = 0; j < rv.length; j++) { const c = (rect[j][0] - rv[j][0]) * (rect[j][1] - rv[j][1]); if (c > bestC) { bestC = c; best = j; } }
    out.push(ids[order[best]]);
    const lv = rv[best];
    order = order.filter((_, j) => j !== best); rect = rect.filter((_, j) => j !== best); rv = rv.filter((_, j) => j !== best);
    for (let j = 0; j < rect.length; j++) { if (j < best) rect[j][0] = Math.min(lv[0], rect[j][0]); else rect[j][1] = Math.min(lv[1], rect[j][1]); }
  }
  return out;
}

function greedyNd(vals: number[][], ids: number[], k: number, ref: readonly number[]): number[] {
  const left = vals.map((_, i) => i), chosen: number[][] = [], out: number[] = [];
  let hv = 0;
  for (let s = 0; s < k; s++) {
    let best = 0, bestC = -Infinity;
    left.forEach((i, j) => { const c = hypervolume([...chosen, vals[i]], ref) - hv; if (c > bestC) { bestC = c; best = j; } });
    const i = left.splice(best, 1)[0];
    chosen.push(vals[i]); hv += bestC; out.push(ids[i]);
  }
  return out;
}

/**
 * solveHssp(lvals, indices, k, ref) – Optuna's `_solve_hssp`: k of the points (loss values, minimised), returned as
 * entries of `indices`. Duplicate points count once until every distinct point is chosen (then the first duplicates).
 */
export function solveHssp(lvals: readonly number[][], indices: readonly number[], k: number, ref: readonly number[]): number[] {
  if (k === indices.length) return [...indices];
  // np.unique(lvals, axis=0, return_index=True): distinct rows in lexicographic order, each with its first position
  const byRow = lvals.map((_, i) => i).sort((a, b) => lexCompare(lvals[a], lvals[b]) || a - b);
  const uniq: number[] = [];
  for (const i of byRow) if (uniq.length === 0 || lexCompare(lvals[uniq[uniq.length - 1]], lvals[i]) !== 0) uniq.push(i);
  if (uniq.length < k) {
    const chosen = new Array<boolean>(indices.length).fill(false);
    for (const i of uniq) chosen[i] = true;
    let extra = k - uniq.length;
    for (let i = 0; i < indices.length && extra > 0; i++) if (!chosen[i]) { chosen[i] = true; extra--; }
    return indices.filter((_, i) => chosen[i]);
  }
  const vals = uniq.map((i) => [...lvals[i]]);
  let picked: number[];
  if (!ref.every(Number.isFinite)) picked = uniq.slice(0, k);
  else if (uniq.length === k) picked = uniq;
  else picked = ref.length === 2 ? greedy2d(vals, uniq, k, ref) : greedyNd(vals, uniq, k, ref);
  return picked.map((i) => indices[i]);
}
