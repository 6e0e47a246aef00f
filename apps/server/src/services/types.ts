/**
 * What the tRPC procedures need from the server's services. Procedures stay thin: parse input,
 * call one of these, map errors. Implementations: runManager.ts, configStore.ts, datasets.ts.
 */
import type { StrategyBenchRecord } from '@skippy/io/db';
import type { ExperimentConfig, ConfigIssue } from '@skippy/core/config';
import type { RunProgress, RunReport, RunStatus, StageName } from '@skippy/core/reports';
import type { RunRow } from '@skippy/io/db';
import type { DataRequirementIssue } from '@skippy/core/pipeline';
import type { QueueDepth, WorkerInfo } from '@skippy/io/jobs';
import type { SharedFile } from './sharedData.ts';

/** One row of the runs list: the stored run (io/db RunRow) plus live progress and headline numbers. */
export interface RunSummary extends RunRow {
  /** Live progress while queued/running (null otherwise). */
  progress: { stage: RunProgress['stage']; percent: number; message?: string } | null;
  /** A few headline numbers once done. */
  metrics: Record<string, number | null>;
}

/** A run with its events (halts, alerts, progress milestones) and the config it ran. */
export interface RunDetail extends RunSummary {
  config: ExperimentConfig;
  events: RunEventRow[];
  /** True when a report is stored. */
  hasReport: boolean;
}

export interface RunEventRow {
  ts: number;
  kind: string;
  stage: StageName | null;
  message: string;
  data: unknown;
}

export interface StartRunInput {
  config: ExperimentConfig;
  hash: string;
  name?: string;
  rerunOf?: string;
}

export interface RunService {
  /**
   * Feature tiers whose data the run's source lacks (empty when it can start): synthetic sources from
   * what the generator makes, store sources from what the data directory's manifest holds.
   */
  dataIssues(config: ExperimentConfig): Promise<DataRequirementIssue[]>;
  start(input: StartRunInput): { id: string; status: RunStatus };
  /** Runs queued or running in this server. */
  activeCount(): number;
  list(opts: { status?: RunStatus; limit: number }): RunSummary[];
  get(id: string): RunDetail | null;
  /** Returns the new status, or null when the run does not exist. */
  cancel(id: string): Promise<RunStatus | null>;
  /** Deletes the run, its events and artifacts; cancels it first when active. False when unknown. */
  delete(id: string): Promise<boolean>;
  report(id: string): RunReport | null;
  /** Progress events of one run (or all runs when runId is null) until the signal aborts; a run's stream ends after its terminal event. */
  subscribe(runId: string | null, signal: AbortSignal | undefined): AsyncIterable<RunProgress>;
}

/** The current experiment config (config/training.yml), hot-reloaded. */
export interface ConfigState {
  path: string;
  /** Last good config (defaults when the file never parsed). */
  config: ExperimentConfig;
  hash: string;
  yaml: string;
  /** Issues of the file on disk when it does not validate (the last good config stays current). */
  error: { issues: ConfigIssue[]; at: number } | null;
  updatedAt: number;
}

export interface ConfigService {
  current(): ConfigState;
  /** Writes the config to the watched file (atomic) and makes it current. */
  save(config: ExperimentConfig): ConfigState;
  subscribe(signal: AbortSignal | undefined): AsyncIterable<ConfigState>;
}

export interface DatasetInfo {
  /** `synthetic:<SYM>:<INT>` or `store:<dataset>:<SYM>:<INT>`. */
  id: string;
  source: 'synthetic' | 'store';
  /** Stored dataset's source key (data.dataset of a run on it: "file:Binance_BTCUSDT_1h", "ccxt:binance", "synthetic"); null for the generated market. */
  dataset: string | null;
  symbol: string;
  interval: string;
  rows: number | null;
  start: number | null;
  end: number | null;
  description: string;
}

export interface DatasetService {
  list(): Promise<DatasetInfo[]>;
  /** QC report of one stored series (or a synthetic one). */
  qc(input: QcInput): Promise<unknown>;
  /** Bar files of the shared data folder that may be ingested. */
  shared(): SharedFile[];
  /** Ingest an uploaded or a listed shared file (QC of the file + io's ingestFile, in a worker thread). */
  ingestFile(input: FileIngestInput): Promise<unknown>;
  /** ccxt: the budget preview (dryRun) or the fetch, in a worker thread. */
  ccxt(input: CcxtInput): Promise<unknown>;
}

interface FileIngestCommon {
  duplicates?: 'precision' | 'first' | 'last';
  symbol?: string;
  interval?: string;
  timezone?: string;
}

/** A file for the data directory: uploaded bytes (base64) under a validated name, or a shared file by its listed id. */
export type FileIngestInput = FileIngestCommon & ({ kind: 'upload'; name: string; contentBase64: string } | { kind: 'shared'; id: string });

export interface CcxtInput {
  exchange: string;
  symbols: string[];
  intervals: string[];
  since?: number;
  until?: number;
  days?: number;
  dryRun: boolean;
  maxCalls?: number;
}

/** What datasets.qc checks: the generated market, or one stored series — of `dataset` when given (several sources may hold the symbol and interval). */
export interface QcInput {
  source: 'synthetic' | 'store';
  symbol: string;
  interval: string;
  days?: number;
  seed?: number;
  /** Stored dataset's source key; @default the only source holding the symbol and interval. */
  dataset?: string;
}

export interface BenchVersionRow {
  version: string;
  createdAt: number;
  results: { name: string; median_ms: number; runs?: number; targetMs?: number }[];
}

export interface ServerServices {
  version: string;
  runs: RunService;
  config: ConfigService;
  datasets: DatasetService;
  benchmarks: { list(): BenchVersionRow[]; record(row: BenchVersionRow): void; strategies(): { version: string; createdAt: number; record: StrategyBenchRecord }[] };
  health(): { db: 'ok' | 'error'; workers: { size: number; busy: number; queued: number } };
  /** The run engine: embedded pool or BullMQ (queue depth, registered workers). */
  cluster?(): Promise<ClusterState>;
  /** What one request may ask for: run size (cells) and how many runs may wait in the queue. */
  limits: ServerLimits;
}

export interface ServerLimits {
  /** Largest run, as estimated by core's estimateRunSize (bars × symbols × features × horizons). */
  maxCells: number;
  /** Most runs queued or running at once; runs.start answers 429 beyond it. */
  maxActiveRuns: number;
}

/** The run engine as the Workers page shows it. */
export interface ClusterState {
  mode: 'embedded' | 'redis';
  codeVersion: string;
  /** Redis URL without its password (null when embedded). */
  redis: string | null;
  queue: QueueDepth;
  /** Registered BullMQ workers; embedded: one row for the server's own worker threads. */
  workers: WorkerInfo[];
  at: number;
}
