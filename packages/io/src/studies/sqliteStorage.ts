/**
 * The StudyStorage of @skippy/core/hpo in the workbench database (SQLite, WAL): every write is its own
 * transaction, so a study survives kill -9 with everything told so far; trial numbers are assigned
 * inside an IMMEDIATE transaction, so several processes can share a study.
 */
import type Database from 'better-sqlite3';
import type { StudyRecord, StudyStorage, TrialRecord, TrialState } from '@skippy/core/hpo';
import type { SkippyDb } from '../db/index.ts';
import { migrateStudies } from './migrations.ts';

interface RawStudy { name: string; created_at: number; directions: string; space: string; sampler: string; pruner: string; seed: number; objective: string; meta: string | null }
interface RawTrial { study: string; number: number; state: TrialState; params: string; values: string | null; started_at: number; finished_at: number | null; run_id: string | null; error: string | null; retry_of: number | null; stream_draws: string | null }

const toStudy = (r: RawStudy): StudyRecord => ({
  name: r.name, createdAt: r.created_at, directions: JSON.parse(r.directions), space: JSON.parse(r.space), sampler: JSON.parse(r.sampler),
  pruner: JSON.parse(r.pruner), seed: r.seed, objective: r.objective, ...(r.meta ? { meta: JSON.parse(r.meta) } : {}),
});

/** openStudyStorage(db, {now}) – the studies tables in the workbench database (migrated on open). */
export function openStudyStorage(db: SkippyDb | Database.Database, options: { now?: () => number } = {}): StudyStorage {
  const raw: Database.Database = 'raw' in db ? db.raw : db;
  migrateStudies(raw, (options.now ?? Date.now)());
  const s = {
    getStudy: raw.prepare('SELECT * FROM hpo_studies WHERE name = ?'),
    listStudies: raw.prepare('SELECT * FROM hpo_studies ORDER BY created_at, name'),
    insertStudy: raw.prepare('INSERT INTO hpo_studies (name, created_at, directions, space, sampler, pruner, seed, objective, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    trials: raw.prepare('SELECT * FROM hpo_trials WHERE study = ? ORDER BY number'),
    trial: raw.prepare('SELECT * FROM hpo_trials WHERE study = ? AND number = ?'),
    inter: raw.prepare('SELECT number, step, value FROM hpo_intermediate WHERE study = ? ORDER BY number, step'),
    interOne: raw.prepare('SELECT step, value FROM hpo_intermediate WHERE study = ? AND number = ? ORDER BY step'),
    next: raw.prepare('SELECT COALESCE(MAX(number) + 1, 0) AS n FROM hpo_trials WHERE study = ?'),
    insertTrial: raw.prepare("INSERT INTO hpo_trials (study, number, state, params, started_at, retry_of, stream_draws) VALUES (?, ?, 'running', ?, ?, ?, ?)"),
    putInter: raw.prepare('INSERT OR REPLACE INTO hpo_intermediate (study, number, step, value) VALUES (?, ?, ?, ?)'),
    setRun: raw.prepare('UPDATE hpo_trials SET run_id = ? WHERE study = ? AND number = ?'),
    finish: raw.prepare("UPDATE hpo_trials SET state = ?, \"values\" = ?, finished_at = ?, error = ? WHERE study = ? AND number = ? AND state = 'running'"),
  };
  const toTrial = (r: RawTrial, inter: { step: number; value: number | null }[]): TrialRecord => ({
    number: r.number, state: r.state, params: JSON.parse(r.params), values: r.values === null ? null : JSON.parse(r.values),
    intermediate: inter.map((p) => ({ step: p.step, value: p.value ?? NaN })), startedAt: r.started_at, finishedAt: r.finished_at,
    runId: r.run_id, error: r.error, retryOf: r.retry_of, ...(r.stream_draws ? { streamDraws: JSON.parse(r.stream_draws) as number[] } : {}),
  });
  const createTrial = raw.transaction((study: string, params: string, startedAt: number, retryOf: number | null, streamDraws: string | null) => {
    const n = (s.next.get(study) as { n: number }).n;
    s.insertTrial.run(study, n, params, startedAt, retryOf, streamDraws);
    return n;
  });
  return {
    getStudy: (name) => { const r = s.getStudy.get(name) as RawStudy | undefined; return r ? toStudy(r) : null; },
    listStudies: () => (s.listStudies.all() as RawStudy[]).map(toStudy),
    createStudy: (st) => { s.insertStudy.run(st.name, st.createdAt, JSON.stringify(st.directions), JSON.stringify(st.space), JSON.stringify(st.sampler), JSON.stringify(st.pruner), st.seed, st.objective, st.meta ? JSON.stringify(st.meta) : null); },
    listTrials: (name) => {
      const inter = new Map<number, { step: number; value: number | null }[]>();
      for (const p of s.inter.all(name) as { number: number; step: number; value: number | null }[]) { const a = inter.get(p.number); if (a) a.push(p); else inter.set(p.number, [p]); }
      return (s.trials.all(name) as RawTrial[]).map((r) => toTrial(r, inter.get(r.number) ?? []));
    },
    createTrial: (name, t) => {
      const n = createTrial.immediate(name, JSON.stringify(t.params), t.startedAt, t.retryOf, t.streamDraws ? JSON.stringify(t.streamDraws) : null);
      return toTrial(s.trial.get(name, n) as RawTrial, []);
    },
    reportIntermediate: (name, n, step, value) => { s.putInter.run(name, n, step, Number.isFinite(value) ? value : null); },
    setRunId: (name, n, runId) => { s.setRun.run(runId, name, n); },
    finishTrial: (name, n, o) => {
      const r = s.finish.run(o.state, o.values ? JSON.stringify(o.values) : null, o.finishedAt, o.error, name, n);
      if (r.changes === 0) throw new Error(`trial ${n} of study ${name} is not running`);
    },
  };
}

/** deleteStudy(db, name) – removes a study with its trials; false when there was none. */
export function deleteStudy(db: SkippyDb | Database.Database, name: string): boolean {
  const raw: Database.Database = 'raw' in db ? db.raw : db;
  return raw.transaction(() => {
    raw.prepare('DELETE FROM hpo_intermediate WHERE study = ?').run(name);
    raw.prepare('DELETE FROM hpo_trials WHERE study = ?').run(name);
    raw.prepare('DELETE FROM hpo_study_jobs WHERE study = ?').run(name);
    return raw.prepare('DELETE FROM hpo_studies WHERE name = ?').run(name).changes > 0;
  })();
}
