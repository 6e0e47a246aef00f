/**
 * The one job contract of Skippy's run engines (the server's embedded worker pool and the BullMQ cluster):
 * a run is `{runId, name, config, inputs}` → `{report, tables}`. Inputs travel by content hash (SHA-256 of
 * their encoded bytes), results as the report plus the artifact tables; the submitter writes the artifacts,
 * so both engines produce the same bytes for the same config and seed.
 */
import type { ExperimentConfig } from '@skippy/core/config';
import type { RunProgress } from '@skippy/core/reports';

/** BullMQ queue every run job goes to. */
export const RUN_QUEUE = 'skippy-runs';
/** Redis key prefix of Skippy's own keys (worker registry, cancel marks, code version). */
export const KEY_PREFIX = 'skippy';

/** What a run job carries in Redis; the BullMQ job id is `jobId`, so a job is enqueued and stored once. */
export interface RunJobData {
  /** Unique in the queue: the server uses the run id; a CLI prefixes its runs' ids with its own random tag. */
  jobId: string;
  /** The pipeline's run id (written into the report). */
  runId: string;
  name: string;
  /** The validated config (plain JSON); the worker validates it again with core's schema. */
  config: ExperimentConfig;
  /** SHA-256 (hex) of the encoded pipeline inputs; null for a synthetic run (the pipeline makes its market). */
  inputsHash: string | null;
  /** Code version of the submitter; a worker of another version does not run the job. */
  codeVersion: string;
  /** Base URL of the job host that serves the inputs and takes the result (the server, or a CLI's own host). */
  origin: string;
  /** Who submitted: a worker started with --server uses that URL for the server's jobs. */
  submitter: 'server' | 'cli';
  /** "files": send the tables as their Parquet bytes (a server only writes them); "tables" (default): the columns (a CLI uses them). */
  resultForm?: 'tables' | 'files';
}

/** What a worker reports through BullMQ job progress. */
export type RunJobProgress =
  | { kind: 'progress'; event: RunProgress }
  | { kind: 'attempt'; worker: string; host: string; attempt: number };

/** How a run ended when it did not produce a report. */
export type RunFailureKind = 'user' | 'cancelled' | 'internal';

/** A failed job's reason is stored as `<kind>: <message>`; parseFailure reads it back. */
export function failureReason(kind: RunFailureKind, message: string): string {
  return `${kind}: ${message}`;
}

export function parseFailure(reason: string | undefined | null): { kind: RunFailureKind; message: string } {
  const text = reason ?? 'the job failed without a reason';
  const m = /^(user|cancelled|internal): ([\s\S]*)$/.exec(text);
  if (m) return { kind: m[1] as RunFailureKind, message: m[2] };
  // BullMQ's own reasons (e.g. "job stalled more than allowable limit") are internal failures
  return { kind: 'internal', message: text };
}

/** One worker as it registers itself in Redis (refreshed every few seconds; gone when it stops refreshing). */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  codeVersion: string;
  startedAt: number;
  /** Last heartbeat (worker clock, epoch ms). */
  seenAt: number;
  /** Run ids being processed now. */
  current: string[];
  completed: number;
  failed: number;
  /** Jobs completed in the last minute. */
  perMinute: number;
}

/** Job counts of the run queue. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}
