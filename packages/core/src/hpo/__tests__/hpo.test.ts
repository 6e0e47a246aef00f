import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import { createNumpyRandomState } from '../../util/numpyRandom.ts';
import {
  buildParzenEstimator, parzenLogPdf, sampleParzen, defaultWeights, erfc, logGaussMass, truncNormPpf, ndtr, validateSearchSpace, createMemoryStorage, openStudy,
  localTrialQueue, runTrials, tpeGamma, createMedianPruner, successiveHalvingPrune, paretoFront, parameterImportance, parseObjectiveOutput, gridPoints, INTERRUPTED,
  BENCHMARK_OBJECTIVES, TrialPrunedError,
} from '../index.ts';
import type { TrialRecord, SearchSpace, StudyDefinition } from '../index.ts';
import { hypervolume, solveHssp } from '../hssp.ts';

const trial = (number: number, state: TrialRecord['state'], values: number[] | null, intermediate: [number, number][] = [], params = {}): TrialRecord => ({
  number, state, params, values, intermediate: intermediate.map(([step, value]) => ({ step, value })), startedAt: 0, finishedAt: null, runId: null, error: null, retryOf: null,
});

describe('gauss kernels', () => {
  it('erfc(x) and ndtr(x) match tabulated values', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 14);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 14);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 18);
    expect(ndtr(1.959963984540054)).toBeCloseTo(0.975, 12);
  });
  it('logGaussMass(a, b) is stable deep in a tail; truncNormPpf inverts the CDF', () => {
    expect(logGaussMass(-Infinity, Infinity)).toBeCloseTo(0, 12);
    expect(Math.exp(logGaussMass(-1, 1))).toBeCloseTo(0.682689492137086, 12);
    expect(logGaussMass(30, 31)).toBeCloseTo(-454.3212, 3);
    for (const q of [0.01, 0.3, 0.5, 0.9]) {
      const x = truncNormPpf(q, -1, 2);
      expect((ndtr(x) - ndtr(-1)) / (ndtr(2) - ndtr(-1))).toBeCloseTo(q, 8);
    }
  });
});

describe('buildParzenEstimator(specs, observations, options)', () => {
  const spec = { type: 'float' as const, low: 0, high: 10, log: false, step: null };
  it('uses Optuna 5 bandwidths: max neighbour gap, inner gap at the ends, magic clip, prior kernel (hand numbers)', () => {
    // observations 2, 3, 7 on [0, 10]: sorted with bounds 0 | 2 3 7 | 10 → gaps max(2,1)=2, max(1,4)=4, max(4,3)=4;
    // consider_endpoints false: first = 3−2 = 1, last = 7−3 = 4; magic clip min σ = 10 / min(100, 1 + 4) = 2 → σ = [2, 4, 4]; prior σ = 10 at 5
    const pe = buildParzenEstimator([spec], [Float64Array.of(2, 3, 7)]);
    const d = pe.dims[0] as { mu: Float64Array; sigma: Float64Array };
    expect([...d.mu]).toEqual([2, 3, 7, 5]);
    expect([...d.sigma]).toEqual([2, 4, 4, 10]);
    expect([...pe.weights]).toEqual([0.25, 0.25, 0.25, 0.25]);
    // density at x = 5: mixture of truncated normals, by hand
    const tn = (x: number, mu: number, s: number) => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)) / (ndtr((10 - mu) / s) - ndtr((0 - mu) / s));
    const hand = 0.25 * (tn(5, 2, 2) + tn(5, 3, 4) + tn(5, 7, 4) + tn(5, 5, 10));
    expect(parzenLogPdf(pe, [Float64Array.of(5)])[0]).toBeCloseTo(Math.log(hand), 12);
  });
  it('defaultWeights(n): ones below 25, a ramp for the oldest n − 25 after', () => {
    expect([...defaultWeights(3)]).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w[0]).toBeCloseTo(1 / 30, 12);
    expect(w[4]).toBeCloseTo(1, 12);
    expect(w[29]).toBe(1);
  });
  it('samples stay inside the range, on the step grid, and integrate to one (categorical)', () => {
    const stepped = { type: 'int' as const, low: 1, high: 9, log: false, step: 2 };
    const cat = { type: 'categorical' as const, choices: ['a', 'b', 'c'] };
    const pe = buildParzenEstimator([stepped, cat], [Float64Array.of(3, 5), Float64Array.of(0, 2)]);
    const s = sampleParzen(pe, createNumpyRandomState(1), 200);
    for (const x of s[0]) expect([1, 3, 5, 7, 9]).toContain(x);
    for (const x of s[1]) expect([0, 1, 2]).toContain(x);
    const grid = [1, 3, 5, 7, 9].flatMap((a) => [0, 1, 2].map((b) => [a, b]));
    const total = parzenLogPdf(pe, [Float64Array.from(grid, (g) => g[0]), Float64Array.from(grid, (g) => g[1])]).reduce((a, l) => a + Math.exp(l), 0);
    expect(total).toBeCloseTo(1, 10);
  });
});

