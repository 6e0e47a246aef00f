/**
 * The BullMQ cluster as a RunPool: the run manager (and so every run and server-side study trial) submits
 * here exactly as to the embedded WorkerPool. The inputs are loaded on the server and handed out by content
 * hash through the /jobs host; `skippy-train worker` processes run the pipeline anywhere; the result comes
 * back over HTTP and is written here with the same storeRunResult as the embedded workers (same bytes).
 * Jobs live in Redis, so a restarted server adopts what is still queued or running (persistent).
 */
import { loadRunInputs } from '@skippy/io/artifacts';
import { JobClient, failureKind, storeRunResultAsync } from '@skippy/io/jobs';
import type { JobClientOptions, QueueDepth, RunJobHandlers, WorkerInfo } from '@skippy/io/jobs';
import type { PoolJob, RunPool } from './workerPool.ts';

export interface ClusterSnapshot {
  mode: 'redis';
  queue: QueueDepth;
  workers: WorkerInfo[];
  /** Server clock when the snapshot was read. */
  at: number;
}

export class DistributedPool implements RunPool {
  readonly persistent = true;
  private readonly entries = new Map<string, PoolJob>();
  private snapshot: ClusterSnapshot = { mode: 'redis', queue: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 }, workers: [], at: 0 };
  private readonly timer: NodeJS.Timeout;

  private constructor(readonly client: JobClient) {
    this.timer = setInterval(() => { void this.refresh().catch(() => undefined); }, 2000);
    this.timer.unref();
  }

  /** Connects to Redis (a JobEngineError with one clear line when it does not answer) and announces the code version. */
  static async connect(options: JobClientOptions): Promise<DistributedPool> {
    const client = await JobClient.connect(options);
    await client.announceVersion();
    const pool = new DistributedPool(client);
    await pool.refresh();
    return pool;
  }

  /** Queue depth and the registered workers (read from Redis now). */
  async refresh(): Promise<ClusterSnapshot> {
    const [queue, workers] = await Promise.all([this.client.depth(), this.client.workers()]);
    this.snapshot = { mode: 'redis', queue, workers, at: Date.now() };
    return this.snapshot;
  }

  cluster(): ClusterSnapshot {
    return this.snapshot;
  }

  private handlers(entry: PoolJob): RunJobHandlers {
    const runId = entry.job.runId;
    let started = false;
    const start = () => { if (!started) { started = true; entry.onStart(); } };
    return {
      onActive: (info) => {
        start();
        // BullMQ counts every start (attemptsStarted): a second one follows a failed attempt or a stalled job
        if (info.attempt > 1) entry.onProgress({ runId, stage: 'data', percent: 0, message: `attempt ${info.attempt} on ${info.host} (the previous attempt failed or its worker was lost)` });
      },
      onProgress: (event) => { start(); entry.onProgress(event); },
      onResult: async (result) => {
        start();
        // written off the event loop (fsync-bound): the server keeps serving while results arrive
        const report = await storeRunResultAsync(entry.job.artifactDir, result);
        this.entries.delete(runId);
        entry.onEnd({ type: 'done', report });
      },
      onFailed: (kind, message) => {
        this.entries.delete(runId);
        entry.onEnd({ type: 'error', kind, message });
      },
    };
  }

  submit(entry: PoolJob): void {
    this.entries.set(entry.job.runId, entry);
    void (async () => {
      const inputs = await loadRunInputs(entry.job.config, entry.job.dataDir);
      await this.client.submit({ runId: entry.job.runId, name: entry.job.name, config: entry.job.config }, inputs, this.handlers(entry));
    })().catch((e: unknown) => {
      if (!this.entries.delete(entry.job.runId)) return;
      entry.onEnd({ type: 'error', kind: failureKind(e, false), message: e instanceof Error ? e.message : String(e) });
    });
  }

  adopt(entry: PoolJob): void {
    this.entries.set(entry.job.runId, entry);
    void this.client.adopt(entry.job.runId, this.handlers(entry)).then((state) => {
      if (state === 'missing' && this.entries.delete(entry.job.runId)) entry.onEnd({ type: 'error', kind: 'internal', message: 'its job is no longer in Redis; start it again' });
    }).catch((e: unknown) => {
      if (this.entries.delete(entry.job.runId)) entry.onEnd({ type: 'error', kind: 'internal', message: `could not follow its job: ${e instanceof Error ? e.message : String(e)}` });
    });
  }

  cancel(runId: string): boolean {
    const entry = this.entries.get(runId);
    if (!entry) return false;
    void this.client.cancel(runId).then((known) => {
      if (!known && this.entries.delete(runId)) entry.onEnd({ type: 'error', kind: 'cancelled', message: 'cancelled' });
    }).catch(() => undefined);
    return true;
  }

  stats(): { size: number; busy: number; queued: number } {
    const s = this.snapshot;
    return { size: s.workers.reduce((n, w) => n + w.concurrency, 0), busy: s.queue.active, queued: s.queue.waiting + s.queue.delayed };
  }

  async warm(): Promise<void> { /* workers are other processes */ }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.client.close();
  }
}
