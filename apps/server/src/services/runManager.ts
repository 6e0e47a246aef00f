/**
 * Runs: persisted in SQLite, executed in the worker pool, progress fanned out to subscribers.
 * Status flow: queued → running → done | failed | cancelled; a server stop leaves `interrupted`
 * (marked at start-up and at close) and the run can be started again with `rerunOf`.
 */
import { randomBytes } from 'node:crypto';
import { configToYaml } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import type { EquityPoint, FoldResult, PolicyHistoryPoint, RunProgress, RunReport, RunStatus } from '@skippy/core/reports';
import { verdictMetrics } from '@skippy/core/reports';
import { parseConfigText } from '@skippy/core/config';
import { dataRequirementIssues, syntheticAvailableData } from '@skippy/core/pipeline';
import type { AvailableData, DataRequirementIssue } from '@skippy/core/pipeline';
import type { SkippyDb, RunRow } from '@skippy/io/db';
import { openDataStore } from '@skippy/io/store';
import { deleteRunArtifacts, readRunReport, runArtifactDir } from '@skippy/io/artifacts';
import type { RunPool, JobOutcome, PoolJob } from './workerPool.ts';
import { AsyncQueue } from './asyncQueue.ts';
import type { RunDetail, RunService, RunSummary, StartRunInput } from './types.ts';

interface LiveRun {
  stage: RunProgress['stage'];
  percent: number;
  message?: string;
  equity: EquityPoint[];
  folds: FoldResult[];
  /** A policy run's streamed training points (core buckets them: ≤ 200 per window and agent). */
  policy: PolicyHistoryPoint[];
  /** Server clock at runs.start and at the first equity point (for the time-to-first-point figure). */
  submittedAt: number;
  firstEquityAt: number | null;
  settle: Promise<void>;
  resolve: () => void;
}

/** Policy training points kept per live run for late subscribers (200 per window and agent: 64 window-agents). */
const MAX_LIVE_POLICY_POINTS = 12_800;

/** Parsed configs kept (a config is a few kB). */
const CONFIG_CACHE = 256;

const TERMINAL: ReadonlySet<RunStatus> = new Set(['done', 'failed', 'cancelled', 'interrupted']);
/** A persistent pool's progress message when a job starts again after a failed or lost attempt (distributedPool.ts). */
const RETRY = /^attempt \d+ on /;

export interface RunManagerOptions {
  db: SkippyDb;
  /** The embedded worker pool, or the BullMQ cluster (distributedPool.ts). */
  pool: RunPool;
  artifactsRoot: string;
  dataDir: string;
  now?: () => number;
  /**
   * Queued/running runs whose jobs a persistent pool (BullMQ) still holds: they are not marked
   * interrupted at start-up but followed again (pool.adopt) until they end.
   */
  adopt?: ReadonlySet<string>;
}

export class RunManager implements RunService {
  private readonly live = new Map<string, LiveRun>();
  private readonly subscribers = new Set<{ runId: string | null; queue: AsyncQueue<RunProgress> }>();
  /**
   * Parsed configs by hash. A config's YAML never changes under its hash, and parsing + validating it
   * took ≈ 7 ms of main-thread time per runs.get (the load benchmark's runs.get p95 under 50 runs).
   */
  private readonly configs = new Map<string, ExperimentConfig | null>();
  private readonly db: SkippyDb;
  private readonly pool: RunPool;
  private readonly now: () => number;
  /** Runs marked interrupted when this manager started. */
  readonly recovered: string[];

  constructor(private readonly opts: RunManagerOptions) {
    this.db = opts.db;
    this.pool = opts.pool;
    this.now = opts.now ?? Date.now;
    // a delete cut short by a crash (row marked deleting, files maybe half removed) is finished now
    for (const id of this.db.pendingDeletes()) this.finishDelete(id);
    this.recovered = this.db.markInterrupted(this.now(), 'the server stopped while this run was queued or running; start it again to re-run', opts.adopt);
    if (opts.adopt && this.pool.adopt) for (const id of opts.adopt) this.adoptRun(id);
  }

