import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, migrate, schemaVersion, LATEST_SCHEMA_VERSION, MIGRATIONS } from '../index.ts';
import { spawnSync } from 'node:child_process';

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'skippy-db-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const run = (id: string, status: 'queued' | 'running' | 'done' = 'queued', createdAt = 1) => ({
  id, name: id, status, createdAt, startedAt: null, finishedAt: null, configHash: 'h1', error: null, rerunOf: null,
});

describe('openDatabase(path)', () => {
  it('creates a WAL database at the latest schema version', () => {
    const db = openDatabase(join(tmp(), 'sub', 'skippy.db'), { now: () => 5 });
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('stores runs, configs, metrics (NaN → null), events; lists newest first; deletes with cascade', () => {
    const db = openDatabase(join(tmp(), 'a.db'));
    db.putConfig('h1', 'seed: 1\n', 0);
    db.putConfig('h1', 'ignored', 1);
    expect(db.getConfigYaml('h1')).toBe('seed: 1\n');
    db.insertRun(run('r1', 'queued', 1));
    db.insertRun(run('r2', 'done', 2));
    expect(db.listRuns().map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(db.listRuns({ status: 'queued' }).map((r) => r.id)).toEqual(['r1']);
    db.updateRun('r1', { status: 'running', startedAt: 10 });
    expect(db.getRun('r1')).toMatchObject({ status: 'running', startedAt: 10, finishedAt: null });
    db.putMetrics('r1', { sharpe: 1.5, pbo: Number.NaN });
    expect(db.getMetrics('r1')).toEqual({ pbo: null, sharpe: 1.5 });
    db.addEvent('r1', { ts: 3, kind: 'halt', stage: 'backtest', message: 'daily loss', data: { equity: 98 } });
    expect(db.listEvents('r1')).toEqual([{ id: 1, runId: 'r1', ts: 3, kind: 'halt', stage: 'backtest', message: 'daily loss', data: { equity: 98 } }]);
    expect(db.deleteRun('r1')).toBe(true);
    expect(db.deleteRun('r1')).toBe(false);
    expect(db.listEvents('r1')).toEqual([]);
    expect(db.getMetrics('r1')).toEqual({});
    db.close();
  });

  it('markInterrupted(now) turns queued and running runs into interrupted, with an event each', () => {
    const path = join(tmp(), 'b.db');
    let db = openDatabase(path);
    db.putConfig('h1', 'x', 0);
    db.insertRun(run('q', 'queued'));
    db.insertRun(run('r', 'running'));
    db.insertRun(run('d', 'done'));
    db.close();
    db = openDatabase(path);
    expect(db.markInterrupted(99, 'server stopped').sort()).toEqual(['q', 'r']);
    expect(db.getRun('r')).toMatchObject({ status: 'interrupted', finishedAt: 99, error: 'server stopped' });
    expect(db.getRun('d')!.status).toBe('done');
    expect(db.listEvents('q', { kind: 'status' })).toHaveLength(1);
    db.close();
  });

  it('markInterrupted(now) leaves the runs of another live process alone (lease), and takes over a dead one\'s', () => {
    const path = join(tmp(), 'lease.db');
    const cli = openDatabase(path);
    cli.putConfig('h1', 'x', 0);
    cli.insertRun(run('cli', 'running'));
    const server = openDatabase(path);
    expect(server.markInterrupted(Date.now(), 'server stopped')).toEqual([]);
    expect(server.getRun('cli')!.status).toBe('running');
    // a lease that expired (no heartbeat) is taken over
    expect(server.markInterrupted(Date.now() + 120_000, 'server stopped')).toEqual(['cli']);
    // a run owned by a process of this host that is gone is interrupted at once, lease or not
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    server.insertRun(run('orphan', 'running'));
    server.raw.prepare('UPDATE runs SET owner = ?, lease_until = ? WHERE id = ?').run(`${server.owner.split('/')[0]}/${dead}/x`, Date.now() + 60_000, 'orphan');
    const third = openDatabase(path);
    expect(third.markInterrupted(Date.now(), 'server stopped')).toEqual(['orphan']);
    cli.close(); server.close(); third.close();
  });

  it('updateRun to done clears a stale error; markDeleting hides a run until deleteRun', () => {
    const db = openDatabase(join(tmp(), 'e.db'));
    db.putConfig('h1', 'x', 0);
    db.insertRun(run('r', 'running'));
    db.updateRun('r', { status: 'interrupted', error: 'the server stopped' });
    db.updateRun('r', { status: 'done', finishedAt: 5 });
    expect(db.getRun('r')).toMatchObject({ status: 'done', error: null });
    expect(db.markDeleting('r')).toBe(true);
    expect(db.getRun('r')).toBeNull();
    expect(db.listRuns()).toEqual([]);
    expect(db.pendingDeletes()).toEqual(['r']);
    expect(db.deleteRun('r')).toBe(true);
    expect(db.pendingDeletes()).toEqual([]);
    db.close();
  });

  it('migrates an old (version 1) database in place, keeping its rows', () => {
    const path = join(tmp(), 'old.db');
    const raw = new Database(path);
    migrate(raw, { target: 1, now: 1 });
    expect(schemaVersion(raw)).toBe(1);
    raw.prepare('INSERT INTO configs VALUES (?, ?, ?)').run('h1', 'y', 1);
    raw.prepare("INSERT INTO runs (id, name, status, created_at, config_hash) VALUES ('old', 'old run', 'done', 1, 'h1')").run();
    raw.close();
    const db = openDatabase(path);
    expect(db.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(db.getRun('old')).toMatchObject({ name: 'old run', status: 'done', rerunOf: null });
    db.putBenchVersion({ version: 'v1', createdAt: 2, results: [{ name: 'k', median_ms: 3 }] });
    expect(db.listBenchVersions()).toEqual([{ version: 'v1', createdAt: 2, results: [{ name: 'k', median_ms: 3 }] }]);
    const versions = db.raw.prepare('SELECT version FROM schema_version ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    db.close();
  });

  it('refuses a database newer than the program', () => {
    const path = join(tmp(), 'new.db');
    const raw = new Database(path);
    schemaVersion(raw);
    raw.prepare('INSERT INTO schema_version VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 0, 'future');
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this program/);
  });
});
