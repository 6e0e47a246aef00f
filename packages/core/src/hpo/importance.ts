/**
 * Hyper-parameter importance: mean decrease in impurity of a random forest (Optuna's
 * MeanDecreaseImpurityImportanceEvaluator; not fANOVA). 64 regression trees (CART, variance
 * criterion, bootstrap samples, every feature tried at each split, depth ≤ 64) fitted on the
 * complete trials: features are the parameters every complete trial has (log parameters in log
 * space, categoricals one-hot with their columns' importances summed), the target is the first
 * objective. Each tree's impurity decreases are normalised to sum 1, averaged over trees and
 * normalised again. Deterministic given the seed.
 */
import { createRng } from '../util/rng.ts';
import type { Rng } from '../util/rng.ts';
import type { SearchSpace } from './space.ts';
import { cardinality } from './space.ts';
import type { TrialRecord } from './types.ts';

export interface ImportanceOptions {
  /** @default 64 */
  nTrees: number;
  /** @default 64 */
  maxDepth: number;
  /** @default 0 */
  seed: number;
}

/** parameterImportance(space, trials, options) – name → importance (sums to 1), highest first; {} with fewer than 2 complete trials. */
export function parameterImportance(space: SearchSpace, trials: readonly TrialRecord[], options: Partial<ImportanceOptions> = {}): Record<string, number> {
  const o: ImportanceOptions = { nTrees: 64, maxDepth: 64, seed: 0, ...options };
  const done = trials.filter((t) => t.state === 'complete' && t.values && Number.isFinite(t.values[0]));
  const names = Object.keys(space).filter((n) => cardinality(space[n]) > 1 && done.length > 0 && done.every((t) => t.params[n] !== undefined));
  if (done.length < 2 || names.length === 0) return {};
  const cols: { owner: number; x: Float64Array }[] = [];
  names.forEach((n, k) => {
    const s = space[n];
    if (s.type === 'categorical') s.choices.forEach((c) => cols.push({ owner: k, x: Float64Array.from(done, (t) => (t.params[n] === c ? 1 : 0)) }));
    else cols.push({ owner: k, x: Float64Array.from(done, (t) => (s.log ? Math.log(t.params[n] as number) : (t.params[n] as number))) });
  });
  const y = Float64Array.from(done, (t) => t.values![0]);
  const rng = createRng(o.seed);
  const total = new Float64Array(cols.length);
  for (let tree = 0; tree < o.nTrees; tree++) {
    const idx = Array.from({ length: y.length }, () => rng.int(y.length));
    const imp = new Float64Array(cols.length);
    grow(idx, 0, cols.map((c) => c.x), y, imp, o.maxDepth, rng);
    const s = imp.reduce((a, b) => a + b, 0);
    if (s > 0) for (let j = 0; j < imp.length; j++) total[j] += imp[j] / s;
  }
  const byName = new Float64Array(names.length);
  cols.forEach((c, j) => { byName[c.owner] += total[j]; });
  const s = byName.reduce((a, b) => a + b, 0);
  const out = names.map((n, k) => [n, s > 0 ? byName[k] / s : 1 / names.length] as const).sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(out);
}

function grow(idx: number[], depth: number, X: Float64Array[], y: Float64Array, imp: Float64Array, maxDepth: number, rng: Rng): void {
  const n = idx.length;
  if (n < 2 || depth >= maxDepth) return;
  let sum = 0, sq = 0;
  for (const i of idx) { sum += y[i]; sq += y[i] * y[i]; }
  const sse = sq - (sum * sum) / n;
  if (sse <= 1e-12 * Math.max(1, sq)) return;
  let best = { gain: 0, f: -1, thr: 0 };
  // features in a random order so ties between equally good splits do not always favour the first
  const order = X.map((_, j) => j);
  for (let j = order.length - 1; j > 0; j--) { const k = rng.int(j + 1); [order[j], order[k]] = [order[k], order[j]]; }
  for (const f of order) {
    const x = X[f];
    const s = [...idx].sort((a, b) => x[a] - x[b]);
    let ls = 0, lq = 0;
    for (let k = 0; k < n - 1; k++) {
      const v = y[s[k]];
      ls += v; lq += v * v;
      if (x[s[k]] === x[s[k + 1]]) continue;
      const nl = k + 1, nr = n - nl, rs = sum - ls, rq = sq - lq;
      const gain = sse - (lq - (ls * ls) / nl) - (rq - (rs * rs) / nr);
      if (gain > best.gain) best = { gain, f, thr: 0.5 * (x[s[k]] + x[s[k + 1]]) };
    }
  }
  if (best.f < 0) return;
  imp[best.f] += best.gain;
  const x = X[best.f];
  grow(idx.filter((i) => x[i] <= best.thr), depth + 1, X, y, imp, maxDepth, rng);
  grow(idx.filter((i) => x[i] > best.thr), depth + 1, X, y, imp, maxDepth, rng);
}
