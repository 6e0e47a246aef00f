/**
 * Study jobs: the studies a server runs, with what it needs to resume them after a restart – the base
 * experiment config (JSON), the trial budget, the trials in flight and the deadline – and whether the
 * job is active (resumed at start-up), stopped (by the user) or done (budget used up, and the nested evaluation run
 * when one was asked for).
 */
import type Database from 'better-sqlite3';
import type { SkippyDb } from '../db/index.ts';
import { migrateStudies } from './migrations.ts';

export type StudyJobStatus = 'active' | 'stopped' | 'done';

export interface StudyJob {
  study: string;
  /** The base experiment config, as validated JSON. */
  config: unknown;
  nTrials: number;
  parallel: number;
  /** No trial starts at or after this time (epoch ms); null: none. */
  deadline: number | null;
  status: StudyJobStatus;
  updatedAt: number;
  /** Nested evaluation: the trials select on data before this UTC day; the best is reported from it on (null: off). */
  outerFrom?: string | null;
  /** The outer run's figures once evaluated (JSON object). */
  nested?: Record<string, unknown> | null;
}

interface RawJob { study: string; config: string; n_trials: number; parallel: number; deadline: number | null; status: StudyJobStatus; updated_at: number; outer_from: string | null; nested: string | null }

export interface StudyJobStore {
  get(study: string): StudyJob | null;
  list(status?: StudyJobStatus): StudyJob[];
  /** Creates or replaces a job (a study started again gets a new budget). */
  put(job: StudyJob): void;
  setStatus(study: string, status: StudyJobStatus, at: number): void;
  /** Stores the nested evaluation's outcome. */
  setNested(study: string, nested: Record<string, unknown>, at: number): void;
}

const toJob = (r: RawJob): StudyJob => ({
  study: r.study, config: JSON.parse(r.config), nTrials: r.n_trials, parallel: r.parallel, deadline: r.deadline, status: r.status, updatedAt: r.updated_at,
  outerFrom: r.outer_from, nested: r.nested === null ? null : JSON.parse(r.nested),
});

/** openStudyJobs(db) – the hpo_study_jobs table (migrated on open). */
export function openStudyJobs(db: SkippyDb | Database.Database, options: { now?: () => number } = {}): StudyJobStore {
  const raw: Database.Database = 'raw' in db ? db.raw : db;
  migrateStudies(raw, (options.now ?? Date.now)());
  const s = {
    get: raw.prepare('SELECT * FROM hpo_study_jobs WHERE study = ?'),
    all: raw.prepare('SELECT * FROM hpo_study_jobs ORDER BY updated_at, study'),
    byStatus: raw.prepare('SELECT * FROM hpo_study_jobs WHERE status = ? ORDER BY updated_at, study'),
    put: raw.prepare('INSERT OR REPLACE INTO hpo_study_jobs (study, config, n_trials, parallel, deadline, status, updated_at, outer_from, nested) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    status: raw.prepare('UPDATE hpo_study_jobs SET status = ?, updated_at = ? WHERE study = ?'),
    nested: raw.prepare('UPDATE hpo_study_jobs SET nested = ?, updated_at = ? WHERE study = ?'),
  };
  return {
    get: (study) => { const r = s.get.get(study) as RawJob | undefined; return r ? toJob(r) : null; },
    list: (status) => ((status ? s.byStatus.all(status) : s.all.all()) as RawJob[]).map(toJob),
    put: (j) => { s.put.run(j.study, JSON.stringify(j.config), j.nTrials, j.parallel, j.deadline, j.status, j.updatedAt, j.outerFrom ?? null, j.nested ? JSON.stringify(j.nested) : null); },
    setStatus: (study, status, at) => { s.status.run(status, at, study); },
    setNested: (study, nested, at) => { s.nested.run(JSON.stringify(nested), at, study); },
  };
}
