/**
 * Issue 13 re-probed (after hardening.test.ts): what the load benchmark and the attacker probes found.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configToYaml, validateConfig } from '@skippy/core/config';
import { createServer } from '../server.ts';
import { jsonDepthExceeds } from '../security.ts';
import { AsyncQueue, MAX_QUEUED_EVENTS } from '../services/asyncQueue.ts';
import type { RunningServer } from '../server.ts';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-probes-'));
  const configPath = join(dir, 'training.yml');
  writeFileSync(configPath, 'name: probes\n');
  server = await createServer({ port: 0, home: join(dir, 'home'), configPath, workers: 1, warmWorkers: false, webDist: join(dir, 'no-web') });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runs.get under load: the stored config is parsed once per hash', () => {
  it('second get reads no YAML; each answer is its own copy', async () => {
    const v = validateConfig({ name: 'cached', seed: 7 });
    if (!v.ok) throw new Error(v.issues.map((i) => i.text).join('; '));
    server.db.putConfig(v.hash, configToYaml(v.config), 1);
    server.db.insertRun({ id: 'rcache1', name: 'cached', status: 'done', createdAt: 1, startedAt: 1, finishedAt: 2, configHash: v.hash, error: null, rerunOf: null });
    const spy = vi.spyOn(server.db, 'getConfigYaml');
    try {
      const first = server.runs.get('rcache1')!;
      expect(first.config).toEqual(v.config);
      expect(spy).toHaveBeenCalledTimes(1);
      first.config.seed = 99;
      first.config.data.symbols.push('XRP');
      const again = await fetch(`${server.url}/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ id: 'rcache1' }))}`);
      const body = (await again.json()) as { result: { data: { config: { seed: number; data: { symbols: string[] } } } } };
      expect(body.result.data.config.seed).toBe(7);
      expect(body.result.data.config.data.symbols).toEqual(v.config.data.symbols);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally { spy.mockRestore(); }
  });
});

describe('deep nesting never reaches a recursive parser on the main thread', () => {
  const post = (body: string) => fetch(`${server.url}/trpc/config.validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('YAML text 1,000 then 5,000 levels deep (this pair crashed the process) → 400 naming the nesting; the server answers on', async () => {
    for (const d of [1000, 5000, 1000, 5000]) {
      const r = await post(JSON.stringify({ config: `data: ${'['.repeat(d)}${']'.repeat(d)}` }));
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toBe('config:1: expected at most 64 levels of nesting (a config is about 6 deep)');
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('a JSON body nested deeper than 64 levels → 400 before parsing; 60 levels reach the schema', async () => {
    const deep = await post(`{"config":{"data":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ error: { message: 'request body: expected at most 64 levels of nesting', code: 'BAD_REQUEST' } });
    const fine = await post(`{"config":{"data":${'['.repeat(60)}${']'.repeat(60)}}}`);
    expect(fine.status).toBe(400);
    expect(JSON.stringify(await fine.json())).toMatch(/data: .*expected object/);
    expect((await fetch(`${server.url}/trpc/runs.list`)).status).toBe(200);
  });

  it('jsonDepthExceeds skips brackets in strings and escaped quotes', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(jsonDepthExceeds(enc(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(enc('[[[]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(enc('[[[[]]]]'), 3)).toBe(true);
  });
});

describe('a bind the flags make impossible is a bad input (exit 2, one line), not a stack trace', () => {
  const MAIN = join(import.meta.dirname, '..', 'main.ts');
  const run = (args: string[]) => new Promise<{ code: number | null; err: string }>((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--home', join(dir, 'home-bind'), '--config', join(dir, 'training.yml'), '--workers', '1', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', (code) => { clearTimeout(timer); resolveRun({ code, err }); });
  });

  it('--host not of this machine, and --port in use', async () => {
    const busy = createNetServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const [foreign, inUse] = await Promise.all([
        run(['--host', '192.0.2.1', '--port', '0', '--token', 'bind-test-token-0123456789']),
        run(['--port', String(port)]),
      ]);
      expect(foreign.code, foreign.err).toBe(2);
      expect(foreign.err).toBe('skippy-server: --host: expected an address of this machine (or 0.0.0.0 / ::), got "192.0.2.1"\n');
      expect(inUse.code, inUse.err).toBe(2);
      expect(inUse.err).toBe(`skippy-server: --port: 127.0.0.1:${port} is already in use: choose another port (--port / SKIPPY_PORT; 0 = any free port)\n`);
    } finally { busy.close(); }
  }, 60_000);
});

describe('a subscriber that never reads', () => {
  it('cannot grow its queue without bound: past the cap the queue is dropped and the stream ends', async () => {
    let closed = 0;
    const q = new AsyncQueue<number>(undefined, () => { closed++; }, 5);
    for (let i = 0; i < 5; i++) q.push(i);
    expect(closed).toBe(0);
    q.push(5);
    q.push(6);
    expect(closed).toBe(1);
    const seen: number[] = [];
    for await (const x of q) seen.push(x);
    expect(seen).toEqual([]);
    // a reader that keeps up never hits the cap
    const live = new AsyncQueue<number>(undefined, undefined, 2);
    const it = live[Symbol.asyncIterator]();
    const got: number[] = [];
    for (let i = 0; i < 10; i++) { const next = it.next(); live.push(i); got.push((await next).value as number); }
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(MAX_QUEUED_EVENTS).toBe(10_000);
  });
});