describe('validateSearchSpace(input)', () => {
  it('accepts float/int/log/step/categorical and conditional parameters', () => {
    const s = validateSearchSpace({ lr: { type: 'float', low: 1e-4, high: 1, log: true }, depth: { type: 'int', low: 2, high: 9, step: 3 }, kind: ['gbdt', 'tcn'], k: { type: 'int', low: 2, high: 8, when: { param: 'kind', in: 'tcn' } } });
    expect(s.depth).toMatchObject({ type: 'int', low: 2, high: 8, step: 3 });
    expect(s.k.when).toEqual({ param: 'kind', in: ['tcn'] });
  });
  it.each([
    [{ x: { type: 'float', low: 1, high: 1 } }, /space.x: expected low < high/],
    [{ x: { type: 'float', low: 2, high: 1 } }, /low < high/],
    [{ x: { type: 'float', low: 0, high: 1, log: true } }, /space.x.low: expected a positive lower bound on a log scale/],
    [{ x: { choices: ['only'] } }, /space.x.choices: expected at least two choices/],
    [{ x: { type: 'int', low: 1, high: 3, when: { param: 'y', in: [1] } } }, /space.x.when.param/],
  ])('refuses %j with one clear message', (input, re) => {
    expect(() => validateSearchSpace(input)).toThrow(re);
  });
});

const def = (space: SearchSpace, over: Partial<StudyDefinition> = {}): StudyDefinition => ({ name: 's', directions: ['minimize'], space, sampler: { kind: 'tpe' }, pruner: { kind: 'none' }, seed: 3, objective: 'test', ...over });

async function study(space: SearchSpace, f: (p: Record<string, unknown>) => number, n: number, over: Partial<StudyDefinition> = {}) {
  const st = openStudy(createMemoryStorage(), def(space, over), { now: 0 });
  await runTrials(localTrialQueue(st, { nTrials: n, now: () => 0 }), (t) => f(t.params));
  return st.trials();
}

describe('samplers', () => {
  const space = validateSearchSpace({ x: { type: 'float', low: -10, high: 10 }, y: { type: 'float', low: -10, high: 10 } });
  const quad = (p: Record<string, unknown>) => ((p.x as number) - 3) ** 2 + ((p.y as number) + 1) ** 2;
  it('TPE beats random on a quadratic over 40 trials (seeds 0..4, median best)', async () => {
    const med = async (kind: 'tpe' | 'random') => {
      const bests: number[] = [];
      for (let seed = 0; seed < 5; seed++) bests.push(Math.min(...(await study(space, quad, 40, { seed, sampler: { kind } })).map((t) => t.values![0])));
      return bests.sort((a, b) => a - b)[2];
    };
    expect(await med('tpe')).toBeLessThan(await med('random'));
  });
  it('is reproducible trial by trial with the same seed', async () => {
    const a = await study(space, quad, 15), b = await study(space, quad, 15);
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
  });
  it('tpeGamma(n) = min(⌈0.1 n⌉, 25)', () => {
    expect([tpeGamma(10), tpeGamma(11), tpeGamma(300)]).toEqual([1, 2, 25]);
  });
  it('samples a conditional parameter only when its parent allows it', async () => {
    const s = validateSearchSpace({ kind: ['a', 'b'], k: { type: 'int', low: 1, high: 5, when: { param: 'kind', in: ['b'] } } });
    const ts = await study(s, (p) => (p.kind === 'b' ? (p.k as number) : 10), 25);
    for (const t of ts) expect(t.params.k === undefined).toBe(t.params.kind === 'a');
  });
  it('grid enumerates every point once and then stops', async () => {
    const s = validateSearchSpace({ a: [1, 2], b: { type: 'int', low: 0, high: 2 } });
    expect(gridPoints(s)).toHaveLength(6);
    const ts = await study(s, () => 0, 20, { sampler: { kind: 'grid' } });
    expect(ts).toHaveLength(6);
    expect(new Set(ts.map((t) => JSON.stringify(t.params))).size).toBe(6);
  });
});

