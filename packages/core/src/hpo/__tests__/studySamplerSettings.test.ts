/** openStudy keeps a study's TPE options (multivariate, group) like its space: a resume with others is refused in one line. */
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, openStudy, validateSearchSpace } from '../index.ts';
import type { SamplerConfig, StudyDefinition } from '../index.ts';

const def = (sampler: SamplerConfig): StudyDefinition => ({
  name: 'st', directions: ['minimize'], space: validateSearchSpace({ x: { type: 'float', low: 0, high: 1 } }), sampler, pruner: { kind: 'none' }, seed: 0, objective: 'test',
});

describe('openStudy and the sampler settings', () => {
  it('a resume with the same TPE options keeps them; other options are refused and nothing stored changes', () => {
    const storage = createMemoryStorage();
    const s = openStudy(storage, def({ kind: 'tpe', multivariate: true, group: true }), { now: 0 });
    s.tell(s.ask(1)!.number, { state: 'complete', values: [0.5] }, 2);
    expect(openStudy(storage, def({ kind: 'tpe', multivariate: true, group: true }), { now: 3 }).trials()).toHaveLength(1);
    expect(() => openStudy(storage, def({ kind: 'tpe' }), { now: 4 })).toThrow('--study: study "st" exists with different sampler settings (multivariate on, group on; asked: multivariate default, group off); give the same settings or choose another --study name, got "st"');
    expect(() => openStudy(storage, def({ kind: 'tpe', multivariate: true }), { now: 4 })).toThrow(/asked: multivariate on, group off/);
    expect(() => openStudy(storage, def({ kind: 'random' }), { now: 4 })).toThrow(/different sampler settings/);
    expect(storage.getStudy('st')!.sampler).toEqual({ kind: 'tpe', multivariate: true, group: true });
    expect(storage.listTrials('st')).toHaveLength(1);
  });

  it('a study without TPE options may still switch between plain TPE and random (as before)', () => {
    const storage = createMemoryStorage();
    openStudy(storage, def({ kind: 'random' }), { now: 0 });
    expect(openStudy(storage, def({ kind: 'tpe' }), { now: 1 }).record.sampler).toEqual({ kind: 'tpe' });
    expect(() => openStudy(storage, def({ kind: 'tpe', multivariate: false }), { now: 2 })).toThrow(/multivariate default, group off; asked: multivariate off, group off/);
  });
});
