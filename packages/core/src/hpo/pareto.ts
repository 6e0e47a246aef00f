/** Pareto dominance for multi-objective studies (values already signed: smaller is better). */
import type { Direction, TrialRecord } from './types.ts';

/** signedValues(values, directions) – each value negated for maximised objectives, so smaller is better. */
export const signedValues = (values: readonly number[], directions: readonly Direction[]): number[] => values.map((v, i) => (directions[i] === 'maximize' ? -v : v));

/** dominates(a, b) – a is no worse in every (signed) objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) { if (a[i] > b[i]) return false; if (a[i] < b[i]) better = true; }
  return better;
}

/** nonDominationRanks(points) – 0 for the Pareto front, 1 for the front once it is removed, … */
export function nonDominationRanks(points: readonly number[][]): Int32Array {
  const n = points.length, rank = new Int32Array(n).fill(-1);
  let left = n, r = 0;
  while (left > 0) {
    const front: number[] = [];
    for (let i = 0; i < n; i++) {
      if (rank[i] >= 0) continue;
      let dominated = false;
      for (let j = 0; j < n && !dominated; j++) if (j !== i && rank[j] < 0 && dominates(points[j], points[i])) dominated = true;
      if (!dominated) front.push(i);
    }
    for (const i of front) rank[i] = r;
    left -= front.length;
    r++;
  }
  return rank;
}

/** paretoFront(trials, directions) – the complete trials no other complete trial dominates, in number order. */
export function paretoFront(trials: readonly TrialRecord[], directions: readonly Direction[]): TrialRecord[] {
  const done = trials.filter((t) => t.state === 'complete' && t.values && t.values.every(Number.isFinite));
  const pts = done.map((t) => signedValues(t.values!, directions));
  return done.filter((_, i) => !pts.some((p, j) => j !== i && dominates(p, pts[i])));
}
