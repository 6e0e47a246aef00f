/**
 * The BullMQ engine end to end: a real redis-server on a loopback port, 1 server process (SKIPPY_REDIS) and
 * 3 `skippy-train worker` processes. A 6-set ablation and a 24-trial study sent with --redis equal the
 * embedded run; kill -9 of a worker mid-job loses nothing (retried on another worker, stored once); kill -9
 * of the server keeps its queued runs (the restarted server adopts them); a bad job fails alone with a
 * clear message; token, content hash and version mismatches are one line each. Skipped (with the reason)
 * when redis-server is not on PATH.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { BlobStore, JobClient } from '@skippy/io/jobs';
import type { RunFailureKind, WorkerInfo } from '@skippy/io/jobs';
import { validateConfig } from '@skippy/core/config';
import { ablateFeaturesCommand } from '../ablate.ts';
import { hpoCommand } from '../hpo.ts';
import { runInProcess } from './cliHarness.ts';

const REDIS_SERVER = (() => { try { return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim(); } catch { return ''; } })();
if (!REDIS_SERVER) console.warn('cluster.test.ts skipped: redis-server is not on PATH (apt-get install redis-server; .ci/run installs it)');

const ROOT = resolve(import.meta.dirname, '../../../../..');
const BIN = join(ROOT, 'apps/cli/bin/skippy-train.js');
const SERVER_MAIN = join(ROOT, 'apps/server/src/main.ts');
const VERSION = 'cluster-test-v1';
const TOKEN = 'cluster-test-token-0123456789';
const TINY = { name: 'tiny', data: { symbols: ['BTC'], bar_interval: '5m', synthetic: { days: 2 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
/** Long enough (≈ 3–5 s) to be caught mid-job. */
const LONGER = { name: 'longer', data: { symbols: ['BTC'], synthetic: { days: 6 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };

const dir = mkdtempSync(join(tmpdir(), 'skippy-cluster-'));
const children: ChildProcess[] = [];
let redisUrl = '';
let redisPort = 0;
let serverPort = 0;
let server: ChildProcess | null = null;
const workers: { proc: ChildProcess; log: string[] }[] = [];
let redis: Redis;

const freePort = () => new Promise<number>((res) => { const s = createNetServer(); s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => res(typeof a === 'object' && a ? a.port : 0)); }); });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function start(args: string[], env: Record<string, string> = {}, log?: string[]): ChildProcess {
  const p = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, SKIPPY_CODE_VERSION: VERSION, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout!.on('data', (c: Buffer) => log?.push(c.toString()));
  p.stderr!.on('data', (c: Buffer) => log?.push(c.toString()));
  children.push(p);
  return p;
}

function startServer(): ChildProcess {
  const home = join(dir, 'server-home');
  const log: string[] = [];
  const p = start(['--import', 'tsx', SERVER_MAIN, '--port', String(serverPort), '--home', home, '--config', join(dir, 'training.yml'), '--redis', redisUrl], { SKIPPY_TOKEN: TOKEN }, log);
  return p;
}

function startWorker(extra: string[] = [], env: Record<string, string> = {}): { proc: ChildProcess; log: string[] } {
  const log: string[] = [];
  const proc = start([BIN, 'worker', '--redis', redisUrl, '--server', `http://127.0.0.1:${serverPort}`, '--token', TOKEN, '--lock-ms', '4000', '--cache', join(dir, `cache-${children.length}`), ...extra], env, log);
  return { proc, log };
}

/** One tRPC call over plain HTTP (no transformer: the input is the JSON body / query). */
async function trpc<T>(kind: 'query' | 'mutation', path: string, input?: unknown): Promise<T> {
  const base = `http://127.0.0.1:${serverPort}/trpc/${path}`;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const res = kind === 'query'
    ? await fetch(input === undefined ? base : `${base}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : await fetch(base, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = await res.json() as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path}: ${res.status} ${body.error?.message ?? ''}`);
  return body.result.data;
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => { if (p.exitCode !== null) r(p.exitCode); else p.once('exit', (code) => r(code)); });
const registered = async (): Promise<WorkerInfo[]> => (await trpc<{ workers: WorkerInfo[] }>('query', 'workers.list')).workers;

