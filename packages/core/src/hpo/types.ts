/** Study and trial records shared by the engine, its storages and the views (CLI table, Studies page). */
import type { Params, SearchSpace } from './space.ts';

export type Direction = 'minimize' | 'maximize';
/** running → complete | pruned | failed; nothing leaves a finished state. */
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

export type SamplerConfig =
  | { kind: 'tpe'; nStartupTrials?: number; nEiCandidates?: number; multivariate?: boolean; group?: boolean; constantLiar?: boolean; priorWeight?: number; considerMagicClip?: boolean; considerEndpoints?: boolean }
  | { kind: 'random' }
  | { kind: 'grid' };

export type PrunerConfig =
  | { kind: 'none' }
  | { kind: 'median'; nStartupTrials?: number; nWarmupSteps?: number; intervalSteps?: number; nMinTrials?: number }
  | { kind: 'successive_halving'; minResource?: number; reductionFactor?: number; minEarlyStoppingRate?: number }
  | { kind: 'hyperband'; minResource?: number; maxResource?: number; reductionFactor?: number };

/** What identifies a study; a resumed study must have the same space and directions. */
export interface StudyDefinition {
  name: string;
  directions: Direction[];
  space: SearchSpace;
  sampler: SamplerConfig;
  pruner: PrunerConfig;
  seed: number;
  /** What is optimised, e.g. `bench:branin`, `cmd:python3 score.py`, `run:oos_sharpe`. */
  objective: string;
  /** Free-form facts for the views (config hash, metric names …). */
  meta?: Record<string, unknown>;
}

export interface StudyRecord extends StudyDefinition {
  createdAt: number;
}

export interface TrialRecord {
  /** 0, 1, 2 … in creation order within the study. */
  number: number;
  state: TrialState;
  params: Params;
  /** One value per direction (complete trials; a pruned trial keeps its last intermediate value). */
  values: number[] | null;
  /** Reported intermediate values, by step (ascending). */
  intermediate: { step: number; value: number }[];
  startedAt: number;
  finishedAt: number | null;
  /** The workbench run this trial produced (run objectives). */
  runId: string | null;
  /** Why it failed (objective stderr, exception message, `interrupted …`). */
  error: string | null;
  /** The trial this one re-runs (a trial caught running by a crash is retried once). */
  retryOf: number | null;
  /**
   * 32-bit outputs the sampler's streams (streams.ts: [tpe, random]) had consumed after this trial was sampled, so a
   * resumed study continues them; null/absent for retries and trials stored before the streams were kept.
   */
  streamDraws?: number[] | null;
}

/**
 * Where studies live. Synchronous on purpose: the in-memory store and SQLite (better-sqlite3) both
 * are, and a trial number is assigned atomically by createTrial. A remote store sits behind a
 * TrialQueue instead (see queue.ts).
 */
export interface StudyStorage {
  getStudy(name: string): StudyRecord | null;
  createStudy(study: StudyRecord): void;
  listStudies(): StudyRecord[];
  /** All trials of a study in number order. */
  listTrials(study: string): TrialRecord[];
  /** Creates a running trial with the next number and returns it. */
  createTrial(study: string, trial: { params: Params; startedAt: number; retryOf: number | null; streamDraws?: number[] | null }): TrialRecord;
  reportIntermediate(study: string, number: number, step: number, value: number): void;
  setRunId(study: string, number: number, runId: string): void;
  /** running → complete | pruned | failed; throws when the trial is already finished. */
  finishTrial(study: string, number: number, outcome: { state: Exclude<TrialState, 'running'>; values: number[] | null; finishedAt: number; error: string | null }): void;
}
