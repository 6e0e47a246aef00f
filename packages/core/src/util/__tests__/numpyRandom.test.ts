/**
 * createNumpyRandomState = numpy.random.RandomState, draw by draw. The expected numbers were produced by numpy
 * itself (fixtures/numpyRandom.json; regenerate with `python3 bench/anchors/optuna_tpe_fixtures.py`).
 */
import { describe, expect, it } from 'vitest';
import { createNumpyRandomState } from '../numpyRandom.ts';
import fixture from './fixtures/numpyRandom.json';

describe('createNumpyRandomState(seed) = numpy RandomState(seed)', () => {
  it('seeds 0 and 42 start with the textbook first doubles', () => {
    expect(createNumpyRandomState(0).randomSample()).toBe(0.5488135039273248);
    expect(createNumpyRandomState(42).randomSample()).toBe(0.3745401188473625);
  });

  for (const s of fixture.streams) {
    it(`seed ${s.seed}: random_sample, uniform(arrays), choice(n, p, size), rand, 700 more doubles – exactly`, () => {
      const rs = createNumpyRandomState(s.seed);
      expect(Array.from(rs.rand(5))).toEqual(s.random_sample5);
      expect(Array.from(rs.uniformArray(s.uniform.low, s.uniform.high))).toEqual(s.uniform.out);
      expect(Array.from(rs.choice(s.choice.p.length, s.choice.p, s.choice.size))).toEqual(s.choice.out);
      expect(Array.from(rs.choice(s.choice8.p.length, s.choice8.p, s.choice8.size))).toEqual(s.choice8.out);
      expect(Array.from(rs.rand(3))).toEqual(s.rand3);
      const far = rs.rand(s.after.doubles);
      expect(s.after.at.map((i) => far[i])).toEqual(s.after.values);
      expect(rs.draws).toBe(2 * (5 + 3 + 12 + 24 + 3 + 700));
    });

    it(`seed ${s.seed}: skip(2000) lands on numpy's 1001st double`, () => {
      const rs = createNumpyRandomState(s.seed);
      rs.skip(2000);
      expect(rs.draws).toBe(2000);
      expect(Array.from(rs.rand(3))).toEqual(s.skip2000);
      const step = createNumpyRandomState(s.seed);
      step.skip(1); step.skip(623); step.skip(1); step.skip(1375);
      expect(step.randomSample()).toBe(s.skip2000[0]);
    });
  }

  it('uniform(low, high) = low + (high − low)·U', () => {
    const a = createNumpyRandomState(7), b = createNumpyRandomState(7);
    expect(a.uniform(-2, 3)).toBe(-2 + 5 * b.randomSample());
  });

  it('refuses a seed numpy refuses', () => {
    expect(() => createNumpyRandomState(-1)).toThrow(/seed must be an integer in \[0, 2\^32 − 1\]/);
    expect(() => createNumpyRandomState(2 ** 32)).toThrow(/seed/);
    expect(() => createNumpyRandomState(1.5)).toThrow(/seed/);
  });
});
