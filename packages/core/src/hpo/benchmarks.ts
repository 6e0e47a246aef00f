/**
 * Built-in benchmark objectives for checking a sampler (`--objective bench:NAME`), on their usual
 * domains: Branin (x1 ∈ [−5, 10], x2 ∈ [0, 15]; minimum 0.397887), Hartmann-6 (x ∈ [0, 1]^6; minimum
 * −3.32237) and Rosenbrock-4 (x ∈ [−2, 2]^4, the domain Optuna's anchor used; minimum 0 at (1, 1, 1, 1)). All minimised.
 */
import type { Params, SearchSpace } from './space.ts';

export interface BenchmarkObjective {
  name: string;
  space: SearchSpace;
  /** The global minimum. */
  optimum: number;
  evaluate(params: Params): number;
}

const f = (low: number, high: number) => ({ type: 'float' as const, low, high, log: false, step: null });
const xs = (p: Params, n: number, prefix = 'x', from = 0) => Array.from({ length: n }, (_, i) => p[`${prefix}${i + from}`] as number);

export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const HA = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const HP = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const HALPHA = [1.0, 1.2, 3.0, 3.2];

export function hartmann6(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += HA[i][j] * (x[j] - HP[i][j] * 1e-4) ** 2;
    s += HALPHA[i] * Math.exp(-e);
  }
  return -s;
}

export function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1) ** 2;
  return s;
}

export const BENCHMARK_OBJECTIVES: Record<string, BenchmarkObjective> = {
  'bench:branin': { name: 'bench:branin', space: { x1: f(-5, 10), x2: f(0, 15) }, optimum: 0.397887, evaluate: (p) => branin(p.x1 as number, p.x2 as number) },
  'bench:hartmann6': { name: 'bench:hartmann6', space: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i}`, f(0, 1)])), optimum: -3.32237, evaluate: (p) => hartmann6(xs(p, 6)) },
  'bench:rosenbrock4': { name: 'bench:rosenbrock4', space: Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`x${i}`, f(-2, 2)])), optimum: 0, evaluate: (p) => rosenbrock(xs(p, 4)) },
};
