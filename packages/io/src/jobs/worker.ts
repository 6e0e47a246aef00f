/**
 * startJobWorker(options) – a BullMQ worker of run jobs (what `skippy-train worker` starts on any machine).
 * For each job: check the code version (another version hands the job back and stops this worker), fetch
 * the inputs by content hash from the job's host (cached in `cacheDir`), run the pipeline through the same
 * executeRun as the server's worker threads, stream progress as BullMQ job progress, and upload the result
 * to the host (retried while the host is unreachable). A user's mistake (bad config, unknown content hash)
 * fails the job at once; other errors are retried by BullMQ with backoff; a cancel mark or message aborts
 * the pipeline. The worker registers itself (host, concurrency, current jobs, counts) with a short TTL.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { validateConfig } from '@skippy/core/config';
import type { RunExperimentOptions } from '@skippy/core/pipeline';
import { usesPolicyTrainer } from '@skippy/core/pipeline';
import { BlobStore } from './blobStore.ts';
import { decodeInputs, encodeResult, sha256Hex } from './codec.ts';
import { KEY_PREFIX, RUN_QUEUE, failureReason } from './contract.ts';
import type { RunJobData, RunJobProgress, WorkerInfo } from './contract.ts';
import { JobEngineError, bullConnection, probeRedis, redactUrl, redisClient } from './redis.ts';
import { encodeRunFiles, executeRun, failureKind } from './runJob.ts';

export interface JobWorkerOptions {
  redisUrl: string;
  /** Jobs processed at once (interleaved on this thread; run one process per core for CPU). @default 1 */
  concurrency?: number;
  /** The server's base URL: its version is checked at start and its jobs' inputs and results go through it. */
  server?: string;
  token?: string;
  /** Local cache of fetched inputs. */
  cacheDir: string;
  codeVersion: string;
  models?: RunExperimentOptions['models'];
  /** Loads the model kinds after the start-up checks (so a refused worker exits without loading TensorFlow). */
  loadModels?: () => Promise<RunExperimentOptions['models']>;
  /**
   * Loads, after the start-up checks, what makes a fresh policy trainer for each `trainer: ppo` job (e.g.
   * @skippy/ml's ppoTrainer). Without it such a job fails as the user's (`trainer: a host that trains PPO policies…`).
   */
  loadPolicyTrainer?: () => Promise<() => NonNullable<RunExperimentOptions['policy']>>;
  /** BullMQ lock duration: a job whose worker stops renewing it for this long is stalled and retried elsewhere. @default 30000 */
  lockMs?: number;
  /** How often this worker looks for stalled jobs. @default lockMs */
  stalledIntervalMs?: number;
  /** Stalls a job survives before it fails. @default 2 */
  maxStalled?: number;
  /** How long an upload is retried while the host is unreachable. @default 120000 */
  uploadRetryMs?: number;
  queue?: string;
  log?(line: string): void;
}

