/**
 * Crash safety under load: the real server process is killed with SIGKILL at seeded random moments while
 * runs are queued and running and deletes are in flight, then restarted on the same home, three times.
 * After every restart: SQLite integrity is ok, nothing is stuck (no run queued or running once recovery
 * has run), no half-deleted run remains, every run reported "done" has its report.json, and every run
 * that existed before the kill and was not being deleted is still listed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createRng } from '@skippy/core';
import type { AppRouter } from '../trpc/router.ts';

const REPO = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const TINY = { name: 'chaos', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const client = (url: string) => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc` })] });

async function waitFor<T>(f: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startServer(home: string, cfg: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'apps/server/src/main.ts'), '--port', '0', '--home', home, '--workers', '1', '--config', cfg], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const url = waitFor(() => /listening on (http:\/\/\S+)/.exec(out)?.[1]);
  const exited = new Promise((r) => child.on('exit', r));
  return { child, url, exited, log: () => out };
}

describe('SIGKILL at random moments while runs and deletes are in flight (3 rounds)', () => {
  it('loses nothing, leaves nothing stuck, keeps the database intact, and every done run has its report', async () => {
    const home = mkdtempSync(join(tmpdir(), 'skippy-chaos-'));
    dirs.push(home);
    const cfg = join(home, 'training.yml');
    writeFileSync(cfg, 'name: chaos\n');
    const rng = createRng(20261204);
    for (let round = 0; round < 3; round++) {
      const s = startServer(home, cfg);
      const c = client(await s.url);
      // recovery after the previous kill: nothing queued or running is left, nothing half-deleted, every done run has its report
      const listed = await c.runs.list.query();
      for (const r of listed) {
        expect(['queued', 'running']).not.toContain(r.status);
        if (r.status === 'done') expect(existsSync(join(home, 'runs', r.id, 'report.json'))).toBe(true);
      }
      // load: a few runs, and deletes of finished ones
      const started: string[] = [];
      for (let k = 0; k < 3; k++) started.push((await c.runs.start.mutate({ config: { ...TINY, seed: round * 10 + k } })).id);
      await waitFor(async () => (await c.runs.list.query()).some((r) => r.status === 'done' && started.includes(r.id)), 30_000).catch(() => null);
      const before = await c.runs.list.query();
      const deletable = before.filter((r) => r.status === 'done').map((r) => r.id);
      const deleting = deletable.slice(0, 1 + rng.int(2));
      const deletes = deleting.map((id) => c.runs.delete.mutate({ id }).catch(() => null));
      // kill at a seeded random moment while the deletes and the remaining runs are in flight
      await new Promise((r) => setTimeout(r, rng.int(400)));
      s.child.kill('SIGKILL');
      await s.exited;
      await Promise.all(deletes);
      // the database file is intact right after the kill
      const db = new Database(join(home, 'skippy.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      // every run listed before the kill and not being deleted must still exist after the restart
      const next = startServer(home, cfg);
      const c2 = client(await next.url);
      const after = await c2.runs.list.query();
      const ids = new Set(after.map((r) => r.id));
      for (const r of before) if (!deleting.includes(r.id)) expect(ids.has(r.id)).toBe(true);
      for (const r of after) {
        expect(['queued', 'running']).not.toContain(r.status);
        if (r.status === 'done') expect(existsSync(join(home, 'runs', r.id, 'report.json'))).toBe(true);
      }
      // a deleted run is either fully there (the delete did not start) or fully gone (files and row)
      for (const id of deleting) if (!ids.has(id)) expect(existsSync(join(home, 'runs', id))).toBe(false);
      next.child.kill('SIGTERM');
      await next.exited;
    }
  }, 240_000);
});
