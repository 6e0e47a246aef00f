/**
 * A fixed pool of run workers (worker_threads running TypeScript through tsx). Workers start at
 * once and stay warm; each runs one job at a time; jobs wait in a FIFO queue. Cancel: a shared flag
 * the pipeline reads between and inside stages; when a worker does not stop within `graceMs` it is
 * terminated and replaced (the last resort). A crashed worker fails its job and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { RunJob, WorkerMessage } from '../worker/protocol.ts';

const BOOT = new URL('../worker/boot.mjs', import.meta.url);
const ENTRY = new URL('../worker/runWorker.ts', import.meta.url).href;

export type JobOutcome = { type: 'done'; report: Extract<WorkerMessage, { type: 'done' }>['report'] } | { type: 'error'; kind: 'user' | 'cancelled' | 'internal'; message: string };

export interface PoolJob {
  job: Omit<RunJob, 'type' | 'cancel'>;
  onStart(): void;
  onProgress(event: Extract<WorkerMessage, { type: 'progress' }>['event']): void;
  onEnd(outcome: JobOutcome): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  current: { entry: PoolJob; flag: Int32Array; killTimer?: NodeJS.Timeout } | null;
}

/**
 * What the run manager needs from a run engine: the embedded WorkerPool below, or the BullMQ cluster
 * (distributedPool.ts). Study trials and every other run go through this one interface.
 */
export interface RunPool {
  submit(entry: PoolJob): void;
  /** Cancels a queued or running job. Returns false when the pool does not know it. */
  cancel(runId: string): boolean;
  stats(): { size: number; busy: number; queued: number };
  warm(): Promise<void>;
  close(): Promise<void>;
  /** True when queued and running jobs outlive this process (a restarted server adopts them). */
  readonly persistent?: boolean;
  /** Follows a job a previous server process enqueued (only for persistent pools). */
  adopt?(entry: PoolJob): void;
}

export interface WorkerPoolOptions {
  size: number;
  /** How long a cancelled run may take to stop before its worker is terminated. @default 3000 */
  graceMs?: number;
}

export class WorkerPool implements RunPool {
  readonly size: number;
  private readonly graceMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: PoolJob[] = [];
  private closed = false;

  constructor(options: WorkerPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size));
    this.graceMs = options.graceMs ?? 3000;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(fileURLToPath(BOOT), { workerData: { entry: ENTRY } });
    let markReady!: () => void;
    const slot: Slot = { worker, ready: new Promise<void>((r) => { markReady = r; }), current: null };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') { markReady(); return; }
      const cur = slot.current;
      if (!cur || cur.entry.job.runId !== m.runId) return;
      if (m.type === 'progress') cur.entry.onProgress(m.event);
      else if (m.type === 'done') this.finish(slot, { type: 'done', report: m.report });
      else this.finish(slot, { type: 'error', kind: m.kind, message: m.message });
    });
    worker.on('error', (e) => {
      if (slot.current) this.finish(slot, { type: 'error', kind: 'internal', message: `worker crashed: ${e.message}` }, false);
    });
    worker.on('exit', () => {
      if (this.closed) return;
      const idx = this.slots.indexOf(slot);
      if (idx < 0) return;
      if (slot.current) this.finish(slot, { type: 'error', kind: Atomics.load(slot.current.flag, 0) === 1 ? 'cancelled' : 'internal', message: 'worker stopped' }, false);
      this.slots[idx] = this.spawn();
      this.pump();
    });
    worker.unref();
    return slot;
  }

  private finish(slot: Slot, outcome: JobOutcome, pump = true): void {
    const cur = slot.current;
    if (!cur) return;
    if (cur.killTimer) clearTimeout(cur.killTimer);
    slot.current = null;
    cur.entry.onEnd(outcome);
    if (pump) this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      const entry = this.queue.shift()!;
      const cancel = new SharedArrayBuffer(4);
      slot.current = { entry, flag: new Int32Array(cancel) };
      entry.onStart();
      const msg: RunJob = { type: 'run', ...entry.job, cancel };
      slot.worker.postMessage(msg);
    }
  }

  /** Waits until every worker has loaded its code (the first run then starts at once). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  submit(entry: PoolJob): void {
    if (this.closed) throw new Error('worker pool is closed');
    this.queue.push(entry);
    this.pump();
  }

  /** Cancels a queued or running job. Returns false when the pool does not know it. */
  cancel(runId: string): boolean {
    const q = this.queue.findIndex((e) => e.job.runId === runId);
    if (q >= 0) {
      const [entry] = this.queue.splice(q, 1);
      entry.onEnd({ type: 'error', kind: 'cancelled', message: 'cancelled before it started' });
      return true;
    }
    const slot = this.slots.find((s) => s.current?.entry.job.runId === runId);
    if (!slot?.current) return false;
    Atomics.store(slot.current.flag, 0, 1);
    slot.current.killTimer ??= setTimeout(() => { void slot.worker.terminate(); }, this.graceMs);
    return true;
  }

  stats(): { size: number; busy: number; queued: number } {
    return { size: this.size, busy: this.slots.filter((s) => s.current).length, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await Promise.all(this.slots.map((s) => { if (s.current?.killTimer) clearTimeout(s.current.killTimer); return s.worker.terminate(); }));
  }
}
