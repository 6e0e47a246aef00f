/**
 * Samplers: random, grid and TPE. A sampler gets the study's space, its trials so far and the study's random
 * streams (streams.ts: Optuna's numpy RandomStates, continued from trial to trial) and returns the active parameters
 * in declaration order. TPE and random consume the streams in exactly the order Optuna 5.0.0's TPESampler(seed) /
 * RandomSampler(seed) do, so a study with seed s gives Optuna's trials.
 */
import { UserInputError } from '../util/errors.ts';
import type { Params, SearchSpace } from './space.ts';
import { cardinality, isActive, toExternal, toInternal } from './space.ts';
import type { Direction, SamplerConfig, TrialRecord } from './types.ts';
import { buildParzenEstimator, defaultWeights, parzenLogPdf, sampleParzen } from './parzen.ts';
import type { ParzenOptions } from './parzen.ts';
import { nonDominationRanks, signedValues } from './pareto.ts';
import { byCodePoint, randomValue } from './streams.ts';
import { hsspReferencePoint, solveHssp } from './hssp.ts';
import type { SamplerStreams } from './streams.ts';

export interface SampleContext {
  space: SearchSpace;
  directions: readonly Direction[];
  /** Every trial of the study except the one being sampled. */
  trials: readonly TrialRecord[];
  trialNumber: number;
  /** The study's streams, where the previous trial's sampling left them; the sampler advances them. */
  streams: SamplerStreams;
}

export interface Sampler {
  readonly kind: SamplerConfig['kind'];
  /** Number of distinct points (grid), Infinity otherwise: a study stops when it is used up. */
  size(space: SearchSpace): number;
  sample(ctx: SampleContext): Params;
}

export function createRandomSampler(): Sampler {
  return {
    kind: 'random',
    size: () => Infinity,
    sample: ({ space, streams }) => {
      const p: Params = {};
      for (const [name, spec] of Object.entries(space)) if (isActive(spec, p)) p[name] = randomValue(spec, streams.random);
      return p;
    },
  };
}

/** gridPoints(space) – every combination (last parameter fastest), inactive parameters dropped, duplicates removed. */
export function gridPoints(space: SearchSpace): Params[] {
  const names = Object.keys(space);
  for (const n of names) if (!Number.isFinite(cardinality(space[n]))) throw new UserInputError(`space.${n}`, 'expected a step or choices for the grid sampler (a continuous float has no grid)');
  const values = names.map((n) => { const s = space[n]; return Array.from({ length: cardinality(s) }, (_, i) => (s.type === 'categorical' ? s.choices[i] : s.low + i * s.step!)); });
  const out: Params[] = [], seen = new Set<string>();
  const idx = new Array<number>(names.length).fill(0);
  while (true) {
    const p: Params = {};
    names.forEach((n, j) => { if (isActive(space[n], p)) p[n] = values[j][idx[j]]; });
    const key = JSON.stringify(p);
    if (!seen.has(key)) { seen.add(key); out.push(p); }
    let j = names.length - 1;
    while (j >= 0 && ++idx[j] === values[j].length) idx[j--] = 0;
    if (j < 0) break;
    if (out.length > 1_000_000) throw new UserInputError('space', 'expected a grid of at most 1,000,000 points');
  }
  return out;
}

/** The grid sampler hands out grid points in order, skipping points an earlier trial already took. */
export function createGridSampler(): Sampler {
  let cache: { key: SearchSpace; points: Params[] } | null = null;
  const points = (space: SearchSpace) => (cache && cache.key === space ? cache.points : (cache = { key: space, points: gridPoints(space) }).points);
  return {
    kind: 'grid',
    size: (space) => points(space).length,
    sample: ({ space, trials }) => {
      const taken = new Set(trials.filter((t) => t.state !== 'failed' || t.retryOf !== null).map((t) => JSON.stringify(t.params)));
      const pts = points(space);
      return pts.find((p) => !taken.has(JSON.stringify(p))) ?? pts[trials.length % pts.length];
    },
  };
}

export interface TpeOptions {
  /** Random trials before TPE starts. @default 10 */
  nStartupTrials: number;
  /** Candidates drawn from l(x) per trial. @default 24 */
  nEiCandidates: number;
  /** One joint Parzen estimator over the parameters every trial has (Optuna 5 default for one objective); false: one per parameter. @default true for one objective, false for several */
  multivariate?: boolean;
  /**
   * Optuna's `group`: split the parameters into groups that always occur together in the complete / pruned trials
   * (groupDecomposedSpace) and sample each group with its own joint estimator, so conditional parameters are
   * sampled jointly too. Implies multivariate. @default false
   */
  group?: boolean;
  /** Running trials count as "above" (bad) so parallel workers spread out. @default true */
  constantLiar: boolean;
  parzen: ParzenOptions;
}

