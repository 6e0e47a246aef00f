/**
 * The studies tables, versioned like io/db's MIGRATIONS but recorded in their own `study_schema_version`
 * table, so they can ship without renumbering the database's main migration list (io/db's MIGRATIONS
 * is a closed array; registering these there is a one-line follow-up). Never edit a shipped entry.
 */
import type Database from 'better-sqlite3';
import type { Migration } from '../db/index.ts';

export const STUDY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'hpo studies, trials, intermediate values',
    up: `
      CREATE TABLE hpo_studies (
        name TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        directions TEXT NOT NULL,
        space TEXT NOT NULL,
        sampler TEXT NOT NULL,
        pruner TEXT NOT NULL,
        seed INTEGER NOT NULL,
        objective TEXT NOT NULL,
        meta TEXT
      );
      CREATE TABLE hpo_trials (
        study TEXT NOT NULL REFERENCES hpo_studies(name) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running','complete','pruned','failed')),
        params TEXT NOT NULL,
        "values" TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        run_id TEXT,
        error TEXT,
        retry_of INTEGER,
        PRIMARY KEY (study, number)
      );
      CREATE TABLE hpo_intermediate (
        study TEXT NOT NULL,
        number INTEGER NOT NULL,
        step INTEGER NOT NULL,
        value REAL,
        PRIMARY KEY (study, number, step),
        FOREIGN KEY (study, number) REFERENCES hpo_trials(study, number) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 2,
    description: 'hpo study jobs: studies the server runs (budget, parallelism, base config, active/stopped/done)',
    up: `
      CREATE TABLE hpo_study_jobs (
        study TEXT PRIMARY KEY REFERENCES hpo_studies(name) ON DELETE CASCADE,
        config TEXT NOT NULL,
        n_trials INTEGER NOT NULL,
        parallel INTEGER NOT NULL,
        deadline INTEGER,
        status TEXT NOT NULL CHECK (status IN ('active','stopped','done')),
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'hpo study jobs: nested evaluation (outer window start, the outer run\'s figures)',
    up: `
      ALTER TABLE hpo_study_jobs ADD COLUMN outer_from TEXT;
      ALTER TABLE hpo_study_jobs ADD COLUMN nested TEXT;
    `,
  },
  {
    version: 4,
    description: 'hpo trials: stream_draws, the sampler streams\' positions after the trial was sampled (JSON [tpe, random]; NULL for retries and older trials)',
    up: `
      ALTER TABLE hpo_trials ADD COLUMN stream_draws TEXT;
    `,
  },
];

/** migrateStudies(db, now) – applies the study migrations above the recorded version; returns those applied. */
export function migrateStudies(db: Database.Database, now: number): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS study_schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL, description TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM study_schema_version').get() as { v: number | null }).v ?? 0;
  const latest = STUDY_MIGRATIONS[STUDY_MIGRATIONS.length - 1].version;
  if (current > latest) throw new Error(`study schema version ${current} is newer than this program (${latest}); upgrade Skippy`);
  const applied: number[] = [];
  for (const m of STUDY_MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO study_schema_version (version, applied_at, description) VALUES (?, ?, ?)').run(m.version, now, m.description);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