describe.skipIf(!REDIS_SERVER)('BullMQ cluster: 1 server + 3 worker processes on a real Redis', () => {
  beforeAll(async () => {
    process.env.SKIPPY_CODE_VERSION = VERSION;
    writeFileSync(join(dir, 'training.yml'), 'name: cluster\n');
    redisPort = await freePort();
    serverPort = await freePort();
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    const r = spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(r);
    redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    await waitFor('redis-server', async () => { if (redis.status !== 'ready') await redis.connect(); return (await redis.ping()) === 'PONG'; });
    server = startServer();
    await waitFor('the server', async () => (await fetch(`http://127.0.0.1:${serverPort}/healthz`)).ok, 60_000);
    for (let k = 0; k < 3; k++) workers.push(startWorker());
    await waitFor('3 registered workers', async () => (await registered()).length === 3, 60_000)
      .catch((e: unknown) => { throw new Error(`${String(e)}; worker logs: ${workers.map((w) => w.log.join('')).join(' | ')}`); });
  }, 90_000);

  afterAll(async () => {
    for (const p of children) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    redis?.disconnect();
    delete process.env.SKIPPY_CODE_VERSION;
    rmSync(dir, { recursive: true, force: true });
  });

  it('ablate:features --redis: 6 feature sets at once on the cluster, the same JSON as the embedded run', async () => {
    const cfg = join(dir, 'ablation.yml');
    writeFileSync(cfg, 'name: abl\ndata:\n  symbols: [BTC]\n  bar_interval: 5m\n  synthetic: { days: 2 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const sets = 'price,microstructure,price+microstructure,price+derivatives,microstructure+derivatives,price+microstructure+derivatives';
    const [remote, local] = [await runInProcess(ablateFeaturesCommand, '--config', cfg, '--sets', sets, '--redis', redisUrl, '--json'), await runInProcess(ablateFeaturesCommand, '--config', cfg, '--sets', sets, '--json')];
    expect(remote.code, remote.stderr).toBe(0);
    expect(local.code, local.stderr).toBe(0);
    const strip = (s: string) => { const j = JSON.parse(s) as Record<string, unknown>; delete j.duration_ms; return j; };
    const r = strip(remote.stdout);
    expect((r.sets as unknown[]).length).toBe(6);
    expect(r).toEqual(strip(local.stdout));
  }, 60_000);

  it('hpo:optuna --redis: a 24-trial study on the cluster, trial by trial equal to the embedded study', async () => {
    const cfg = join(dir, 'study.yml');
    writeFileSync(cfg, 'name: study\ndata:\n  symbols: [BTC]\n  bar_interval: 5m\n  synthetic: { days: 2 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const space = join(dir, 'space.yml');
    writeFileSync(space, 'models.primary.l2: {type: float, low: 0.001, high: 10, log: true}\nlabels.pt: {choices: [1, 2]}\n');
    const args = ['--config', cfg, '--space', space, '--trials', '24', '--sampler', 'random', '--pruner', 'none', '--seed', '5', '--parallel', '3', '--json'];
    const remote = await runInProcess(hpoCommand, ...args, '--home', join(dir, 'study-remote'), '--redis', redisUrl);
    expect(remote.code, remote.stderr).toBe(0);
    const local = await runInProcess(hpoCommand, ...args, '--home', join(dir, 'study-local'));
    expect(local.code, local.stderr).toBe(0);
    type Trial = { number: number; params: unknown; value: number | null; state: string; run_id: string };
    const trials = (s: string) => (JSON.parse(s) as { trials: Trial[] }).trials.sort((a, b) => a.number - b.number);
    const r = trials(remote.stdout), l = trials(local.stdout);
    expect(r).toHaveLength(24);
    expect(new Set(r.map((t) => t.run_id)).size).toBe(24);
    expect(r.map((t) => [t.number, t.params, t.value, t.state])).toEqual(l.map((t) => [t.number, t.params, t.value, t.state]));
  }, 120_000);

  it('a trainer: ppo run on the cluster: a worker trains the policy, the report keeps its history, the server writes the frozen policy', async () => {
    const ppo = { ...TINY, name: 'tiny-ppo', trainer: 'ppo', evaluation: { ...TINY.evaluation, backtest: { n_windows: 2 } }, ppo: { steps: 1024, num_envs: 2, num_steps: 64, num_minibatches: 2, update_epochs: 1, hidden: [8], window: 4, episode_bars: 32 } };
    const { id } = await trpc<{ id: string }>('mutation', 'runs.start', { config: ppo });
    const run = await waitFor('the PPO run to end', async () => {
      const r = await trpc<{ status: string; error: string | null }>('query', 'runs.get', { id });
      return ['done', 'failed', 'cancelled', 'interrupted'].includes(r.status) ? r : null;
    }, 60_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    const report = await trpc<{ policyTraining: { kind: string; series: { window: number; step: number[] }[] } }>('query', 'reports.get', { id });
    expect(report.policyTraining.kind).toBe('ppo');
    expect(report.policyTraining.series.map((s) => s.window)).toEqual([0, 1]);
    const frozen = JSON.parse(readFileSync(join(dir, 'server-home', 'runs', id, 'frozen.json'), 'utf8')) as { kind: string; symbols: string[] };
    expect(frozen).toMatchObject({ kind: 'policy', symbols: ['BTC'] });
  }, 90_000);

  it('kill -9 of a worker mid-job: the run is retried on another worker, finishes once, and its report is stored once', async () => {
    const { id } = await trpc<{ id: string }>('mutation', 'runs.start', { config: LONGER });
    const victim = await waitFor('a worker holding the run', async () => {
      const holder = (await registered()).find((w) => w.current.includes(id));
      return holder ? workers.find((w) => w.proc.pid === holder.pid) : null;
    });
    victim.proc.kill('SIGKILL');
    const run = await waitFor('the run to end', async () => {
      const r = await trpc<{ status: string; events: { message: string }[]; error: string | null }>('query', 'runs.get', { id });
      return ['done', 'failed', 'cancelled', 'interrupted'].includes(r.status) ? r : null;
    }, 60_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    expect(run.events.filter((e) => e.message.startsWith('done:'))).toHaveLength(1);
    expect(run.events.filter((e) => /^attempt 2 on .* \(the previous attempt failed or its worker was lost\)$/.test(e.message))).toHaveLength(1);
    // finished by another worker after BullMQ found the job stalled (its lock expired with the killed process)
    const job = await waitFor('the job to complete', async () => { const h = await redis.hgetall(`bull:skippy-runs:${id}`); return h.returnvalue ? h : null; });
    expect((JSON.parse(job.returnvalue) as { worker: string }).worker).not.toContain(`-${victim.proc.pid}-`);
    expect(Number(job.stc ?? 0) + Number(job.atm ?? 0)).toBeGreaterThanOrEqual(1);
    workers.splice(workers.indexOf(victim), 1);
    workers.push(startWorker());
  }, 90_000);

  it('cancel from the browser reaches the worker: a running run stops as cancelled and its worker takes the next job', async () => {
    const { id } = await trpc<{ id: string }>('mutation', 'runs.start', { config: { ...LONGER, seed: 7 } });
    await waitFor('a worker holding the run', async () => (await registered()).some((w) => w.current.includes(id)));
    const t0 = Date.now();
    expect(await trpc<{ status: string }>('mutation', 'runs.cancel', { id })).toEqual({ id, status: 'cancelled' });
    expect(Date.now() - t0).toBeLessThan(15_000);
    const job = await waitFor('the job to fail as cancelled', async () => { const h = await redis.hgetall(`bull:skippy-runs:${id}`); return h.finishedOn ? h : null; });
    expect(job.failedReason).toMatch(/^cancelled: /);
    await waitFor('the worker to be idle', async () => (await registered()).every((w) => !w.current.includes(id)));
  }, 60_000);

  it('a bad job fails alone with a clear message; an unknown content hash is one line; an internal failure is retried 3 times', async () => {
    const http = createHttpServer((req, res) => { req.url = req.url!.replace(/^\/jobs/, ''); client.handle(req, res); });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const port = (http.address() as { port: number }).port;
    const client = await JobClient.connect({ redisUrl, codeVersion: VERSION, origin: `http://127.0.0.1:${port}/jobs`, submitter: 'cli', blobDir: join(dir, 'blobs-bad'), backoffMs: 200 });
    try {
      const watch = (runId: string) => {
        let settle!: (v: { kind: RunFailureKind | 'done'; message: string }) => void;
        const p = new Promise<{ kind: RunFailureKind | 'done'; message: string }>((r) => { settle = r; });
        return { p, handlers: { onActive: () => undefined, onProgress: () => undefined, onResult: () => settle({ kind: 'done', message: runId }), onFailed: (kind: RunFailureKind, message: string) => settle({ kind, message }) } };
      };
      const good = validateConfig(TINY);
      if (!good.ok) throw new Error('TINY does not validate');
      const base = { name: 'bad', codeVersion: VERSION, origin: `http://127.0.0.1:${port}/jobs`, submitter: 'cli' as const };
      const bad = watch('bad-config'), hash = watch('bad-hash'), ok = watch('ok'), broken = watch('broken');
      // bytes the host has that are no pipeline inputs: an internal failure, the same on every attempt
      const junk = new BlobStore(join(dir, 'blobs-bad')).put(Buffer.from('these bytes are not encoded pipeline inputs'));
      await client.enqueueData({ ...base, jobId: 'bad-config-1', runId: 'bad-config-1', config: { ...good.config, data: { ...good.config.data, bar_interval: '7m' } } as never, inputsHash: null }, bad.handlers);
      await client.enqueueData({ ...base, jobId: 'bad-hash-1', runId: 'bad-hash-1', config: good.config, inputsHash: 'ab'.repeat(32) }, hash.handlers);
      await client.submit({ jobId: 'ok-1', runId: 'ok-1', name: 'ok', config: good.config }, null, ok.handlers);
      await client.enqueueData({ ...base, jobId: 'broken-1', runId: 'broken-1', config: good.config, inputsHash: junk }, broken.handlers);
      const [b, h, o, k] = await Promise.all([bad.p, hash.p, ok.p, broken.p]);
      expect(b.kind).toBe('user');
      expect(b.message).toMatch(/^job bad-config-1: config data\.bar_interval: expected one of /);
      expect(b.message.split('\n')).toHaveLength(1);
      expect(h).toEqual({ kind: 'user', message: `unknown content hash ${'ab'.repeat(32)}: the job host http://127.0.0.1:${port}/jobs does not have the inputs of run bad-hash-1` });
      expect(o.kind).toBe('done');
      // failed once, not retried (a user's mistake is deterministic)
      expect((await redis.hget('bull:skippy-runs:bad-config-1', 'atm')) ?? '1').toBe('1');
      // an internal failure is retried with backoff, then fails with its error after the 3 attempts
      expect(k.kind).toBe('internal');
      expect(k.message.length).toBeGreaterThan(0);
      expect(await redis.hget('bull:skippy-runs:broken-1', 'atm')).toBe('3');
    } finally {
      await client.close();
      http.close();
    }
  }, 60_000);

  it('a worker of another code version, with a wrong token, or an unreachable Redis: one line each, exit 2', async () => {
    const [version, token, unreachable] = [
      startWorker([], { SKIPPY_CODE_VERSION: 'other-v2' }),
      startWorker(['--token', 'wrong-token-wrong-token']),
      { log: [] as string[], proc: start([BIN, 'worker', '--redis', 'redis://127.0.0.1:1'], {}, undefined) },
    ];
    const unreachableLog: string[] = [];
    unreachable.proc.stderr!.on('data', (c: Buffer) => unreachableLog.push(c.toString()));
    expect(await exited(version.proc)).toBe(2);
    expect(await exited(token.proc)).toBe(2);
    expect(await exited(unreachable.proc)).toBe(2);
    const line = (log: string[]) => log.join('').trim().split('\n');
    expect(line(version.log)).toEqual([`skippy-train worker: code version: this worker runs other-v2, the server at http://127.0.0.1:${serverPort} runs ${VERSION}; run the same code on both`]);
    expect(line(token.log)).toHaveLength(1);
    expect(line(token.log)[0]).toMatch(/^skippy-train worker: --token: token mismatch: the server at .* refused this worker's token \(401\)/);
    expect(line(unreachableLog)).toHaveLength(1);
    expect(line(unreachableLog)[0]).toMatch(/^skippy-train worker: --redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  }, 60_000);

  it('kill -9 of the server: its queued runs survive, the restarted server adopts them and they finish', async () => {
    const ids: string[] = [];
    // 1-minute bars: ≈ 1–2 s a run, so some are still queued or running when the server dies
    for (let k = 0; k < 4; k++) ids.push((await trpc<{ id: string }>('mutation', 'runs.start', { config: { ...TINY, data: { ...TINY.data, bar_interval: '1m' }, seed: 100 + k } })).id);
    server!.kill('SIGKILL');
    await exited(server!);
    server = startServer();
    await waitFor('the restarted server', async () => (await fetch(`http://127.0.0.1:${serverPort}/healthz`)).ok, 60_000);
    const runs = await waitFor('the adopted runs to finish', async () => {
      const rs = await Promise.all(ids.map((id) => trpc<{ status: string; error: string | null; events: { message: string }[] }>('query', 'runs.get', { id })));
      return rs.every((r) => r.status !== 'queued' && r.status !== 'running') ? rs : null;
    }, 90_000);
    expect(runs.map((r) => [r.status, r.error])).toEqual(ids.map(() => ['done', null]));
    expect(runs.some((r) => r.events.some((e) => e.message.startsWith('followed again by a restarted server')))).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, 'server-home', 'runs', ids[0], 'report.json'), 'utf8')) as { runId: string };
    expect(report.runId).toBe(ids[0]);
  }, 120_000);
});
