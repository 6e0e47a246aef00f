/**
 * The study engine: open (create or resume) a study in a StudyStorage, ask for a trial (sampled, or a
 * retry of a trial a crash caught running), report intermediate values and ask whether to prune, tell
 * the outcome. Trial state machine: running → complete | pruned | failed. Time is a parameter.
 */
import { UserInputError } from '../util/errors.ts';
import { canonicalJson } from '../util/index.ts';
import type { Params } from './space.ts';
import { containsValue, isActive, searchSpaceKey } from './space.ts';
import type { Sampler } from './samplers.ts';
import { createSampler } from './samplers.ts';
import type { Pruner } from './pruners.ts';
import { createPruner } from './pruners.ts';
import type { SamplerConfig, StudyDefinition, StudyRecord, StudyStorage, TrialRecord, TrialState } from './types.ts';
import { paretoFront } from './pareto.ts';
import { streamPositions, streamsForNextTrial } from './streams.ts';
import type { SamplerStreams } from './streams.ts';

/** Error text of a trial that was running when its process ended (it is retried once). */
export const INTERRUPTED = 'interrupted: the process ended while the trial was running';

/** Thrown by an objective (or by TrialHandle.reportAndCheck) to stop a trial as pruned. */
export class TrialPrunedError extends Error {
  constructor(step: number) { super(`pruned at step ${step}`); this.name = 'TrialPrunedError'; }
}
export const isTrialPrunedError = (e: unknown): e is TrialPrunedError => e instanceof Error && e.name === 'TrialPrunedError';

export interface Study {
  readonly record: StudyRecord;
  readonly storage: StudyStorage;
  trials(): TrialRecord[];
  /** Starts the next trial: a pending retry first, else a sampled point (null when a grid is used up). */
  ask(now: number): TrialRecord | null;
  report(number: number, step: number, value: number): void;
  /** Whether the study's pruner would stop this trial now (after its latest report). */
  shouldPrune(number: number): boolean;
  setRunId(number: number, runId: string): void;
  tell(number: number, outcome: { state: Exclude<TrialState, 'running'>; values?: number[] | null; error?: string | null }, now: number): TrialRecord;
  /** Trials that count towards a budget: all but interrupted first attempts (their retry counts instead). */
  countedTrials(): number;
  /** Points left for a grid sampler (Infinity otherwise). */
  remaining(): number;
}

const sameDefinition = (a: StudyDefinition, b: StudyDefinition) => searchSpaceKey(a.space) === searchSpaceKey(b.space) && canonicalJson(a.directions) === canonicalJson(b.directions);

/** The TPE options that shape what a study samples (`multivariate`, `group`): kept with the study like its space. */
const tpeShape = (s: SamplerConfig) => ({ multivariate: s.kind === 'tpe' ? s.multivariate ?? null : null, group: s.kind === 'tpe' ? s.group === true : false });
const shapeWords = (s: SamplerConfig) => { const t = tpeShape(s); return `multivariate ${t.multivariate === null ? 'default' : t.multivariate ? 'on' : 'off'}, group ${t.group ? 'on' : 'off'}`; };

/** An interrupted trial is owed a retry when it is not itself a retry and no trial retries it yet. */
function pendingRetries(trials: readonly TrialRecord[]): TrialRecord[] {
  const retried = new Set(trials.filter((t) => t.retryOf !== null).map((t) => t.retryOf));
  return trials.filter((t) => t.state === 'failed' && t.error === INTERRUPTED && t.retryOf === null && !retried.has(t.number));
}

/**
 * openStudy(storage, definition, {now}) – creates the study, or resumes it: the stored space and
 * directions and the TPE options multivariate / group must equal the definition's (else a UserInputError naming the study); every trial still
 * marked running (its process died) becomes failed with INTERRUPTED and is retried once by ask.
 * Pass `resumeRunning: false` when other live workers share the study (their trials are not stale).
 */
