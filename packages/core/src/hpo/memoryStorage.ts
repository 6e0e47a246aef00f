/**
 * An in-memory StudyStorage (tests, the browser, benchmarks). Records are immutable: every update
 * replaces a trial's record, so listing is a cheap array copy and callers cannot alias the store.
 */
import type { StudyRecord, StudyStorage, TrialRecord } from './types.ts';

const freeze = <T extends object>(x: T): T => Object.freeze(x);

/** createMemoryStorage() – studies by name. */
export function createMemoryStorage(): StudyStorage {
  const studies = new Map<string, { study: StudyRecord; trials: TrialRecord[] }>();
  const get = (name: string) => {
    const s = studies.get(name);
    if (!s) throw new Error(`study ${JSON.stringify(name)} does not exist`);
    return s;
  };
  const update = (name: string, n: number, f: (t: TrialRecord) => Partial<TrialRecord>) => {
    const s = get(name), t = s.trials[n];
    if (!t) throw new Error(`study ${name} has no trial ${n}`);
    s.trials[n] = freeze({ ...t, ...f(t) });
  };
  return {
    getStudy: (name) => studies.get(name)?.study ?? null,
    createStudy: (study) => {
      if (studies.has(study.name)) throw new Error(`study ${JSON.stringify(study.name)} exists`);
      studies.set(study.name, { study: freeze(structuredClone(study)), trials: [] });
    },
    listStudies: () => [...studies.values()].map((s) => s.study),
    listTrials: (name) => [...get(name).trials],
    createTrial: (name, t) => {
      const s = get(name);
      const rec: TrialRecord = freeze({ number: s.trials.length, state: 'running', params: freeze({ ...t.params }), values: null, intermediate: [], startedAt: t.startedAt, finishedAt: null, runId: null, error: null, retryOf: t.retryOf, ...(t.streamDraws ? { streamDraws: freeze([...t.streamDraws]) } : {}) });
      s.trials.push(rec);
      return rec;
    },
    reportIntermediate: (name, n, step, value) => update(name, n, (t) => ({ intermediate: [...t.intermediate.filter((p) => p.step !== step), { step, value }].sort((a, b) => a.step - b.step) })),
    setRunId: (name, n, runId) => update(name, n, () => ({ runId })),
    finishTrial: (name, n, o) => update(name, n, (t) => {
      if (t.state !== 'running') throw new Error(`trial ${n} of ${name} is already ${t.state}`);
      return { state: o.state, values: o.values ? [...o.values] : null, finishedAt: o.finishedAt, error: o.error };
    }),
  };
}