export interface RunningJobWorker {
  id: string;
  host: string;
  /** Resolves when the worker has stopped: null after close(), or the one-line reason it refused to go on. */
  stopped: Promise<string | null>;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 2000;
const TTL_MS = 10_000;

/** Thrown inside the processor when this worker must stop (token or version mismatch): the job goes back to the queue. */
class WorkerRefusal extends Error {}

function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The server's job host version check at start: one clear line for a token or version mismatch or an unreachable server. */
async function checkServer(server: string, token: string | undefined, mine: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${server.replace(/\/$/, '')}/jobs/version`, { headers: authHeaders(token), signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new JobEngineError('--server', `cannot reach the server at ${server}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (res.status === 401) throw new JobEngineError('--token', `token mismatch: the server at ${server} refused this worker's token (401); give the server's token with --token or SKIPPY_TOKEN`);
  if (!res.ok) throw new JobEngineError('--server', `the server at ${server} answered ${res.status} to /jobs/version (is it a Skippy server started with --redis?)`);
  const body = await res.json() as { codeVersion?: string };
  if (body.codeVersion !== mine) throw new JobEngineError('code version', `this worker runs ${mine}, the server at ${server} runs ${body.codeVersion ?? 'unknown'}; run the same code on both`);
}

export async function startJobWorker(options: JobWorkerOptions): Promise<RunningJobWorker> {
  const log = options.log ?? (() => undefined);
  const mine = options.codeVersion;
  await probeRedis(options.redisUrl);
  const server = options.server?.replace(/\/$/, '');
  if (server) await checkServer(server, options.token, mine);
  const redis = redisClient(options.redisUrl);
  const announced = await redis.get(`${KEY_PREFIX}:code-version`);
  if (!server && announced !== null && announced !== mine) {
    redis.disconnect();
    throw new JobEngineError('code version', `this worker runs ${mine}, the server announced ${announced} in Redis; run the same code on both`);
  }
  const models = options.loadModels ? await options.loadModels() : options.models;
  const makePolicy = options.loadPolicyTrainer ? await options.loadPolicyTrainer() : null;
  const cache = new BlobStore(options.cacheDir);
  const host = hostname();
  const id = `${host}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const lockMs = options.lockMs ?? 30_000;
  const startedAt = Date.now();
  const current = new Set<string>();
  const doneAt: number[] = [];
  let completed = 0, failed = 0;
  let refusal: string | null = null;
  let stop!: (reason: string | null) => void;
  const stopped = new Promise<string | null>((r) => { stop = r; });

  const originOf = (d: RunJobData) => (d.submitter === 'server' && server ? `${server}/jobs` : d.origin.replace(/\/$/, ''));

  async function fetchInputs(d: RunJobData, origin: string) {
    const hash = d.inputsHash!;
    let bytes = cache.get(hash);
    if (!bytes) {
      const res = await fetch(`${origin}/inputs/${hash}`, { headers: authHeaders(options.token), signal: AbortSignal.timeout(120_000) });
      if (res.status === 401) throw new WorkerRefusal(`--token: token mismatch: the job host ${origin} refused this worker's token (401); give the submitter's token with --token or SKIPPY_TOKEN`);
      if (res.status === 404) throw new UnrecoverableError(failureReason('user', `unknown content hash ${hash}: the job host ${origin} does not have the inputs of run ${d.runId}`));
      if (!res.ok) throw new Error(`inputs ${hash.slice(0, 12)}…: the job host ${origin} answered ${res.status}`);
      bytes = Buffer.from(await res.arrayBuffer());
      if (sha256Hex(bytes) !== hash) throw new Error(`inputs ${hash.slice(0, 12)}…: the bytes received from ${origin} do not match their content hash`);
      cache.put(bytes);
    }
    return decodeInputs(bytes);
  }

  async function upload(d: RunJobData, origin: string, body: Buffer): Promise<void> {
    // a server may be restarting (keep trying); a CLI that went away does not come back
    const deadline = Date.now() + (d.submitter === 'server' ? options.uploadRetryMs ?? 120_000 : Math.min(options.uploadRetryMs ?? 120_000, 10_000));
    for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
      let res: Response | null = null;
      let why = '';
      try {
        res = await fetch(`${origin}/results/${d.jobId}`, { method: 'PUT', headers: { ...authHeaders(options.token), 'content-type': 'application/octet-stream' }, body: body as unknown as BodyInit, signal: AbortSignal.timeout(120_000) });
      } catch (e) { why = e instanceof Error ? e.message : String(e); }
      if (res) {
        if (res.ok) return;
        if (res.status === 401) throw new WorkerRefusal(`--token: token mismatch: the job host ${origin} refused this worker's token (401); give the submitter's token with --token or SKIPPY_TOKEN`);
        if (res.status === 404) throw new UnrecoverableError(failureReason('internal', `the job host ${origin} has no job ${d.runId} waiting for a result (cancelled, or its submitter went away)`));
        why = `${res.status} ${(await res.text()).slice(0, 200)}`;
      }
      if (Date.now() + wait > deadline) throw new Error(`result of ${d.runId}: the job host ${origin} did not take it (${why})`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async function refuse(job: Job, token: string | undefined, message: string): Promise<never> {
    if (refusal === null) {
      refusal = message;
      log(message);
      void worker.close().then(() => finish(message));
    }
    await job.moveToWait(token);
    throw new WaitingError();
  }

  async function processJob(job: Job<RunJobData>, token: string | undefined, signal: AbortSignal | undefined): Promise<{ worker: string; ms: number }> {
    const d = job.data;
    const t0 = Date.now();
    if (refusal !== null) return refuse(job, token, refusal);
    if (!d || typeof d !== 'object' || typeof d.runId !== 'string' || d.jobId !== job.id) throw new UnrecoverableError(failureReason('user', `job ${job.id}: expected run job data {jobId, runId, name, config, inputsHash, codeVersion, origin}`));
    if (d.codeVersion !== mine) return refuse(job, token, `code version: this worker runs ${mine}, job ${d.runId} was submitted by code ${d.codeVersion}; run the same code on both (the job stays queued)`);
    if (await redis.exists(`${KEY_PREFIX}:cancel:${d.jobId}`)) throw new UnrecoverableError(failureReason('cancelled', 'cancelled'));
    const checked = validateConfig(d.config);
    if (!checked.ok) throw new UnrecoverableError(failureReason('user', `job ${d.runId}: config ${checked.issues[0].text}`));
    if (typeof d.origin !== 'string' || !/^https?:\/\//.test(d.origin)) throw new UnrecoverableError(failureReason('user', `job ${d.runId}: origin: expected an http(s) URL, got ${JSON.stringify(String(d.origin).slice(0, 100))}`));
    const origin = originOf(d);
    current.add(d.jobId);
    void beat().catch(() => undefined);
    let chain: Promise<void> = job.updateProgress({ kind: 'attempt', worker: id, host, attempt: Math.max(job.attemptsStarted, job.attemptsMade + 1) } satisfies RunJobProgress).catch(() => undefined);
    const aborted = () => signal?.aborted === true;
    try {
      const inputs = d.inputsHash === null ? null : await fetchInputs(d, origin);
      const result = await executeRun({ runId: d.runId, name: d.name, config: checked.config }, inputs, {
        signal: { get aborted() { return aborted(); } }, models,
        ...(makePolicy && usesPolicyTrainer(checked.config) ? { policy: makePolicy() } : {}),
        onProgress: (event) => { chain = chain.then(() => job.updateProgress({ kind: 'progress', event } satisfies RunJobProgress)).catch(() => undefined); },
      });
      await chain;
      await upload(d, origin, encodeResult(d.resultForm === 'files' ? encodeRunFiles(result) : result));
      completed++;
      doneAt.push(Date.now());
      return { worker: id, ms: Date.now() - t0 };
    } catch (e) {
      if (e instanceof WorkerRefusal) return refuse(job, token, e.message);
      if (e instanceof UnrecoverableError || e instanceof WaitingError) { failed++; throw e; }
      const kind = failureKind(e, aborted());
      const message = e instanceof Error ? e.message : String(e);
      failed++;
      if (kind !== 'internal') throw new UnrecoverableError(failureReason(kind, message));
      throw new Error(failureReason('internal', message), { cause: e });
    } finally {
      current.delete(d.jobId);
      void beat().catch(() => undefined);
    }
  }

  const beat = async () => {
    const now = Date.now();
    while (doneAt.length && doneAt[0] < now - 60_000) doneAt.shift();
    const info: WorkerInfo = { id, host, pid: process.pid, concurrency, codeVersion: mine, startedAt, seenAt: now, current: [...current], completed, failed, perMinute: doneAt.length };
    await redis.multi().set(`${KEY_PREFIX}:worker:${id}`, JSON.stringify(info), 'PX', TTL_MS).sadd(`${KEY_PREFIX}:workers`, id).exec();
  };
  const worker = new Worker<RunJobData>(options.queue ?? RUN_QUEUE, processJob, {
    connection: bullConnection(options.redisUrl), concurrency, lockDuration: lockMs,
    stalledInterval: options.stalledIntervalMs ?? lockMs, maxStalledCount: options.maxStalled ?? 2, autorun: true,
  });
  worker.on('error', (e) => log(`worker error: ${e.message}`));

  const sub = redis.duplicate();
  sub.on('error', () => undefined);
  await sub.subscribe(`${KEY_PREFIX}:cancel`);
  sub.on('message', (_channel: string, jobId: string) => { if (current.has(jobId)) worker.cancelJob(jobId, 'cancelled'); });

  await beat();
  const timer = setInterval(() => { void beat().catch(() => undefined); }, HEARTBEAT_MS);
  log(`worker ${id}: queue ${options.queue ?? RUN_QUEUE} on ${redactUrl(options.redisUrl)}, concurrency ${concurrency}, code ${mine}${server ? `, server ${server}` : ''}`);

  let finished = false;
  async function finish(reason: string | null): Promise<void> {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    await redis.multi().del(`${KEY_PREFIX}:worker:${id}`).srem(`${KEY_PREFIX}:workers`, id).exec().catch(() => undefined);
    sub.disconnect();
    redis.disconnect();
    stop(reason);
  }

  return {
    id, host, stopped,
    async close() {
      await worker.close();
      await finish(refusal);
    },
  };
}
