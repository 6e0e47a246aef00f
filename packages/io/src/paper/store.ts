/**
 * Paper sessions in the workbench database: one row per session with its status, feed settings, the
 * encoded PaperSessionState (core's encodePaperState) and the feed health. Versioned like io/db's
 * MIGRATIONS but recorded in its own `paper_schema_version` table (as io/studies does), so it ships
 * without renumbering the main list. Never edit a shipped entry.
 */
import type Database from 'better-sqlite3';
import type { Migration } from '../db/index.ts';

export const PAPER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'paper sessions: run, feed, status, encoded state, feed health',
    up: `
      CREATE TABLE paper_sessions (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        feed TEXT NOT NULL CHECK (feed IN ('replay','live')),
        speed REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','paused','stopped','done','failed')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        error TEXT,
        health TEXT NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX paper_sessions_run ON paper_sessions(run_id);
    `,
  },
];

export type PaperStatus = 'running' | 'paused' | 'stopped' | 'done' | 'failed';

export interface PaperSessionRow {
  id: string;
  runId: string;
  feed: 'replay' | 'live';
  /** Replay speed (× real time; Infinity stored as 0). */
  speed: number;
  status: PaperStatus;
  createdAt: number;
  updatedAt: number;
  error: string | null;
  /** JSON of the feed health (last message, lag, gaps, reconnects, errors). */
  health: string;
  /** encodePaperState text. */
  state: string;
}

/** migratePaper(db, now) – applies the paper migrations above the recorded version; returns those applied. */
export function migratePaper(db: Database.Database, now: number): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS paper_schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL, description TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM paper_schema_version').get() as { v: number | null }).v ?? 0;
  const latest = PAPER_MIGRATIONS[PAPER_MIGRATIONS.length - 1].version;
  if (current > latest) throw new Error(`paper schema version ${current} is newer than this program (${latest}); upgrade Skippy`);
  const applied: number[] = [];
  for (const m of PAPER_MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO paper_schema_version (version, applied_at, description) VALUES (?, ?, ?)').run(m.version, now, m.description);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}

interface Raw { id: string; run_id: string; feed: 'replay' | 'live'; speed: number; status: PaperStatus; created_at: number; updated_at: number; error: string | null; health: string; state: string }
const fromRaw = (r: Raw): PaperSessionRow => ({ id: r.id, runId: r.run_id, feed: r.feed, speed: r.speed, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at, error: r.error, health: r.health, state: r.state });

export interface PaperStore {
  insert(row: PaperSessionRow): void;
  /** Updates the given fields (state and status are written in one statement: a crash leaves the old row or the new one). */
  update(id: string, fields: Partial<Pick<PaperSessionRow, 'status' | 'error' | 'health' | 'state' | 'updatedAt'>>): void;
  get(id: string): PaperSessionRow | null;
  /** Newest first, without the state column. */
  list(limit: number): Omit<PaperSessionRow, 'state'>[];
  /** Sessions a restarted server resumes. */
  running(): PaperSessionRow[];
}

/** openPaperStore(db, now) – migrates and returns the store over the workbench database's connection. */
export function openPaperStore(db: Database.Database, now: number): PaperStore {
  migratePaper(db, now);
  const ins = db.prepare('INSERT INTO paper_sessions (id, run_id, feed, speed, status, created_at, updated_at, error, health, state) VALUES (@id, @runId, @feed, @speed, @status, @createdAt, @updatedAt, @error, @health, @state)');
  const one = db.prepare('SELECT * FROM paper_sessions WHERE id = ?');
  const many = db.prepare('SELECT id, run_id, feed, speed, status, created_at, updated_at, error, health, \'\' AS state FROM paper_sessions ORDER BY created_at DESC, id DESC LIMIT ?');
  const live = db.prepare("SELECT * FROM paper_sessions WHERE status = 'running' ORDER BY created_at");
  const cols = { status: 'status', error: 'error', health: 'health', state: 'state', updatedAt: 'updated_at' } as const;
  return {
    insert: (row) => { ins.run(row); },
    update(id, fields) {
      const keys = (Object.keys(fields) as (keyof typeof cols)[]).filter((k) => Object.hasOwn(cols, k));
      if (!keys.length) return;
      db.prepare(`UPDATE paper_sessions SET ${keys.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
    },
    get: (id) => { const r = one.get(id) as Raw | undefined; return r ? fromRaw(r) : null; },
    list: (limit) => (many.all(limit) as Raw[]).map((r) => { const { state: _s, ...rest } = fromRaw(r); return rest; }),
    running: () => (live.all() as Raw[]).map(fromRaw),
  };
}