describe('pruners', () => {
  it('median: prunes a trial whose best value is worse than the median of complete trials at that step', () => {
    const complete = [1, 2, 3, 4, 5].map((v, i) => trial(i, 'complete', [v], [[0, v], [1, v]]));
    const p = createMedianPruner({ nStartupTrials: 5 });
    expect(p.shouldPrune({ trial: trial(5, 'running', null, [[0, 3.5]]), trials: complete, direction: 'minimize', studyName: 's' })).toBe(true);
    expect(p.shouldPrune({ trial: trial(5, 'running', null, [[0, 2.5]]), trials: complete, direction: 'minimize', studyName: 's' })).toBe(false);
    expect(p.shouldPrune({ trial: trial(5, 'running', null, [[0, 2.5]]), trials: complete, direction: 'maximize', studyName: 's' })).toBe(true);
    expect(createMedianPruner({ nStartupTrials: 6 }).shouldPrune({ trial: trial(5, 'running', null, [[0, 9]]), trials: complete, direction: 'minimize', studyName: 's' })).toBe(false);
    expect(createMedianPruner({ nWarmupSteps: 1 }).shouldPrune({ trial: trial(5, 'running', null, [[0, 9]]), trials: complete, direction: 'minimize', studyName: 's' })).toBe(false);
  });
  it('successive halving: at rung step 1 (η = 2) only the top half of 4 competitors is promoted', () => {
    const others = [1, 2, 3].map((v, i) => trial(i, 'complete', [v], [[1, v]]));
    expect(successiveHalvingPrune(trial(3, 'running', null, [[1, 2.5]]), [...others, trial(3, 'running', null, [[1, 2.5]])], 1, 2, 0, 'minimize')).toBe(true);
    expect(successiveHalvingPrune(trial(3, 'running', null, [[1, 1.5]]), [...others, trial(3, 'running', null, [[1, 1.5]])], 1, 2, 0, 'minimize')).toBe(false);
    expect(successiveHalvingPrune(trial(3, 'running', null, [[0, 9]]), others, 1, 2, 0, 'minimize')).toBe(false);
  });
  it('a study stores a pruned trial as pruned with its intermediate values', async () => {
    const st = openStudy(createMemoryStorage(), def({ x: { type: 'float', low: 0, high: 1, log: false, step: null } }, { pruner: { kind: 'median', nStartupTrials: 2 } }), { now: 0 });
    await runTrials(localTrialQueue(st, { nTrials: 8, now: () => 0 }), async (t) => {
      const v = t.number < 2 ? 0 : 1;
      for (let s = 0; s < 3; s++) await t.reportOrPrune(s, v);
      return v;
    });
    const ts = st.trials();
    expect(ts.slice(2).every((t) => t.state === 'pruned' && t.intermediate.length === 1)).toBe(true);
    expect(() => { throw new TrialPrunedError(1); }).toThrow('pruned at step 1');
  });
});

