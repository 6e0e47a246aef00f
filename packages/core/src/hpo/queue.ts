/**
 * The trial queue: how workers get trials and hand back results. localTrialQueue serves one process
 * (in-process async workers, `--parallel N`); a distributed engine implements the same TrialQueue
 * against the shared study storage and runTrials / the objective do not change.
 */
import type { Params } from './space.ts';
import type { Study } from './study.ts';
import { isTrialPrunedError, TrialPrunedError } from './study.ts';
import type { TrialRecord, TrialState } from './types.ts';

export interface TrialOutcome { state: Exclude<TrialState, 'running'>; values?: number[] | null; error?: string | null }

export interface TrialQueue {
  /** The next trial to run (already stored as running), or null when the budget, grid or deadline is used up. */
  take(): Promise<TrialRecord | null>;
  /** Stores an intermediate value; resolves true when the pruner says stop. */
  report(number: number, step: number, value: number): Promise<boolean>;
  setRunId(number: number, runId: string): Promise<void>;
  finish(number: number, outcome: TrialOutcome): Promise<TrialRecord>;
}

/** What an objective sees of its trial. */
export interface TrialHandle {
  readonly number: number;
  readonly params: Params;
  /** Set when this trial re-runs one a crash interrupted. */
  readonly retryOf: number | null;
  /** Stores an intermediate value; true means "stop now" (throw new TrialPrunedError(step) or let reportOrPrune do it). */
  report(step: number, value: number): Promise<boolean>;
  /** report, then throw TrialPrunedError when the pruner says stop. */
  reportOrPrune(step: number, value: number): Promise<void>;
  setRunId(runId: string): Promise<void>;
}

/** One value per direction; a bare number for a single objective. */
export type Objective = (trial: TrialHandle) => Promise<number | number[]> | number | number[];

export interface LocalQueueOptions {
  /** Stop once the study holds this many trials (interrupted trials owed a retry do not count). */
  nTrials: number;
  /** The clock (epoch ms): core never reads it itself. */
  now: () => number;
  /** No new trial starts at or after this time (epoch ms); running ones finish. */
  deadline?: number;
}

/** localTrialQueue(study, options) – a queue over a Study in this process. */
export function localTrialQueue(study: Study, o: LocalQueueOptions): TrialQueue {
  return {
    take: async () => {
      if (o.deadline !== undefined && o.now() >= o.deadline) return null;
      if (study.countedTrials() >= o.nTrials) return null;
      return study.ask(o.now());
    },
    report: async (n, step, value) => { study.report(n, step, value); return study.shouldPrune(n); },
    setRunId: async (n, id) => study.setRunId(n, id),
    finish: async (n, outcome) => study.tell(n, outcome, o.now()),
  };
}

export interface RunTrialsOptions {
  /** Trials run concurrently (async workers in this process). @default 1 */
  parallel?: number;
  onTrialStart?(trial: TrialRecord): void;
  onTrialDone?(trial: TrialRecord): void;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * runTrials(queue, objective, options) – `parallel` workers, each taking trials until the queue is
 * empty. An objective's TrialPrunedError → pruned; any other error → failed with its message (the
 * study continues); a number (or one per direction) → complete.
 */
export async function runTrials(queue: TrialQueue, objective: Objective, options: RunTrialsOptions = {}): Promise<void> {
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`parallel must be an integer ≥ 1; was ${parallel}`);
  const worker = async () => {
    for (let t = await queue.take(); t; t = await queue.take()) {
      const trial = t;
      options.onTrialStart?.(trial);
      const handle: TrialHandle = {
        number: trial.number, params: trial.params, retryOf: trial.retryOf,
        report: (step, value) => queue.report(trial.number, step, value),
        reportOrPrune: async (step, value) => { if (await queue.report(trial.number, step, value)) throw new TrialPrunedError(step); },
        setRunId: (id) => queue.setRunId(trial.number, id),
      };
      let outcome: TrialOutcome;
      try {
        const v = await objective(handle);
        outcome = { state: 'complete', values: Array.isArray(v) ? v : [v] };
      } catch (e) {
        outcome = isTrialPrunedError(e) ? { state: 'pruned' } : { state: 'failed', error: errorText(e) };
      }
      const done = await queue.finish(trial.number, outcome);
      options.onTrialDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