  /** Follows a run a previous server process enqueued on the persistent pool. */
  private adoptRun(id: string): void {
    const row = this.db.getRun(id);
    if (!row || TERMINAL.has(row.status)) return;
    const yaml = this.db.getConfigYaml(row.configHash);
    const parsed = yaml ? parseConfigText(yaml) : null;
    if (!parsed?.ok) return;
    const live = this.newLive(row.status === 'running' ? 'data' : 'queued', row.createdAt);
    this.live.set(id, live);
    this.db.addEvent(id, { ts: this.now(), kind: 'status', stage: null, message: 'followed again by a restarted server (the job stayed queued in Redis)', data: { status: row.status } });
    this.pool.adopt!(this.poolEntry(id, row.name, parsed.config, live));
  }

  private newLive(stage: RunProgress['stage'], submittedAt: number): LiveRun {
    let resolve!: () => void;
    const settle = new Promise<void>((r) => { resolve = r; });
    return { stage, percent: 0, equity: [], folds: [], policy: [], submittedAt, firstEquityAt: null, settle, resolve };
  }

  private poolEntry(id: string, name: string, config: ExperimentConfig, live: LiveRun): PoolJob {
    return {
      job: { runId: id, name, config, artifactDir: runArtifactDir(this.opts.artifactsRoot, id), dataDir: this.opts.dataDir },
      onStart: () => {
        const t = this.now();
        this.db.updateRun(id, { status: 'running', startedAt: t });
        this.db.addEvent(id, { ts: t, kind: 'status', stage: null, message: 'running', data: { status: 'running' } });
        live.stage = 'data';
        this.broadcast({ runId: id, stage: 'data', percent: 0, status: 'running', message: 'running' });
      },
      onProgress: (event) => this.onProgress(id, live, event),
      onEnd: (outcome) => this.onEnd(id, live, outcome),
    };
  }

  private newId(): string {
    return `r${this.now().toString(36)}${randomBytes(3).toString('hex')}`;
  }

  async dataIssues(config: ExperimentConfig): Promise<DataRequirementIssue[]> {
    const available = config.data.source === 'synthetic' ? syntheticAvailableData(config) : await storeAvailability(this.opts.dataDir, config);
    return dataRequirementIssues(config, available);
  }

  start(input: StartRunInput): { id: string; status: RunStatus } {
    const id = this.newId();
    const at = this.now();
    this.db.putConfig(input.hash, configToYaml(input.config), at);
    const row: RunRow = { id, name: input.name?.trim() || input.config.name, status: 'queued', createdAt: at, startedAt: null, finishedAt: null, configHash: input.hash, error: null, rerunOf: input.rerunOf ?? null };
    this.db.insertRun(row);
    this.db.addEvent(id, { ts: at, kind: 'status', stage: null, message: input.rerunOf ? `queued (re-run of ${input.rerunOf})` : 'queued', data: { status: 'queued' } });
    const live = this.newLive('queued', at);
    this.live.set(id, live);
    this.broadcast({ runId: id, stage: 'queued', percent: 0, status: 'queued', message: 'queued' });
    this.pool.submit(this.poolEntry(id, row.name, input.config, live));
    return { id, status: 'queued' };
  }

  private onProgress(id: string, live: LiveRun, event: RunProgress): void {
    live.stage = event.stage;
    live.percent = event.percent;
    if (event.message) live.message = event.message;
    if (event.message && RETRY.test(event.message)) {
      // the BullMQ engine started the run again on another worker: what the lost attempt streamed is dropped
      live.equity = [];
      live.folds = [];
      live.policy = [];
      live.firstEquityAt = null;
      this.db.addEvent(id, { ts: this.now(), kind: 'retry', stage: null, message: event.message, data: { percent: 0 } });
    }
    if (event.partial?.equityPoints?.length) {
      if (live.firstEquityAt === null) live.firstEquityAt = this.now();
      for (const p of event.partial.equityPoints) live.equity.push(p);
    }
    if (event.partial?.policy && live.policy.length < MAX_LIVE_POLICY_POINTS) live.policy.push(event.partial.policy as PolicyHistoryPoint);
    if (event.partial?.fold) {
      live.folds.push(event.partial.fold);
      const f = event.partial.fold;
      this.db.addEvent(id, { ts: this.now(), kind: 'fold', stage: 'cv', message: `fold ${f.index + 1}: accuracy ${f.accuracy?.toFixed(3) ?? 'n/a'}`, data: f });
    } else if (event.message?.endsWith(' done')) {
      this.db.addEvent(id, { ts: this.now(), kind: 'progress', stage: event.stage as never, message: event.message, data: { percent: event.percent } });
    }
    this.broadcast({ ...event, runId: id, status: 'running' });
  }

