/**
 * The BullMQ engine's scaling benchmark (docs/scaling.md): starts its own redis-server on a loopback port.
 *   node --import tsx apps/cli/src/bench/cluster.ts throughput [--workers 1,2,4] [--jobs 24]
 *     real `skippy-train worker` processes running tiny synthetic runs end to end (inputs, progress, upload)
 *   node --import tsx apps/cli/src/bench/cluster.ts overhead [--jobs 2000]
 *     BullMQ round trip of a no-op job (add → worker → completed) and Redis memory per queued run job
 *   node --import tsx apps/cli/src/bench/cluster.ts store [--default]
 *     what storing one result costs the submitter: Parquet encoding on the server (tables) vs bytes a worker
 *     encoded (files); --default uses the default config (30 days, BTC+ETH, 1m) instead of the tiny one
 *   node --import tsx apps/cli/src/bench/cluster.ts sim [--workers 100] [--jobs 10000] [--job-ms 300] [--procs 4] [--progress 20]
 *     100 workers that sleep for the measured job duration (with as many progress updates as a real run)
 *     against the real Redis: achieved vs ideal throughput, Redis ops/s, Redis CPU, memory, connections
 * Prints one JSON object. Not part of `npm run bench` (that one times kernels, without services).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance as perfHooks } from 'node:perf_hooks';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { defaultConfig } from '@skippy/core';
import { validateConfig } from '@skippy/core/config';
import { openDatabase } from '@skippy/io/db';
import { JobClient, decodeResult, encodeResult, encodeRunFiles, executeRun, storeRunResult, storeRunResultAsync } from '@skippy/io/jobs';
import type { RunJobData } from '@skippy/io/jobs';

const ROOT = resolve(import.meta.dirname, '../../../..');
const BIN = join(ROOT, 'apps/cli/bin/skippy-train.js');
const VERSION = 'bench-cluster';
const TINY = { name: 'bench', data: { symbols: ['BTC'], bar_interval: '5m', synthetic: { days: 2 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { default: { type: 'boolean' }, workers: { type: 'string' }, jobs: { type: 'string' }, 'job-ms': { type: 'string' }, procs: { type: 'string' }, progress: { type: 'string' }, redis: { type: 'string' }, queue: { type: 'string' }, count: { type: 'string' } },
});
const mode = positionals[0] ?? 'throughput';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise<number>((res) => { const s = createNetServer(); s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => res(typeof a === 'object' && a ? a.port : 0)); }); });
const config = (() => { const r = validateConfig(TINY); if (!r.ok) throw new Error(r.issues[0].text); return r.config; })();
const machine = () => ({ cores: cpus().length, load1: Number(loadavg()[0].toFixed(2)), load5: Number(loadavg()[1].toFixed(2)), node: process.version });

async function startRedis(): Promise<{ url: string; stop(): void; proc: ChildProcess }> {
  const bin = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  const port = await freePort();
  const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxclients', '2000'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try { await r.connect(); await r.ping(); r.disconnect(); break; } catch {
      r.disconnect();
      if (i > 100) { proc.kill('SIGTERM'); throw new Error('redis-server did not start'); }
      await sleep(100);
    }
  }
  return { url, proc, stop: () => proc.kill('SIGTERM') };
}

async function info(r: Redis): Promise<Record<string, number>> {
  const text = await r.info();
  const out: Record<string, number> = {};
  for (const line of text.split('\r\n')) { const [k, v] = line.split(':'); if (v !== undefined && /^-?[\d.]+$/.test(v)) out[k] = Number(v); }
  return out;
}

/** Real workers, real runs: jobs/s with K worker processes; per-job worker time and submit→result latency. */
async function throughput() {
  const counts = (values.workers ?? '1,2,4').split(',').map(Number);
  const jobs = Number(values.jobs ?? 24);
  const redis = await startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'skippy-bench-cluster-'));
  const http = createServer((req, res) => { req.url = req.url!.replace(/^\/jobs/, ''); client.handle(req, res); });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(http.address() as { port: number }).port}/jobs`;
  const client = await JobClient.connect({ redisUrl: redis.url, codeVersion: VERSION, origin, submitter: 'cli', blobDir: join(dir, 'blobs') });
  const rows = [];
  try {
    for (const k of counts) {
      const procs = Array.from({ length: k }, (_, i) => spawn(process.execPath, [BIN, 'worker', '--redis', redis.url, '--cache', join(dir, `cache-${k}-${i}`)], { env: { ...process.env, SKIPPY_CODE_VERSION: VERSION }, stdio: 'ignore' }));
      const r = new Redis(redis.url);
      for (let t0 = Date.now(); (await r.scard('skippy:workers')) < k; await sleep(100)) if (Date.now() - t0 > 60_000) throw new Error('workers did not register');
      // one warm-up job per worker (JIT, model code), not timed
      await Promise.all(procs.map((_, i) => runOne(`warm-${k}-${i}`)));
      const latencies: number[] = [];
      const progress: number[] = [];
      const t0 = performance.now();
      await Promise.all(Array.from({ length: jobs }, async (_, i) => {
        const s = performance.now();
        const n = await runOne(`job-${k}-${i}`, i);
        latencies.push(performance.now() - s);
        progress.push(n);
      }));
      const wall = performance.now() - t0;
      const q = new Queue('skippy-runs', { connection: { url: redis.url, maxRetriesPerRequest: null } });
      const done = await q.getJobs(['completed'], 0, -1);
      const ms = done.filter((j) => j.id!.startsWith(`job-${k}-`)).map((j) => (j.returnvalue as { ms: number }).ms).sort((a, b) => a - b);
      await q.close();
      rows.push({
        workers: k, jobs, wall_ms: Math.round(wall), jobs_per_s: Number((jobs / (wall / 1000)).toFixed(2)),
        worker_ms_median: ms[Math.floor(ms.length / 2)], worker_ms_p90: ms[Math.floor(ms.length * 0.9)],
        latency_ms_median: Math.round(latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]), progress_events_per_job: Math.round(progress.reduce((a, b) => a + b, 0) / progress.length),
        machine: machine(),
      });
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => new Promise((res) => p.once('exit', res))));
      await r.del('skippy:workers');
      r.disconnect();
    }
    return { mode: 'throughput', rows };
  } finally {
    await client.close();
    http.close();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  function runOne(jobId: string, seed = 0): Promise<number> {
    let n = 0;
    return new Promise((res, rej) => {
      void client.submit({ jobId, runId: jobId, name: jobId, config: { ...config, seed } }, null, {
        onActive: () => undefined, onProgress: () => { n++; }, onResult: () => res(n), onFailed: (_k, m) => rej(new Error(m)),
      }).catch(rej);
    });
  }
}

/** The submitter's cost per result: decode + Parquet encode + write (tables) vs decode + write (files a worker encoded). */
async function store() {
  const cfg = values.default ? defaultConfig() : config;
  const dir = mkdtempSync(join(tmpdir(), 'skippy-bench-store-'));
  try {
    const t0 = performance.now();
    const result = await executeRun({ runId: 'size', name: 'size', config: cfg }, null, { signal: { aborted: false }, onProgress: () => undefined });
    const runMs = performance.now() - t0;
    const wireTables = encodeResult(result);
    const e0 = performance.now();
    const wireFiles = encodeResult(encodeRunFiles(result));
    const encodeMs = performance.now() - e0;
    const time = (bytes: Buffer, tag: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) { const s = performance.now(); storeRunResult(join(dir, `${tag}-${i}`), decodeResult(bytes)); ms.push(performance.now() - s); }
      return Number(ms.sort((a, b) => a - b)[2].toFixed(1));
    };
    // the server's path: written off the event loop; main_thread_ms is the event loop's busy time meanwhile
    const asyncRuns: { wall: number; main: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const elu = perfHooks.eventLoopUtilization();
      await storeRunResultAsync(join(dir, `a-${i}`), decodeResult(wireFiles));
      asyncRuns.push({ wall: performance.now() - s, main: perfHooks.eventLoopUtilization(elu).active });
    }
    const med = (xs: number[]) => Number(xs.sort((a, b) => a - b)[2].toFixed(1));
    // the database side of one finished run as the run manager writes it: row, status events, fold/stage events, metrics
    const db = openDatabase(join(dir, 'skippy.db'));
    const d0 = performance.now();
    const n = 200;
    for (let i = 0; i < n; i++) {
      const id = `r${i}`, t = Date.now();
      db.putConfig(`h${i % 10}`, 'name: x\n', t);
      db.insertRun({ id, name: id, status: 'queued', createdAt: t, startedAt: null, finishedAt: null, configHash: `h${i % 10}`, error: null, rerunOf: null });
      db.updateRun(id, { status: 'running', startedAt: t });
      for (let e = 0; e < 20; e++) db.addEvent(id, { ts: t, kind: 'progress', stage: null, message: `stage ${e} done`, data: { percent: e } });
      db.putMetrics(id, Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`m${k}`, k])));
      db.updateRun(id, { status: 'done', finishedAt: t });
    }
    const dbMs = (performance.now() - d0) / n;
    db.close();
    return {
      mode: 'store', machine: machine(), db_writes_ms_per_run: Number(dbMs.toFixed(2)), config: { days: cfg.data.synthetic.days, symbols: cfg.data.symbols, interval: cfg.data.bar_interval }, run_ms: Math.round(runMs),
      result_bytes_tables: wireTables.length, result_bytes_files: wireFiles.length, worker_encode_files_ms: Number(encodeMs.toFixed(1)),
      submitter_store_ms_median: { tables: time(wireTables, 't'), files: time(wireFiles, 'f') },
      submitter_store_async_ms_median: { wall: med(asyncRuns.map((r) => r.wall)), main_thread: med(asyncRuns.map((r) => r.main)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** BullMQ's own cost per job (no pipeline) and Redis memory per waiting run job. */
async function overhead() {
  const jobs = Number(values.jobs ?? 2000);
  const redis = await startRedis();
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const r = new Redis(redis.url);
  try {
    // memory: waiting jobs carrying a real run job's data
    const q = new Queue('mem', { connection });
    await q.waitUntilReady();
    const before = (await info(r)).used_memory;
    const data: RunJobData = { jobId: '', runId: '', name: 'bench', config, inputsHash: 'ab'.repeat(32), codeVersion: VERSION, origin: 'http://10.0.0.2:5178/jobs', submitter: 'server' };
    const n = 10_000;
    for (let i = 0; i < n; i += 500) await q.addBulk(Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ name: 'run', data: { ...data, jobId: `m${i + k}`, runId: `m${i + k}` }, opts: { jobId: `m${i + k}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 86400, count: 10000 }, removeOnFail: { age: 604800, count: 10000 } } })));
    const after = (await info(r)).used_memory;
    await q.obliterate({ force: true });
    await q.close();
    // round trip of a no-op job, one at a time (latency) and 2000 through 8 concurrent slots (throughput)
    const rt = new Queue('rt', { connection });
    const events = new QueueEvents('rt', { connection });
    await events.waitUntilReady();
    const w = new Worker('rt', async () => 'ok', { connection, concurrency: 8 });
    await w.waitUntilReady();
    const one: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      const job = await rt.add('x', { i }, { removeOnComplete: { count: 1000 } });
      await job.waitUntilFinished(events);
      one.push(performance.now() - s);
    }
    one.sort((a, b) => a - b);
    const s0 = (await info(r)).total_commands_processed;
    const t0 = performance.now();
    const done = new Promise<void>((res) => { let c = 0; w.on('completed', () => { if (++c === jobs) res(); }); });
    for (let i = 0; i < jobs; i += 500) await rt.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ name: 'x', data: { i: i + k }, opts: { removeOnComplete: true } })));
    await done;
    const wall = performance.now() - t0;
    const cmds = (await info(r)).total_commands_processed - s0;
    await w.close(); await events.close(); await rt.close();
    return {
      mode: 'overhead', machine: machine(),
      redis_bytes_per_waiting_run_job: Math.round((after - before) / n), job_data_bytes: JSON.stringify(data).length,
      noop_round_trip_ms: { median: Number(one[100].toFixed(2)), p90: Number(one[180].toFixed(2)) },
      noop_throughput_jobs_per_s: Math.round(jobs / (wall / 1000)), redis_commands_per_noop_job: Number((cmds / jobs).toFixed(1)),
    };
  } finally {
    r.disconnect();
    redis.stop();
  }
}