export function openStudy(storage: StudyStorage, definition: StudyDefinition, opts: { now: number; resumeRunning?: boolean; sampler?: Sampler; pruner?: Pruner | null }): Study {
  if (definition.directions.length === 0) throw new UserInputError('directions', 'expected at least one direction (minimize or maximize)');
  let record = storage.getStudy(definition.name);
  if (record && !sameDefinition(record, definition)) {
    throw new UserInputError('--study', `study "${definition.name}" exists with a different search space or directions; choose another --study name`, definition.name);
  }
  if (record && canonicalJson(tpeShape(record.sampler)) !== canonicalJson(tpeShape(definition.sampler))) {
    throw new UserInputError('--study', `study "${definition.name}" exists with different sampler settings (${shapeWords(record.sampler)}; asked: ${shapeWords(definition.sampler)}); give the same settings or choose another --study name`, definition.name);
  }
  if (!record) { record = { ...definition, createdAt: opts.now }; storage.createStudy(record); }
  if (opts.resumeRunning !== false) {
    for (const t of storage.listTrials(record.name)) if (t.state === 'running') storage.finishTrial(record.name, t.number, { state: 'failed', values: null, finishedAt: opts.now, error: INTERRUPTED });
  }
  // the stored record keeps its sampler/pruner/seed unless the caller overrides them for this session
  const live: StudyRecord = { ...record, sampler: definition.sampler, pruner: definition.pruner, seed: definition.seed, objective: definition.objective };
  const sampler = opts.sampler ?? createSampler(live.sampler);
  const pruner = opts.pruner !== undefined ? opts.pruner : createPruner(live.pruner);
  const name = live.name;
  const trials = () => storage.listTrials(name);
  // an interrupted first attempt is replaced by its retry: it never counts towards the budget
  // the sampler's streams as the last ask left them (rebuilt from the stored positions after a resume)
  let streams: SamplerStreams | null = null;
  const counted = (ts: TrialRecord[]) => ts.filter((t) => !(t.state === 'failed' && t.error === INTERRUPTED && t.retryOf === null)).length;
  const study: Study = {
    record: live,
    storage,
    trials,
    ask(now) {
      const ts = trials();
      const retry = pendingRetries(ts)[0];
      if (retry) return storage.createTrial(name, { params: retry.params, startedAt: now, retryOf: retry.number });
      const taken = ts.filter((t) => !(t.state === 'failed' && t.error === INTERRUPTED)).length;
      if (taken >= sampler.size(live.space)) return null;
      const number = ts.length;
      streams = streamsForNextTrial(live.seed, ts, streams);
      const params = sampler.sample({ space: live.space, directions: live.directions, trials: ts, trialNumber: number, streams });
      checkParams(live, params);
      return storage.createTrial(name, { params, startedAt: now, retryOf: null, streamDraws: sampler.kind === 'grid' ? null : streamPositions(streams) });
    },
    report(number, step, value) {
      if (!Number.isInteger(step) || step < 0) throw new Error(`step must be an integer ≥ 0; was ${step}`);
      storage.reportIntermediate(name, number, step, value);
    },
    shouldPrune(number) {
      if (!pruner || live.directions.length > 1) return false;
      const ts = trials();
      const trial = ts.find((t) => t.number === number);
      if (!trial || trial.state !== 'running') return false;
      return pruner.shouldPrune({ trial, trials: ts, direction: live.directions[0], studyName: name });
    },
    setRunId: (number, runId) => storage.setRunId(name, number, runId),
    tell(number, outcome, now) {
      let values = outcome.values ?? null;
      if (outcome.state === 'complete') {
        if (!values || values.length !== live.directions.length || !values.every(Number.isFinite)) {
          return study.tell(number, { state: 'failed', error: `objective returned ${JSON.stringify(values)}; expected ${live.directions.length} finite number(s)` }, now);
        }
      }
      if (outcome.state === 'pruned' && !values) {
        const t = trials().find((x) => x.number === number);
        const lastV = t?.intermediate[t.intermediate.length - 1];
        values = lastV && Number.isFinite(lastV.value) ? [lastV.value] : null;
      }
      storage.finishTrial(name, number, { state: outcome.state, values: outcome.state === 'failed' ? null : values, finishedAt: now, error: outcome.error ?? null });
      return trials().find((x) => x.number === number)!;
    },
    countedTrials: () => counted(trials()),
    remaining: () => {
      const size = sampler.size(live.space);
      return Number.isFinite(size) ? size - trials().filter((t) => !(t.state === 'failed' && t.error === INTERRUPTED)).length : Infinity;
    },
  };
  return study;
}

function checkParams(study: StudyRecord, params: Params): void {
  for (const [n, spec] of Object.entries(study.space)) {
    const v = params[n];
    if (!isActive(spec, params)) { if (v !== undefined) throw new Error(`sampler set inactive parameter ${n}`); continue; }
    if (v === undefined || !containsValue(spec, v)) throw new Error(`sampler returned ${n} = ${JSON.stringify(v)} outside its domain`);
  }
}

/** bestTrial(trials, direction) – the complete trial with the best first value (earliest on ties), or null. */
export function bestTrial(trials: readonly TrialRecord[], direction: StudyDefinition['directions'][number]): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const t of trials) {
    if (t.state !== 'complete' || !t.values) continue;
    if (!best || (direction === 'minimize' ? t.values[0] < best.values![0] : t.values[0] > best.values![0])) best = t;
  }
  return best;
}

/** bestSoFar(trials, direction) – per trial (number order) the best complete value up to it (NaN before the first). */
export function bestSoFar(trials: readonly TrialRecord[], direction: StudyDefinition['directions'][number]): Float64Array {
  const out = new Float64Array(trials.length);
  let b = NaN;
  trials.forEach((t, i) => {
    if (t.state === 'complete' && t.values) b = Number.isNaN(b) ? t.values[0] : direction === 'minimize' ? Math.min(b, t.values[0]) : Math.max(b, t.values[0]);
    out[i] = b;
  });
  return out;
}

/** The study's summary for views: best (single objective) or Pareto front (several). */
export function studySummary(study: Pick<Study, 'record' | 'trials'>) {
  const trials = study.trials();
  const dirs = study.record.directions;
  const best = dirs.length === 1 ? bestTrial(trials, dirs[0]) : null;
  const count = (s: TrialState) => trials.filter((t) => t.state === s).length;
  return {
    study: study.record.name, directions: dirs, objective: study.record.objective,
    bestValue: best ? best.values![0] : null, bestParams: best ? best.params : null, bestTrial: best ? best.number : null,
    paretoFront: dirs.length > 1 ? paretoFront(trials, dirs).map((t) => t.number) : [],
    counts: { complete: count('complete'), pruned: count('pruned'), failed: count('failed'), running: count('running') },
    trials,
  };
}
