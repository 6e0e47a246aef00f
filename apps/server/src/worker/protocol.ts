/** Messages between the run manager (main thread) and a run worker. */
import type { ExperimentConfig } from '@skippy/core/config';
import type { RunProgress, RunReport } from '@skippy/core/reports';

export interface RunJob {
  type: 'run';
  runId: string;
  name: string;
  config: ExperimentConfig;
  /** Where report.json and the Parquet tables go. */
  artifactDir: string;
  /** Data directory (source "store"). */
  dataDir: string;
  /** Int32Array(1) over this buffer: 1 = cancel requested. */
  cancel: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; runId: string; event: RunProgress }
  | { type: 'done'; runId: string; report: RunReport }
  | { type: 'error'; runId: string; kind: 'user' | 'cancelled' | 'internal'; message: string };