describe('study state machine', () => {
  it('a crash leaves a running trial: reopening marks it failed (interrupted) and retries it once', async () => {
    const storage = createMemoryStorage();
    const space = BENCHMARK_OBJECTIVES['bench:branin'].space;
    const a = openStudy(storage, def(space), { now: 0 });
    await runTrials(localTrialQueue(a, { nTrials: 3, now: () => 0 }), (t) => BENCHMARK_OBJECTIVES['bench:branin'].evaluate(t.params));
    const stuck = a.ask(1)!; // the process "dies" here
    const b = openStudy(storage, def(space), { now: 2 });
    expect(b.trials()[3]).toMatchObject({ state: 'failed', error: INTERRUPTED });
    await runTrials(localTrialQueue(b, { nTrials: 5, now: () => 3 }), (t) => BENCHMARK_OBJECTIVES['bench:branin'].evaluate(t.params));
    const ts = b.trials();
    expect(ts).toHaveLength(6);
    expect(ts[4]).toMatchObject({ state: 'complete', retryOf: 3, params: stuck.params });
    expect(ts.filter((t) => t.state === 'complete')).toHaveLength(5);
  });
  it('refuses to resume a study with a different space', () => {
    const storage = createMemoryStorage();
    openStudy(storage, def({ x: { type: 'float', low: 0, high: 1, log: false, step: null } }), { now: 0 });
    expect(() => openStudy(storage, def({ x: { type: 'float', low: 0, high: 2, log: false, step: null } }), { now: 0 })).toThrow(/exists with a different search space/);
  });
  it('an objective error fails the trial and the study continues', async () => {
    const ts = await study({ x: { type: 'float', low: 0, high: 1, log: false, step: null } }, (p) => { if ((p.x as number) < 0.5) throw new Error('boom'); return 1; }, 10);
    expect(ts).toHaveLength(10);
    expect(ts.some((t) => t.state === 'failed' && t.error === 'boom')).toBe(true);
  });
});

describe('paretoFront, parameterImportance, parseObjectiveOutput', () => {
  it('paretoFront keeps the non-dominated complete trials', () => {
    const ts = [trial(0, 'complete', [1, 5]), trial(1, 'complete', [2, 2]), trial(2, 'complete', [3, 3]), trial(3, 'complete', [5, 1])];
    expect(paretoFront(ts, ['minimize', 'minimize']).map((t) => t.number)).toEqual([0, 1, 3]);
    expect(paretoFront(ts, ['maximize', 'minimize']).map((t) => t.number)).toEqual([3]);
  });
  it('parameterImportance ranks the parameter the value depends on first', () => {
    const rng = createRng(5);
    const ts = Array.from({ length: 60 }, (_, i) => { const a = rng.next(), b = rng.next(); return trial(i, 'complete', [10 * a + 0.1 * b], [], { a, b }); });
    const imp = parameterImportance(validateSearchSpace({ a: { low: 0, high: 1 }, b: { low: 0, high: 1 } }), ts);
    expect(Object.keys(imp)).toEqual(['a', 'b']);
    expect(imp.a).toBeGreaterThan(0.9);
    expect(imp.a + imp.b).toBeCloseTo(1, 12);
  });
  it('parseObjectiveOutput reads the last line as one number', () => {
    expect(parseObjectiveOutput('log\n1.5\n')).toEqual({ ok: true, values: [1.5] });
    expect(parseObjectiveOutput('')).toMatchObject({ ok: false });
    expect(parseObjectiveOutput('nan\n')).toMatchObject({ ok: false });
  });
});

describe('hypervolume(points, ref) and solveHssp(lvals, indices, k, ref)', () => {
  it('hypervolume: hand-computed unions of boxes in 2 and 3 objectives; points beyond ref add nothing', () => {
    expect(hypervolume([[1, 2], [2, 1]], [3, 3])).toBe(3);
    expect(hypervolume([[1, 2], [2, 1], [4, 0]], [3, 3])).toBe(3);
    expect(hypervolume([[1, 1, 1]], [2, 2, 2])).toBe(1);
    expect(hypervolume([[0, 1, 1], [1, 0, 1]], [2, 2, 2])).toBe(3);
  });
  it('solveHssp: the greedy picks the largest contribution first; duplicates count once until every distinct point is in', () => {
    // contributions against ref (3, 3): (1, 2) → 2, (2, 1) → 2, (0.5, 2.5) → 1.25; first pick (1, 2), then (2, 1) adds 1 and (0.5, 2.5) adds 0.25
    expect(solveHssp([[0.5, 2.5], [1, 2], [2, 1]], [7, 8, 9], 2, [3, 3])).toEqual([8, 9]);
    expect(solveHssp([[1, 1], [1, 1], [1, 1]], [10, 11, 12], 2, [2, 2])).toEqual([10, 11]);
    expect(solveHssp([[1, 1], [2, 0]], [4, 5], 2, [3, 3])).toEqual([4, 5]);
  });
});
