/**
 * The workbench database: SQLite through better-sqlite3 in WAL mode. Runs, configs (hash →
 * canonical YAML), metrics, events and benchmark versions. Large arrays live in Parquet artifacts
 * (see ../artifacts), the report JSON beside them.
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RunStatus } from '@skippy/core/reports';
import { migrate, schemaVersion } from './migrations.ts';

export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  configHash: string;
  error: string | null;
  rerunOf: string | null;
}

export interface EventRow {
  id: number;
  runId: string;
  ts: number;
  kind: string;
  stage: string | null;
  message: string;
  data: unknown;
}

export interface BenchVersion {
  version: string;
  createdAt: number;
  results: { name: string; median_ms: number; runs?: number; targetMs?: number }[];
  /** kernel: `bench --record` timings; strategy: `bench:run` (results empty, the figures in `record`). @default 'kernel' */
  kind?: 'kernel' | 'strategy';
  /** A strategy benchmark's record (StrategyBenchRecord); null for kernel timings. */
  record?: StrategyBenchRecord | null;
}

/**
 * A strategy benchmark version (`skippy-train bench:run`): the config evaluated on the most recent N days of one data
 * snapshot, identified by the snapshot's content hash, the config hash and the code version, with the run-to-run
 * noise over seeds and how it compares with the previous strategy version.
 */
export interface StrategyBenchRecord {
  days: number;
  /** SHA-256 of the bars used (symbols, interval, every ts/OHLCV value), and what they were. */
  data: { hash: string; source: string; symbols: string[]; interval: string; start: number; end: number; bars: number };
  config_hash: string;
  /** The config as run (data.range and evaluation.backtest.train_pct set for the window), its hash. */
  run_config_hash: string;
  code: { commit: string | null; dirty: boolean | null; package_version: string };
  /** The out-of-sample window: [start, end) and the train share that puts it there. */
  window: { start: number; end: number; train_pct: number; oos_bars: number };
  /** Headline of the first seed (the config's own seeds). */
  metrics: Record<string, number | null>;
  verdict: string;
  seeds: { seed: number; model_seed: number; sharpe: number | null; total_return: number | null; max_drawdown: number | null; trades: number }[];
  /** Std of the annualised Sharpe across seeds (null with one seed). */
  noise: { seeds: number; sharpe_std: number | null; sharpe_mean: number | null };
  /** Against the most recent other strategy version: the Sharpe difference and whether it exceeds the noise band. */
  comparison: { against: string; sharpe_delta: number | null; noise_band: number | null; exceeds_noise: boolean | null; statement: string } | null;
  /** True when this version was already stored with the same data, config and code and the same figures came out. */
  reproduced: boolean | null;
}

export interface OpenDatabaseOptions {
  /** Clock for migration records and leases. @default Date.now */
  now?: () => number;
  /**
   * How long a queued/running run stays owned by this handle's process without a heartbeat (ms); the
   * handle renews its leases every third of it while open. @default 60000
   */
  leaseMs?: number;
}

/** This process: `host/pid/random` (one per database handle). */
function newOwner(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** True when the owner string names a process on this host that no longer exists. */
function ownerIsDeadHere(owner: string): boolean {
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return false; } catch (e) { return (e as NodeJS.ErrnoException).code === 'ESRCH'; }
}

export interface SkippyDb {
  readonly path: string;
  readonly raw: Database.Database;
  schemaVersion(): number;
  close(): void;
  putConfig(hash: string, yaml: string, now: number): void;
  getConfigYaml(hash: string): string | null;
  insertRun(row: RunRow): void;
  getRun(id: string): RunRow | null;
  listRuns(opts?: { status?: RunStatus; limit?: number }): RunRow[];
  /**
   * Sets status and any of startedAt/finishedAt/error. A status other than failed/interrupted clears a
   * stale error unless one is given; a terminal status releases this handle's lease.
   */
  updateRun(id: string, patch: Partial<Pick<RunRow, 'status' | 'startedAt' | 'finishedAt' | 'error'>>): void;
  /** Removes the run row (and its metrics and events). */
  deleteRun(id: string): boolean;
  /**
   * First phase of a delete: the run disappears from getRun/listRuns at once; deleteRun after its files
   * are gone. Returns false for an unknown run.
   */
  markDeleting(id: string): boolean;
  /** Runs marked deleting whose delete did not finish (a crash between the phases). */
  pendingDeletes(): string[];
  /**
   * Marks interrupted every queued/running run that no live process owns: owned by this handle, never
   * leased, lease expired, or owned by a process of this host that is gone. Returns their ids. Runs
   * of another live process (a `skippy-train run --store` in progress) are left alone, and so are the
   * ids in `keep` (runs whose jobs a distributed queue still holds: a restarted server adopts them).
   */
  markInterrupted(now: number, reason: string, keep?: ReadonlySet<string>): string[];
  /** This handle's owner id (host/pid/random) written on the runs it inserts. */
  readonly owner: string;
  putMetrics(runId: string, metrics: Record<string, number | null>): void;
  getMetrics(runId: string): Record<string, number | null>;
  addEvent(runId: string, event: Omit<EventRow, 'id' | 'runId'>): void;
  listEvents(runId: string, opts?: { kind?: string }): EventRow[];
  /** Stores (replaces) a benchmark version of its kind (default kernel). */
  putBenchVersion(v: BenchVersion): void;
  /** Benchmark versions of one kind, newest first (default kernel: the timings of `bench --record`). */
  listBenchVersions(opts?: { kind?: 'kernel' | 'strategy' }): BenchVersion[];
  getBenchVersion(kind: 'kernel' | 'strategy', version: string): BenchVersion | null;
}