/** gamma(n) – size of the "below" (good) set: min(⌈0.1 n⌉, 25); several objectives: ⌈0.1 n⌉. */
export const tpeGamma = (n: number, objectives = 1): number => (objectives > 1 ? Math.ceil(0.1 * n) : Math.min(Math.ceil(0.1 * n), 25));

/**
 * groupDecomposedSpace(trials, order) – Optuna's `_SearchSpaceGroup`: starting from no groups, each trial's
 * parameter set splits every group into the part it has and the part it lacks, and its parameters in no group
 * form a new one; empty groups are dropped. Names in each group follow `order` (the space's declaration order).
 */
export function groupDecomposedSpace(trials: readonly TrialRecord[], order: readonly string[]): string[][] {
  let groups: string[][] = [];
  for (const t of trials) {
    const keys = new Set(Object.keys(t.params));
    const next: string[][] = [];
    for (const g of groups) {
      next.push(g.filter((n) => keys.has(n)), g.filter((n) => !keys.has(n)));
      for (const n of g) keys.delete(n);
    }
    next.push(order.filter((n) => keys.has(n)));
    groups = next.filter((g) => g.length > 0);
  }
  return groups;
}

/** The last reported (step, value) of a pruned trial, scored as Optuna: later steps first, then value. */
function prunedScore(t: TrialRecord, dir: Direction): [number, number] {
  if (t.intermediate.length === 0) return [1, 0];
  const { step, value } = t.intermediate[t.intermediate.length - 1];
  if (Number.isNaN(value)) return [-step, Infinity];
  return [-step, dir === 'minimize' ? value : -value];
}

/** splitTrials(trials, nBelow, directions) – Optuna's below/above split: best complete trials, then best pruned; running trials go above. Both in number order. */
export function splitTrials(trials: readonly TrialRecord[], nBelow: number, directions: readonly Direction[]): { below: TrialRecord[]; above: TrialRecord[] } {
  const complete = trials.filter((t) => t.state === 'complete');
  const pruned = trials.filter((t) => t.state === 'pruned');
  const running = trials.filter((t) => t.state === 'running');
  let belowC: TrialRecord[], aboveC: TrialRecord[];
  const nb = Math.min(nBelow, complete.length);
  if (directions.length <= 1) {
    const sign = directions[0] === 'maximize' ? -1 : 1;
    const sorted = [...complete].sort((a, b) => sign * (a.values![0] - b.values![0]) || a.number - b.number);
    belowC = sorted.slice(0, nb); aboveC = sorted.slice(nb);
  } else {
    // Optuna's _split_complete_trials_multi_objective: whole non-domination ranks while they fit, the next rank split by hypervolume subset selection
    const pts = complete.map((t) => signedValues(t.values!, directions));
    const rank = nonDominationRanks(pts);
    const counts: number[] = [];
    for (const r of rank) counts[r] = (counts[r] ?? 0) + 1;
    let lastRank = -1, filled = 0;
    while (lastRank + 1 < counts.length && filled + counts[lastRank + 1] <= nb) filled += counts[++lastRank];
    const set = new Set<number>();
    rank.forEach((r, i) => { if (r <= lastRank) set.add(i); });
    if (set.size < nb) {
      const tie = [...rank.keys()].filter((i) => rank[i] === lastRank + 1);
      const lv = tie.map((i) => pts[i]);
      for (const i of solveHssp(lv, tie, nb - set.size, hsspReferencePoint(lv))) set.add(i);
    }
    belowC = complete.filter((_, i) => set.has(i)); aboveC = complete.filter((_, i) => !set.has(i));
  }
  const nbP = Math.min(Math.max(0, nBelow - belowC.length), pruned.length);
  const dir = directions[0] ?? 'minimize';
  const sortedP = [...pruned].sort((a, b) => { const sa = prunedScore(a, dir), sb = prunedScore(b, dir); return sa[0] - sb[0] || sa[1] - sb[1] || a.number - b.number; });
  const byNumber = (a: TrialRecord, b: TrialRecord) => a.number - b.number;
  return { below: [...belowC, ...sortedP.slice(0, nbP)].sort(byNumber), above: [...aboveC, ...sortedP.slice(nbP), ...running].sort(byNumber) };
}

