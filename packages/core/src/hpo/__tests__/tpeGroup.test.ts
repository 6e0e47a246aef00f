/**
 * TPE `group` (Optuna's group-decomposed search space): the partition of the parameters into groups that always
 * occur together (numbers from Optuna 5.0.0's `_SearchSpaceGroup` on the same trial parameter sets), and the
 * reason it exists – conditional parameters that belong together are sampled jointly, not one by one.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import { createSampler, createSamplerStreams, createTpeSampler, groupDecomposedSpace, validateSearchSpace } from '../index.ts';
import type { Params, TrialRecord } from '../index.ts';

const done = (number: number, params: Params, value: number): TrialRecord => ({
  number, state: 'complete', params, values: [value], intermediate: [], startedAt: 0, finishedAt: 0, runId: null, error: null, retryOf: null,
});
const keys = (ks: string[]) => Object.fromEntries(ks.map((k) => [k, 0]));

describe('groupDecomposedSpace(trials, order)', () => {
  it('splits the parameters as Optuna 5.0.0 does', () => {
    // _SearchSpaceGroup().add_distributions(...) for each key set in turn → search_spaces (names sorted)
    const run = (seq: string[][], order: string[]) => groupDecomposedSpace(seq.map((ks, i) => done(i, keys(ks), 0)), order);
    expect(run([['kind', 'l2'], ['kind', 'w', 'd'], ['kind', 'l2']], ['kind', 'l2', 'd', 'w'])).toEqual([['kind'], ['l2'], ['d', 'w']]);
    expect(run([['a', 'b'], ['a', 'b', 'c', 'd'], ['a', 'c']], ['a', 'b', 'c', 'd'])).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(run([['kind', 'l2'], ['kind', 'l2', 'w', 'd'], ['kind', 'w'], ['kind', 'l2', 'w', 'd', 'e']], ['kind', 'l2', 'w', 'd', 'e'])).toEqual([['kind'], ['l2'], ['w'], ['d'], ['e']]);
    expect(run([], ['a'])).toEqual([]);
  });

  it('refuses group with multivariate off, as Optuna does', () => {
    expect(() => createSampler({ kind: 'tpe', group: true, multivariate: false })).toThrow(/^sampler\.group: can only be used with multivariate TPE/);
  });
});

describe('TPE with group = true', () => {
  // x and y exist only when kind = b; the good trials lie on the diagonal x ≈ y
  const space = validateSearchSpace({
    kind: { choices: ['a', 'b'] },
    x: { type: 'float', low: 0, high: 1, when: { param: 'kind', in: ['b'] } },
    y: { type: 'float', low: 0, high: 1, when: { param: 'kind', in: ['b'] } },
  });
  const rng = createRng(11);
  const history: TrialRecord[] = [];
  for (let i = 0; i < 40; i++) {
    if (i % 2 === 0) { history.push(done(i, { kind: 'a' }, 1)); continue; }
    const x = rng.next(), y = rng.next();
    history.push(done(i, { kind: 'b', x, y }, Math.abs(x - y)));
  }
  const meanGap = (group: boolean) => {
    const sampler = createTpeSampler({ group });
    let sum = 0, n = 0;
    for (let k = 0; k < 300; k++) {
      const p = sampler.sample({ space, directions: ['minimize'], trials: history, trialNumber: 40, streams: createSamplerStreams(5 + k) });
      if (p.kind !== 'b') { expect(p.x).toBeUndefined(); continue; }
      sum += Math.abs((p.x as number) - (p.y as number)); n++;
    }
    return { gap: sum / n, n };
  };

  it('samples x and y jointly (near the good diagonal); without group they are drawn one by one', () => {
    const joint = meanGap(true), apart = meanGap(false);
    expect(joint.n).toBeGreaterThan(100);
    expect(apart.n).toBeGreaterThan(100);
    // the four best trials (γ(40) = 4) lie near the diagonal (|x − y| 0.04 … 0.2): joint candidates stay near it
    // (mean gap 0.10 here), independent draws of x and y do not (0.46)
    expect(joint.gap).toBeLessThan(0.5 * apart.gap);
  });
});