interface RawRun { id: string; name: string; status: RunStatus; created_at: number; started_at: number | null; finished_at: number | null; config_hash: string; error: string | null; rerun_of: string | null; owner?: string | null; lease_until?: number | null }

const toRun = (r: RawRun): RunRow => ({ id: r.id, name: r.name, status: r.status, createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at, configHash: r.config_hash, error: r.error, rerunOf: r.rerun_of });

interface RawBench { kind: 'kernel' | 'strategy'; version: string; created_at: number; results: string; record: string | null }

/** A kernel row reads back as it was written (no record); a strategy row carries kind and record. */
const toBench = (r: RawBench): BenchVersion => ({
  version: r.version, createdAt: r.created_at, results: JSON.parse(r.results) as BenchVersion['results'],
  ...(r.kind === 'strategy' ? { kind: r.kind, record: r.record === null ? null : (JSON.parse(r.record) as StrategyBenchRecord) } : {}),
});

/** finite(x) – NaN/±∞ stored as NULL. */
const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/** openDatabase(path) – opens (creating folders and the file) and migrates to the latest schema. ':memory:' works too. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SkippyDb {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 60_000;
  const owner = newOwner();
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db, { now: now() });

  const stmts = {
    putConfig: db.prepare('INSERT OR IGNORE INTO configs (hash, yaml, created_at) VALUES (?, ?, ?)'),
    getConfig: db.prepare('SELECT yaml FROM configs WHERE hash = ?'),
    insertRun: db.prepare('INSERT INTO runs (id, name, status, created_at, started_at, finished_at, config_hash, error, rerun_of, owner, lease_until) VALUES (@id, @name, @status, @createdAt, @startedAt, @finishedAt, @configHash, @error, @rerunOf, @owner, @leaseUntil)'),
    getRun: db.prepare('SELECT * FROM runs WHERE id = ? AND deleting = 0'),
    listAll: db.prepare('SELECT * FROM runs WHERE deleting = 0 ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    listStatus: db.prepare('SELECT * FROM runs WHERE status = ? AND deleting = 0 ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    markDeleting: db.prepare('UPDATE runs SET deleting = 1 WHERE id = ? AND deleting = 0'),
    pendingDeletes: db.prepare('SELECT id FROM runs WHERE deleting = 1'),
    active: db.prepare("SELECT id, owner, lease_until FROM runs WHERE status IN ('queued','running') AND deleting = 0"),
    interruptOne: db.prepare("UPDATE runs SET status = 'interrupted', finished_at = ?, error = ?, lease_until = NULL WHERE id = ? AND status IN ('queued','running')"),
    heartbeat: db.prepare("UPDATE runs SET lease_until = ? WHERE owner = ? AND status IN ('queued','running')"),
    release: db.prepare('UPDATE runs SET lease_until = 0 WHERE owner = ? AND status IN (\'queued\',\'running\')'),
    putMetric: db.prepare('INSERT OR REPLACE INTO metrics (run_id, name, value) VALUES (?, ?, ?)'),
    getMetrics: db.prepare('SELECT name, value FROM metrics WHERE run_id = ? ORDER BY name'),
    addEvent: db.prepare('INSERT INTO events (run_id, ts, kind, stage, message, data) VALUES (?, ?, ?, ?, ?, ?)'),
    listEvents: db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY id'),
    listEventsKind: db.prepare('SELECT * FROM events WHERE run_id = ? AND kind = ? ORDER BY id'),
    putBench: db.prepare('INSERT OR REPLACE INTO bench_versions (kind, version, created_at, results, record) VALUES (?, ?, ?, ?, ?)'),
    listBench: db.prepare('SELECT * FROM bench_versions WHERE kind = ? ORDER BY created_at DESC, rowid DESC'),
    getBench: db.prepare('SELECT * FROM bench_versions WHERE kind = ? AND version = ?'),
  };
  const toEvent = (r: { id: number; run_id: string; ts: number; kind: string; stage: string | null; message: string; data: string | null }): EventRow => ({
    id: r.id, runId: r.run_id, ts: r.ts, kind: r.kind, stage: r.stage, message: r.message, data: r.data === null ? null : JSON.parse(r.data),
  });

  // heartbeat: renew the leases of this handle's queued/running runs while it is open
  const beat = setInterval(() => { try { stmts.heartbeat.run(now() + leaseMs, owner); } catch { /* closed or busy: the next beat retries */ } }, Math.max(1000, Math.floor(leaseMs / 3)));
  beat.unref();
  const TERMINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);

  return {
    path,
    raw: db,
    owner,
    schemaVersion: () => schemaVersion(db),
    close: () => {
      clearInterval(beat);
      // runs this handle still owns are orphaned from now on: the next server start may mark them interrupted
      try { stmts.release.run(owner); } catch { /* read-only or already closed */ }
      db.close();
    },
    putConfig: (hash, yaml, at) => { stmts.putConfig.run(hash, yaml, at); },
    getConfigYaml: (hash) => (stmts.getConfig.get(hash) as { yaml: string } | undefined)?.yaml ?? null,
    insertRun: (row) => { stmts.insertRun.run({ ...row, owner, leaseUntil: TERMINAL.has(row.status) ? null : now() + leaseMs }); },
    getRun: (id) => { const r = stmts.getRun.get(id) as RawRun | undefined; return r ? toRun(r) : null; },
    listRuns: (opts = {}) => {
      const limit = opts.limit ?? 200;
      const rows = (opts.status ? stmts.listStatus.all(opts.status, limit) : stmts.listAll.all(limit)) as RawRun[];
      return rows.map(toRun);
    },
    updateRun: (id, patch) => {
      const cols: string[] = [], vals: unknown[] = [];
      const map: Record<string, string> = { status: 'status', startedAt: 'started_at', finishedAt: 'finished_at', error: 'error' };
      for (const [k, v] of Object.entries(patch)) { if (v === undefined || !Object.hasOwn(map, k)) continue; cols.push(`${map[k]} = ?`); vals.push(v); }
      // a run that ends well (or starts again) keeps no error from an earlier state
      if (patch.status !== undefined && patch.status !== 'failed' && patch.status !== 'interrupted' && patch.error === undefined) cols.push('error = NULL');
      if (patch.status !== undefined) {
        if (TERMINAL.has(patch.status)) cols.push('lease_until = NULL');
        else { cols.push('owner = ?', 'lease_until = ?'); vals.push(owner, now() + leaseMs); }
      }
      if (cols.length) db.prepare(`UPDATE runs SET ${cols.join(', ')} WHERE id = ?`).run(...vals, id);
    },
    deleteRun: (id) => stmts.deleteRun.run(id).changes > 0,
    markDeleting: (id) => stmts.markDeleting.run(id).changes > 0,
    pendingDeletes: () => (stmts.pendingDeletes.all() as { id: string }[]).map((r) => r.id),
    markInterrupted: (at, reason, keep) => db.transaction(() => {
      const orphaned = (stmts.active.all() as { id: string; owner: string | null; lease_until: number | null }[])
        .filter((r) => !keep?.has(r.id))
        .filter((r) => r.owner === null || r.owner === owner || r.lease_until === null || r.lease_until <= at || ownerIsDeadHere(r.owner))
        .map((r) => r.id);
      for (const id of orphaned) {
        stmts.interruptOne.run(at, reason, id);
        stmts.addEvent.run(id, at, 'status', null, reason, JSON.stringify({ status: 'interrupted' }));
      }
      return orphaned;
    })(),
    putMetrics: (runId, metrics) => db.transaction(() => { for (const [k, v] of Object.entries(metrics)) stmts.putMetric.run(runId, k, finite(v)); })(),
    getMetrics: (runId) => Object.fromEntries((stmts.getMetrics.all(runId) as { name: string; value: number | null }[]).map((r) => [r.name, r.value])),
    addEvent: (runId, e) => { stmts.addEvent.run(runId, e.ts, e.kind, e.stage, e.message, e.data === undefined ? null : JSON.stringify(e.data)); },
    listEvents: (runId, opts = {}) => ((opts.kind ? stmts.listEventsKind.all(runId, opts.kind) : stmts.listEvents.all(runId)) as Parameters<typeof toEvent>[0][]).map(toEvent),
    putBenchVersion: (v) => { stmts.putBench.run(v.kind ?? 'kernel', v.version, v.createdAt, JSON.stringify(v.results), v.record ? JSON.stringify(v.record) : null); },
    listBenchVersions: (opts = {}) => (stmts.listBench.all(opts.kind ?? 'kernel') as RawBench[]).map(toBench),
    getBenchVersion: (kind, version) => { const r = stmts.getBench.get(kind, version) as RawBench | undefined; return r ? toBench(r) : null; },
  };
}