export function createTpeSampler(options: Partial<TpeOptions> = {}): Sampler {
  const o: TpeOptions = { nStartupTrials: 10, nEiCandidates: 24, constantLiar: true, ...options, parzen: { priorWeight: 1, magicClip: true, considerEndpoints: false, ...options.parzen } };
  if (o.group && o.multivariate === false) throw new UserInputError('sampler.group', 'can only be used with multivariate TPE (set multivariate: true or leave it unset)');
  const random = createRandomSampler();
  return {
    kind: 'tpe',
    size: () => Infinity,
    sample(ctx) {
      const { space, directions, streams } = ctx;
      const finished = ctx.trials.filter((t) => t.state === 'complete' || t.state === 'pruned');
      if (finished.length < o.nStartupTrials) return random.sample(ctx);
      const history = o.constantLiar ? ctx.trials.filter((t) => t.state !== 'failed') : finished;
      const { below, above } = splitTrials(history, tpeGamma(finished.length, directions.length), directions);
      const multivariate = o.multivariate ?? (o.group === true || directions.length <= 1);
      const mo = directions.length > 1;
      const params: Params = {};
      const sampled = new Set<string>();
      const draw = (names: string[]) => {
        const specs = names.map((n) => space[n]);
        const obs = (set: TrialRecord[]) => {
          const has = set.filter((t) => names.every((n) => t.params[n] !== undefined));
          return names.map((n, d) => Float64Array.from(has, (t) => toInternal(specs[d], t.params[n])));
        };
        const ob = obs(below), oa = obs(above);
        const nb = ob[0].length;
        const lBelow = buildParzenEstimator(specs, ob, o.parzen, mo ? new Float64Array(nb).fill(1) : defaultWeights(nb));
        const lAbove = buildParzenEstimator(specs, oa, o.parzen);
        const cand = sampleParzen(lBelow, streams.tpe, o.nEiCandidates);
        const lb = parzenLogPdf(lBelow, cand), la = parzenLogPdf(lAbove, cand);
        let best = 0;
        for (let k = 1; k < lb.length; k++) if (lb[k] - la[k] > lb[best] - la[best]) best = k;
        names.forEach((n, d) => { params[n] = toExternal(specs[d], cand[d][best]); sampled.add(n); });
      };
      if (multivariate && o.group) {
        // one joint estimator per group of parameters that always occur together
        for (const g of groupDecomposedSpace(finished, Object.keys(space))) {
          const names = g.filter((n) => space[n] !== undefined && cardinality(space[n]) > 1).sort(byCodePoint);
          if (names.length) draw(names);
        }
      } else if (multivariate) {
        // the relative space: parameters (with more than one value) that every complete / pruned trial has, sorted by name as Optuna's IntersectionSearchSpace
        const joint = Object.keys(space).filter((n) => cardinality(space[n]) > 1 && finished.every((t) => t.params[n] !== undefined)).sort(byCodePoint);
        if (joint.length) draw(joint);
      }
      const out: Params = {};
      for (const [name, spec] of Object.entries(space)) {
        if (!isActive(spec, out)) continue;
        if (!sampled.has(name)) {
          // Optuna's sample_independent after the startup trials: a one-parameter TPE draw (the prior alone when no trial has it yet)
          if (cardinality(spec) === 1) params[name] = toExternal(spec, spec.type === 'categorical' ? 0 : spec.low);
          else draw([name]);
        }
        out[name] = params[name];
      }
      return out;
    },
  };
}

/** createSampler(config) – the sampler a study's config names. */
export function createSampler(config: SamplerConfig): Sampler {
  if (config.kind === 'random') return createRandomSampler();
  if (config.kind === 'grid') return createGridSampler();
  const { nStartupTrials, nEiCandidates, multivariate, group, constantLiar, priorWeight, considerMagicClip, considerEndpoints } = config;
  const parzen = { priorWeight: priorWeight ?? 1, magicClip: considerMagicClip ?? true, considerEndpoints: considerEndpoints ?? false };
  return createTpeSampler({ ...(nStartupTrials !== undefined ? { nStartupTrials } : {}), ...(nEiCandidates !== undefined ? { nEiCandidates } : {}), ...(multivariate !== undefined ? { multivariate } : {}), ...(group !== undefined ? { group } : {}), ...(constantLiar !== undefined ? { constantLiar } : {}), parzen });
}