/** One simulation process: `count` BullMQ workers that sleep for job-ms with `progress` updates, like a real run. */
async function simWorkers() {
  const connection = { url: values.redis!, maxRetriesPerRequest: null };
  const count = Number(values.count), jobMs = Number(values['job-ms']), progress = Number(values.progress);
  const ws = Array.from({ length: count }, () => new Worker(values.queue!, async (job) => {
    const d = jobMs * (0.5 + ((Number(job.id!.slice(1)) * 2654435761) % 1000) / 1000);
    for (let p = 0; p < progress; p++) { await sleep(d / progress); await job.updateProgress({ kind: 'progress', event: { runId: job.id, stage: 'cv', percent: p } }); }
    return { ms: d };
  }, { connection, concurrency: 1, lockDuration: 30_000 }));
  await Promise.all(ws.map((w) => w.waitUntilReady()));
  process.send?.('ready');
  await new Promise((r) => process.once('SIGTERM', r));
  await Promise.all(ws.map((w) => w.close()));
  process.exit(0);
}

/** 100 workers × 10,000 jobs against a real Redis. */
async function sim() {
  const workers = Number(values.workers ?? 100), jobs = Number(values.jobs ?? 10_000), jobMs = Number(values['job-ms'] ?? 300);
  const procs = Number(values.procs ?? 4), progress = Number(values.progress ?? 20);
  const redis = await startRedis();
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const r = new Redis(redis.url);
  const queue = 'sim';
  const children: ChildProcess[] = [];
  try {
    const per = Math.ceil(workers / procs);
    await Promise.all(Array.from({ length: procs }, (_, i) => new Promise<void>((res) => {
      const c = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, 'sim-worker', '--redis', redis.url, '--queue', queue, '--count', String(Math.min(per, workers - i * per)), '--job-ms', String(jobMs), '--progress', String(progress)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.push(c);
      c.once('message', () => res());
    })));
    const q = new Queue(queue, { connection });
    const events = new QueueEvents(queue, { connection });
    await events.waitUntilReady();
    let completed = 0, progressEvents = 0;
    const allDone = new Promise<void>((res) => { events.on('completed', () => { if (++completed === jobs) res(); }); });
    events.on('progress', () => { progressEvents++; });
    const data: RunJobData = { jobId: '', runId: '', name: 'sim', config, inputsHash: 'ab'.repeat(32), codeVersion: VERSION, origin: 'http://10.0.0.2:5178/jobs', submitter: 'server' };
    const i0 = await info(r);
    const t0 = performance.now();
    for (let i = 0; i < jobs; i += 500) await q.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ name: 'run', data: { ...data, jobId: `s${i + k}`, runId: `s${i + k}` }, opts: { jobId: `s${i + k}`, attempts: 3, removeOnComplete: { age: 86400, count: 10000 } } })));
    const enqueueMs = performance.now() - t0;
    const samples: { ops: number; mem: number; clients: number }[] = [];
    const timer = setInterval(() => { void info(r).then((x) => samples.push({ ops: x.instantaneous_ops_per_sec, mem: x.used_memory, clients: x.connected_clients })); }, 1000);
    await allDone;
    clearInterval(timer);
    const wall = performance.now() - t0;
    const i1 = await info(r);
    const ideal = (jobs * jobMs) / workers;
    await events.close(); await q.close();
    const cpu = (i1.used_cpu_sys + i1.used_cpu_user) - (i0.used_cpu_sys + i0.used_cpu_user);
    return {
      mode: 'sim', machine: machine(), workers, jobs, job_ms_mean: jobMs, progress_updates_per_job: progress, worker_processes: procs,
      enqueue_ms: Math.round(enqueueMs), wall_ms: Math.round(wall), ideal_ms: Math.round(ideal), efficiency: Number((ideal / wall).toFixed(3)),
      jobs_per_s: Number((jobs / (wall / 1000)).toFixed(1)), progress_events_seen: progressEvents,
      redis_commands: i1.total_commands_processed - i0.total_commands_processed, redis_commands_per_job: Number(((i1.total_commands_processed - i0.total_commands_processed) / jobs).toFixed(1)),
      redis_ops_per_s_peak: Math.max(...samples.map((s) => s.ops)), redis_ops_per_s_mean: Math.round((i1.total_commands_processed - i0.total_commands_processed) / (wall / 1000)),
      redis_cpu_s: Number(cpu.toFixed(2)), redis_cpu_share: Number((cpu / (wall / 1000)).toFixed(3)),
      redis_memory_peak_mb: Number((Math.max(...samples.map((s) => s.mem)) / 2 ** 20).toFixed(1)), redis_clients_peak: Math.max(...samples.map((s) => s.clients)),
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((res) => (c.exitCode !== null ? res(null) : c.once('exit', res)))));
    r.disconnect();
    redis.stop();
  }
}

if (mode === 'sim-worker') await simWorkers();
else {
  const out = mode === 'throughput' ? await throughput() : mode === 'overhead' ? await overhead() : mode === 'store' ? await store() : mode === 'sim' ? await sim() : null;
  if (!out) { process.stderr.write(`cluster bench: unknown mode ${JSON.stringify(mode)} (throughput | overhead | store | sim)\n`); process.exit(2); }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exit(0);
}
