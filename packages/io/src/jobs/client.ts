/**
 * JobClient – the submitting side of the BullMQ engine (used by the server's DistributedPool and by the
 * CLI's --redis): puts a run's inputs in the blob store, enqueues the run as a BullMQ job (job id = run id,
 * so a run is enqueued once), follows it through QueueEvents (progress, final failure), takes its result
 * through the job host (HTTP), cancels it (removal while waiting; a cancel mark + pub/sub message that the
 * worker turns into an abort while active), and reads the queue depth and the worker registry.
 * Retries (attempts with exponential backoff) and stalled-job recovery are BullMQ's own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ExperimentConfig } from '@skippy/core/config';
import type { PipelineInputs } from '@skippy/core/pipeline';
import type { RunProgress } from '@skippy/core/reports';
import { BlobStore } from './blobStore.ts';
import { decodeResult, encodeInputs } from './codec.ts';
import type { RunResult } from './codec.ts';
import { KEY_PREFIX, RUN_QUEUE, parseFailure } from './contract.ts';
import type { QueueDepth, RunFailureKind, RunJobData, RunJobProgress, WorkerInfo } from './contract.ts';
import { jobHostHandler } from './jobHost.ts';
import { bullConnection, probeRedis, redisClient } from './redis.ts';

export interface JobClientOptions {
  redisUrl: string;
  codeVersion: string;
  /** Base URL workers use to reach this submitter's job host. */
  origin: string;
  submitter: 'server' | 'cli';
  /** Folder of the input blobs this submitter hands out. */
  blobDir: string;
  /** Token the job host requires (Bearer). */
  token?: string;
  /** Attempts per job before it fails for good (a stall counts as BullMQ counts it). @default 3 */
  attempts?: number;
  /** First retry delay; doubles each attempt. @default 1000 */
  backoffMs?: number;
  /** Queue name. @default "skippy-runs" */
  queue?: string;
}

export interface RunJobHandlers {
  /** A worker took the job (attempt 1, 2, … after a failure or a stall). */
  onActive(info: { worker: string; host: string; attempt: number }): void;
  onProgress(event: RunProgress): void;
  /** Stores the result; called once per run id. */
  onResult(result: RunResult): Promise<void> | void;
  /** The job failed for good (or was cancelled); called once. */
  onFailed(kind: RunFailureKind, message: string): void;
}

interface Tracked {
  handlers: RunJobHandlers;
  storing: boolean;
}

export class JobClient {
  readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private readonly blobs: BlobStore;
  private readonly tracked = new Map<string, Tracked>();
  /** Run ids whose result was stored (a repeated upload is a duplicate). */
  private readonly stored = new Set<string>();
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;

  private constructor(readonly options: JobClientOptions, events: QueueEvents) {
    const name = options.queue ?? RUN_QUEUE;
    this.queue = new Queue(name, { connection: bullConnection(options.redisUrl) });
    this.events = events;
    this.redis = redisClient(options.redisUrl);
    this.blobs = new BlobStore(options.blobDir);
    this.handle = jobHostHandler({ codeVersion: options.codeVersion, blobs: this.blobs, token: options.token, onResult: (id, body) => this.acceptResult(id, body) });
    events.on('progress', ({ jobId, data }) => this.onProgressEvent(jobId, data as unknown as RunJobProgress));
    events.on('failed', ({ jobId, failedReason }) => {
      const t = this.tracked.get(jobId);
      if (!t || t.storing) return;
      this.tracked.delete(jobId);
      const f = parseFailure(failedReason);
      t.handlers.onFailed(f.kind, f.message);
    });
  }

  /** Connects (one clear JobEngineError when Redis does not answer) and starts listening to the queue's events. */
  static async connect(options: JobClientOptions): Promise<JobClient> {
    await probeRedis(options.redisUrl);
    const events = new QueueEvents(options.queue ?? RUN_QUEUE, { connection: bullConnection(options.redisUrl) });
    await events.waitUntilReady();
    const client = new JobClient(options, events);
    await client.queue.waitUntilReady();
    return client;
  }

  private onProgressEvent(jobId: string, data: RunJobProgress): void {
    const t = this.tracked.get(jobId);
    if (!t || !data || typeof data !== 'object') return;
    if (data.kind === 'progress') t.handlers.onProgress(data.event);
    else if (data.kind === 'attempt') t.handlers.onActive({ worker: data.worker, host: data.host, attempt: data.attempt });
  }

  private async acceptResult(jobId: string, body: Buffer): Promise<'stored' | 'duplicate' | 'busy' | 'unknown'> {
    if (this.stored.has(jobId)) return 'duplicate';
    const t = this.tracked.get(jobId);
    if (!t) return 'unknown';
    if (t.storing) return 'busy';
    t.storing = true;
    try {
      const result = decodeResult(body);
      await t.handlers.onResult(result);
    } catch (e) {
      t.storing = false;
      throw e;
    }
    this.tracked.delete(jobId);
    this.stored.add(jobId);
    if (this.stored.size > 100_000) this.stored.delete(this.stored.values().next().value!);
    return 'stored';
  }