  private onEnd(id: string, live: LiveRun, outcome: JobOutcome): void {
    const t = this.now();
    let status: RunStatus;
    let message: string;
    if (outcome.type === 'done') {
      status = 'done';
      message = `done: ${outcome.report.verdict.decision}`;
      this.storeReportFacts(id, outcome.report, live, t);
    } else {
      status = outcome.kind === 'cancelled' ? 'cancelled' : 'failed';
      message = outcome.kind === 'cancelled' ? 'cancelled' : outcome.message;
    }
    if (this.db.getRun(id)) {
      this.db.updateRun(id, { status, finishedAt: t, ...(status === 'failed' ? { error: outcome.type === 'error' ? outcome.message : null } : {}) });
      this.db.addEvent(id, { ts: t, kind: 'status', stage: null, message, data: { status } });
    }
    this.live.delete(id);
    this.broadcast({ runId: id, stage: status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed', percent: status === 'done' ? 100 : live.percent, status, message });
    live.resolve();
  }

  private storeReportFacts(id: string, report: RunReport, live: LiveRun, t: number): void {
    const h = report.headline;
    const metrics: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(h)) if (typeof v === 'number' || v === null) metrics[k] = v;
    metrics.duration_ms = report.durationMs;
    metrics.server_total_ms = t - live.submittedAt;
    metrics.server_first_equity_ms = live.firstEquityAt !== null ? live.firstEquityAt - live.submittedAt : null;
    Object.assign(metrics, verdictMetrics(report.verdict));
    this.db.putMetrics(id, metrics);
    for (const halt of report.risk?.halts ?? []) this.db.addEvent(id, { ts: halt.ts, kind: 'halt', stage: 'backtest', message: `${halt.reason}: ${halt.detail}`, data: halt });
    for (const a of (report.risk?.correlationAlerts ?? []).slice(0, 200)) this.db.addEvent(id, { ts: a.ts, kind: 'alert', stage: 'backtest', message: `correlation ${a.a}/${a.b} ${a.rho.toFixed(2)} (${a.kind})`, data: a });
  }

  private broadcast(event: RunProgress): void {
    for (const s of this.subscribers) if (s.runId === null || s.runId === event.runId) s.queue.push(event);
  }

  private summary(row: RunRow): RunSummary {
    const live = this.live.get(row.id);
    return {
      ...row,
      progress: live ? { stage: live.stage, percent: live.percent, ...(live.message ? { message: live.message } : {}) } : null,
      metrics: row.status === 'done' ? this.db.getMetrics(row.id) : {},
    };
  }

  list(opts: { status?: RunStatus; limit: number }): RunSummary[] {
    return this.db.listRuns(opts).map((r) => this.summary(r));
  }

  get(id: string): RunDetail | null {
    const row = this.db.getRun(id);
    if (!row) return null;
    const config = this.configOf(row.configHash);
    return {
      ...this.summary(row),
      config: (config ? structuredClone(config) : null) as ExperimentConfig,
      events: this.db.listEvents(id).map((e) => ({ ts: e.ts, kind: e.kind, stage: e.stage as RunDetail['events'][number]['stage'], message: e.message, data: e.data })),
      hasReport: row.status === 'done',
    };
  }

  /** The validated config stored under a hash (null when missing or no longer valid), parsed once per hash (LRU of CONFIG_CACHE). */
  private configOf(hash: string): ExperimentConfig | null {
    const hit = this.configs.get(hash);
    if (hit !== undefined) {
      this.configs.delete(hash);
      this.configs.set(hash, hit);
      return hit;
    }
    const yaml = this.db.getConfigYaml(hash);
    if (!yaml) return null;
    const parsed = parseConfigText(yaml);
    const config = parsed.ok ? parsed.config : null;
    this.configs.set(hash, config);
    if (this.configs.size > CONFIG_CACHE) this.configs.delete(this.configs.keys().next().value!);
    return config;
  }

  report(id: string): RunReport | null {
    if (!this.db.getRun(id)) return null;
    return readRunReport(runArtifactDir(this.opts.artifactsRoot, id));
  }

  async cancel(id: string): Promise<RunStatus | null> {
    const row = this.db.getRun(id);
    if (!row) return null;
    if (TERMINAL.has(row.status)) return row.status;
    const live = this.live.get(id);
    if (!live || !this.pool.cancel(id)) {
      this.db.updateRun(id, { status: 'cancelled', finishedAt: this.now() });
      return 'cancelled';
    }
    await live.settle;
    return this.db.getRun(id)?.status ?? 'cancelled';
  }

  /**
   * Two-phase delete, atomic from a reader's view: the row is marked deleting first (getRun/list no
   * longer see it, so no "done" run without its report is ever shown), then a live run is cancelled,
   * the files removed and the row dropped. Start-up finishes a delete a crash interrupted.
   */
  async delete(id: string): Promise<boolean> {
    if (!this.db.markDeleting(id)) return false;
    const live = this.live.get(id);
    if (live && this.pool.cancel(id)) await live.settle;
    this.finishDelete(id);
    return true;
  }

  private finishDelete(id: string): void {
    try { deleteRunArtifacts(runArtifactDir(this.opts.artifactsRoot, id)); } catch { /* an unsafe id has no folder */ }
    this.db.deleteRun(id);
  }

  subscribe(runId: string | null, signal: AbortSignal | undefined): AsyncIterable<RunProgress> {
    const entry = { runId, queue: new AsyncQueue<RunProgress>(signal, () => this.subscribers.delete(entry)) };
    if (runId !== null) {
      const row = this.db.getRun(runId);
      const live = this.live.get(runId);
      if (row && live) {
        // catch-up: every fold so far, then one snapshot with all equity points (and policy training points) so far
        for (const fold of live.folds) entry.queue.push({ runId, stage: 'cv', percent: live.percent, status: row.status, partial: { fold } });
        const partial = { ...(live.equity.length ? { equityPoints: live.equity.slice() } : {}), ...(live.policy.length ? { policyHistory: live.policy.slice() } : {}) };
        entry.queue.push({ runId, stage: live.stage, percent: live.percent, status: row.status, message: live.message ?? row.status, ...(Object.keys(partial).length ? { partial } : {}) });
      } else if (row) {
        entry.queue.push({ runId, stage: row.status === 'done' ? 'done' : row.status === 'cancelled' ? 'cancelled' : row.status === 'interrupted' ? 'interrupted' : 'failed', percent: row.status === 'done' ? 100 : 0, status: row.status, message: row.error ?? row.status });
        entry.queue.close();
        return entry.queue;
      }
    }
    this.subscribers.add(entry);
    if (runId === null) return entry.queue;
    // a single run's stream ends after its terminal event
    const queue = entry.queue;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const e of queue) {
          yield e;
          if (e.status && TERMINAL.has(e.status)) { queue.close(); return; }
        }
      },
    };
  }

  activeCount(): number {
    return this.live.size;
  }

  /** Marks what is still queued/running as interrupted (graceful stop; not with a persistent pool) and ends every stream. */
  shutdown(): void {
    // a persistent pool's jobs go on in the cluster: the next server process adopts them
    if (!this.pool.persistent) this.db.markInterrupted(this.now(), 'the server stopped while this run was queued or running; start it again to re-run');
    for (const s of this.subscribers) s.queue.close();
    this.subscribers.clear();
  }
}

/**
 * What a store run would load, from the data directory's manifest alone (no Parquet is read): a series
 * counts when its table holds rows for the symbol and its data.sources switch is on, as io's
 * loadRunInputs looks for it. A book table counts as snapshots at bar close even though the run later
 * matches them to bars; a book that matches no bar is still caught by the pipeline's data stage.
 */
async function storeAvailability(dataDir: string, config: ExperimentConfig): Promise<AvailableData> {
  const src = config.data.sources;
  const tables = new Set((await openDataStore(dataDir).listDatasets()).flatMap((e) => (e.kind === 'table' && e.rows > 0 ? [`${e.name}/${e.symbol ?? '*'}`] : [])));
  const has = (name: string, symbol: string, on: boolean) => on && tables.has(`${name}/${symbol}`);
  return {
    source: 'store',
    series: Object.fromEntries(config.data.symbols.map((s) => [s, {
      funding: has('funding', s, src.funding), book: has('book', s, src.book), bookEvents: has('book_events', s, src.book), openInterest: has('open_interest', s, src.open_interest),
    }])),
    sentiment: has('sentiment', '*', src.sentiment),
  };
}
