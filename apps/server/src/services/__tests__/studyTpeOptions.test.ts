/**
 * studies.start's TPE options (multivariate, group): the zod input (group needs multivariate, both need the TPE
 * sampler; each refusal one line naming the field), and the StudyManager with a stand-in run service: the options
 * are stored with the study, reach the sampler (the trial sequence equals core TPE with the same options and seed),
 * and a second start of the study with other sampler settings is refused with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, localTrialQueue, openStudy, runTrials, validateSearchSpace } from '@skippy/core/hpo';
import type { SamplerConfig, TrialRecord } from '@skippy/core/hpo';
import { defaultConfig } from '@skippy/core/config';
import type { RunProgress } from '@skippy/core/reports';
import { memoryJobs } from './memoryJobs.ts';
import { startStudyInput } from '../../trpc/routers/studies.ts';
import { flattenZodError } from '../../trpc/trpc.ts';
import { StudyManager } from '../studyManager.ts';
import type { StudyRunService } from '../studyManager.ts';

const BASE = { name: 's', config: {}, space: { 'labels.pt': { type: 'float', low: 0.5, high: 3 } }, trials: 3 };
const lines = (input: Record<string, unknown>) => {
  const r = startStudyInput.safeParse({ ...BASE, ...input });
  return r.success ? [] : flattenZodError(r.error).map((i) => i.text);
};

describe('studies.start input: multivariate / group', () => {
  it('accepts both with the TPE sampler and leaves them out by default', () => {
    const r = startStudyInput.parse({ ...BASE, multivariate: true, group: true });
    expect([r.sampler, r.multivariate, r.group]).toEqual(['tpe', true, true]);
    const d = startStudyInput.parse(BASE);
    expect([d.multivariate, d.group]).toEqual([undefined, undefined]);
  });

  it.each([
    [{ group: true }, 'group: requires multivariate: true (a joint Parzen estimator per group of parameters), got multivariate unset'],
    [{ multivariate: false, group: true }, 'group: requires multivariate: true (a joint Parzen estimator per group of parameters), got multivariate false'],
    [{ multivariate: true, sampler: 'random' }, 'multivariate: is a TPE option: expected sampler tpe, got random'],
    [{ multivariate: 'yes' }, 'multivariate: expected true or false, got "yes"'],
    [{ group: 1 }, 'group: expected true or false, got 1'],
  ])('refuses %j in one line naming the field', (input, text) => {
    expect(lines(input)).toEqual([text]);
  });
});

// labels.pt / labels.sl exist only with touch = high_low (conditional); the objective prefers pt ≈ sl
type Labels = { touch: string; pt: number; sl: number };
const value = (p: Record<string, unknown>) => (p['labels.touch'] === 'close' ? -1 : -Math.abs((p['labels.pt'] as number) - (p['labels.sl'] as number)));
const RAW_SPACE = {
  'labels.touch': { choices: ['close', 'high_low'] },
  'labels.pt': { type: 'float', low: 0.5, high: 3, when: { param: 'labels.touch', in: ['high_low'] } },
  'labels.sl': { type: 'float', low: 0.5, high: 3, when: { param: 'labels.touch', in: ['high_low'] } },
};

/** Runs finish at once; their Sharpe is value() of the config's labels. */
function instantRuns(): StudyRunService {
  const sharpe = new Map<string, number>();
  let n = 0;
  return {
    start: ({ config }) => {
      const id = `run${n++}`;
      const l = config.labels as unknown as Labels;
      sharpe.set(id, l.touch === 'close' ? -1 : -Math.abs(l.pt - l.sl));
      return { id, status: 'queued' };
    },
    subscribe: (id) => (async function* (): AsyncGenerator<RunProgress> { yield { runId: id!, stage: 'done', percent: 100, status: 'done' }; })(),
    cancel: async () => 'cancelled',
    get: () => ({ status: 'done' }) as never,
    report: (id) => ({ headline: { sharpe: sharpe.get(id!)! } }) as never,
  };
}

async function coreTrials(sampler: SamplerConfig, seed: number, n: number): Promise<TrialRecord[]> {
  const study = openStudy(createMemoryStorage(), { name: 'c', directions: ['maximize'], space: validateSearchSpace(RAW_SPACE), sampler, pruner: { kind: 'none' }, seed, objective: 'core' }, { now: 0 });
  await runTrials(localTrialQueue(study, { nTrials: n, now: () => 0 }), (t) => value(t.params));
  return study.trials();
}

describe('StudyManager: multivariate / group reach the sampler and stay with the study', () => {
  it('the trial sequence equals core TPE with {multivariate, group}; a restart with other settings is refused, nothing lost', async () => {
    const storage = createMemoryStorage();
    let clock = 1_700_000_000_000;
    const m = new StudyManager({ storage, jobs: memoryJobs(), runs: instantRuns(), runsRoot: '/nonexistent', now: () => (clock += 1000), log: () => undefined });
    const start = (extra: { multivariate?: boolean; group?: boolean }, nTrials: number) => m.start({ name: 'g', config: defaultConfig(), space: RAW_SPACE, nTrials, parallel: 1, sampler: 'tpe', pruner: 'none', seed: 7, ...extra });
    start({ multivariate: true, group: true }, 14);
    await m.settled('g');
    expect(storage.getStudy('g')!.sampler).toEqual({ kind: 'tpe', multivariate: true, group: true });
    const trials = storage.listTrials('g');
    expect(trials.map((t) => t.state)).toEqual(Array(14).fill('complete'));
    const grouped = await coreTrials({ kind: 'tpe', multivariate: true, group: true }, 7, 14);
    expect(trials.map((t) => t.params)).toEqual(grouped.map((t) => t.params));
    expect(trials.map((t) => t.values)).toEqual(grouped.map((t) => t.values));
    // without group the conditional pair is drawn one by one: another sequence after the 10 start-up trials
    expect((await coreTrials({ kind: 'tpe' }, 7, 14)).map((t) => t.params)).not.toEqual(grouped.map((t) => t.params));

    expect(() => start({}, 16)).toThrow('--study: study "g" exists with different sampler settings (multivariate on, group on; asked: multivariate default, group off); give the same settings or choose another --study name, got "g"');
    expect(() => start({ group: true }, 16)).toThrow(/^group: requires multivariate: true/);
    expect(storage.listTrials('g')).toHaveLength(14);
    start({ multivariate: true, group: true }, 16);
    await m.settled('g');
    expect(storage.listTrials('g').map((t) => t.params)).toEqual((await coreTrials({ kind: 'tpe', multivariate: true, group: true }, 7, 16)).map((t) => t.params));
  });
});