  /** Enqueues one run (inputs null for a synthetic run). The handlers are registered before the job exists. */
  async submit(job: { jobId?: string; runId: string; name: string; config: ExperimentConfig }, inputs: PipelineInputs | null, handlers: RunJobHandlers): Promise<void> {
    const inputsHash = inputs ? this.blobs.put(encodeInputs(inputs)) : null;
    const data: RunJobData = {
      jobId: job.jobId ?? job.runId, runId: job.runId, name: job.name, config: job.config, inputsHash, codeVersion: this.options.codeVersion, origin: this.options.origin,
      submitter: this.options.submitter, resultForm: this.options.submitter === 'server' ? 'files' : 'tables',
    };
    await this.enqueueData(data, handlers);
  }

  /** Enqueues a job as given (the integration tests use it for malformed jobs). */
  async enqueueData(data: RunJobData, handlers: RunJobHandlers): Promise<void> {
    this.tracked.set(data.jobId, { handlers, storing: false });
    try {
      await this.queue.add('run', data, {
        jobId: data.jobId, attempts: this.options.attempts ?? 3, backoff: { type: 'exponential', delay: this.options.backoffMs ?? 1000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
      });
    } catch (e) {
      this.tracked.delete(data.jobId);
      throw e;
    }
  }

  /**
   * Follows a job enqueued earlier (a restarted server adopting its runs): registers the handlers, then
   * settles a job that already failed (or completed without a result reaching this host).
   * Returns the job's state, or 'missing' when Redis no longer has it.
   */
  async adopt(runId: string, handlers: RunJobHandlers): Promise<string> {
    const job = await this.queue.getJob(runId);
    if (!job) return 'missing';
    this.tracked.set(runId, { handlers, storing: false });
    const state = await job.getState();
    if (state === 'failed') {
      this.tracked.delete(runId);
      const f = parseFailure(job.failedReason);
      handlers.onFailed(f.kind, f.message);
    } else if (state === 'completed' && this.tracked.get(runId)?.storing === false) {
      this.tracked.delete(runId);
      handlers.onFailed('internal', 'the job completed while its submitter was away, but its result never reached the submitter; start it again');
    } else if (state === 'active') {
      const p = job.progress as RunJobProgress | number;
      handlers.onActive({ worker: '?', host: '?', attempt: job.attemptsMade + 1 });
      if (typeof p === 'object' && p?.kind === 'progress') handlers.onProgress(p.event);
    }
    return state;
  }

  /** Which of these run ids have a job in Redis (any state). */
  async known(runIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const id of runIds) if (await this.queue.getJob(id)) out.add(id);
    return out;
  }

  /**
   * Cancels a run: a waiting job is removed at once (onFailed 'cancelled'); an active one gets the cancel
   * mark and message, and its worker aborts the pipeline (the job then fails as cancelled). False when Redis
   * does not know the job.
   */
  async cancel(runId: string): Promise<boolean> {
    await this.redis.set(`${KEY_PREFIX}:cancel:${runId}`, '1', 'EX', 7 * 24 * 3600);
    await this.redis.publish(`${KEY_PREFIX}:cancel`, runId);
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') {
      try {
        await job.remove();
        const t = this.tracked.get(runId);
        this.tracked.delete(runId);
        t?.handlers.onFailed('cancelled', 'cancelled before it started');
        return true;
      } catch { /* taken by a worker meanwhile: the worker sees the mark */ }
    }
    return state !== 'completed' && state !== 'failed';
  }

  async depth(): Promise<QueueDepth> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
  }

  /** The workers that refreshed their registration within its time to live. */
  async workers(): Promise<WorkerInfo[]> {
    return listWorkers(this.redis);
  }

  /** Sets the base URL workers reach this submitter's job host at (known once its HTTP server listens). */
  setOrigin(origin: string): void {
    this.options.origin = origin;
  }

  /** Announces this submitter's code version (a worker started without --server compares with it). */
  async announceVersion(): Promise<void> {
    await this.redis.set(`${KEY_PREFIX}:code-version`, this.options.codeVersion);
  }

  /** Cancels every job this client still follows (a CLI that exits withdraws what it queued). */
  async withdrawAll(): Promise<void> {
    for (const id of [...this.tracked.keys()]) await this.cancel(id).catch(() => false);
  }

  trackedCount(): number {
    return this.tracked.size;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    this.redis.disconnect();
  }
}

export async function listWorkers(redis: Redis): Promise<WorkerInfo[]> {
  const ids = await redis.smembers(`${KEY_PREFIX}:workers`);
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => `${KEY_PREFIX}:worker:${id}`));
  const out: WorkerInfo[] = [];
  const gone: string[] = [];
  ids.forEach((id, i) => {
    const v = values[i];
    if (v === null) { gone.push(id); return; }
    try { out.push(JSON.parse(v) as WorkerInfo); } catch { gone.push(id); }
  });
  if (gone.length) await redis.srem(`${KEY_PREFIX}:workers`, ...gone);
  return out.sort((a, b) => a.host.localeCompare(b.host) || a.id.localeCompare(b.id));
}
