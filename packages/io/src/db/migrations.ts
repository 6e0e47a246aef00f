/**
 * Versioned schema migrations. The database records its version in `schema_version`; opening it
 * applies every later migration in order, each inside one transaction. Never edit a shipped
 * migration: append a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, configs, metrics, events',
    up: `
      CREATE TABLE configs (hash TEXT PRIMARY KEY, yaml TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        config_hash TEXT NOT NULL REFERENCES configs(hash),
        error TEXT
      );
      CREATE INDEX runs_created ON runs(created_at);
      CREATE TABLE metrics (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, name));
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        stage TEXT,
        message TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_run ON events(run_id, id);
    `,
  },
  {
    version: 2,
    description: 'benchmark versions; runs.rerun_of',
    up: `
      ALTER TABLE runs ADD COLUMN rerun_of TEXT;
      CREATE TABLE bench_versions (version TEXT PRIMARY KEY, created_at INTEGER NOT NULL, results TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    description: 'runs.deleting (two-phase delete); runs.owner and runs.lease_until (a live process owns its queued/running runs)',
    up: `
      ALTER TABLE runs ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN owner TEXT;
      ALTER TABLE runs ADD COLUMN lease_until INTEGER;
    `,
  },
  {
    version: 4,
    description: 'bench_versions.kind (kernel | strategy) keyed with the version; bench_versions.record (JSON: a strategy benchmark\'s identity, metrics, noise)',
    up: `
      CREATE TABLE bench_versions_v4 (
        kind TEXT NOT NULL DEFAULT 'kernel' CHECK (kind IN ('kernel','strategy')),
        version TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        results TEXT NOT NULL,
        record TEXT,
        PRIMARY KEY (kind, version)
      );
      INSERT INTO bench_versions_v4 (kind, version, created_at, results) SELECT 'kernel', version, created_at, results FROM bench_versions;
      DROP TABLE bench_versions;
      ALTER TABLE bench_versions_v4 RENAME TO bench_versions;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** schemaVersion(db) – 0 for a fresh database. */
export function schemaVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL, description TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** migrate(db, {target, now}) – applies the migrations above the current version (up to target); returns the versions applied. */
export function migrate(db: Database.Database, opts: { target?: number; now: number }): number[] {
  const current = schemaVersion(db);
  const target = opts.target ?? LATEST_SCHEMA_VERSION;
  if (current > LATEST_SCHEMA_VERSION) throw new Error(`database schema version ${current} is newer than this program (${LATEST_SCHEMA_VERSION}); upgrade Skippy`);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)').run(m.version, opts.now, m.description);
    })();
    applied.push(m.version);
  }
  return applied;
}
