import type { BarSeries, BookEvents, BookSnapshots, TimeSeries } from '../data/types.ts';
import type { RunProgress, RunReport } from '../reports/types.ts';
import type { ModelFactory } from '../models/index.ts';
import type { PolicyTrainer } from '../rl/index.ts';
import type { FrozenArtifact, FrozenPolicyArtifact } from './frozen.ts';

/** Market data a run works on, already loaded (the worker or the CLI reads it through @skippy/io). */
export interface PipelineInputs {
  source: 'synthetic' | 'store';
  /** Bars per symbol; symbols are aligned on common bar times by the data stage. */
  bars: Record<string, BarSeries>;
  /** Book state at each bar close (tier 2 spread_pct, depth_imbalance). */
  snapshots?: Record<string, BookSnapshots>;
  /** Book states inside bars (tier 2 ofi, mlofi). */
  events?: Record<string, BookEvents>;
  funding?: Record<string, TimeSeries>;
  openInterest?: Record<string, TimeSeries>;
  sentiment?: TimeSeries;
}

/** What the pipeline needs of an AbortSignal (structurally compatible with the DOM/Node one). */
export interface PipelineSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Progress callback: `runId` is filled by the pipeline. */
export type ProgressListener = (event: RunProgress) => void;

export interface RunExperimentOptions {
  /** Wall clock in ms (core never reads it itself); used for timings and report times. */
  now: () => number;
  runId?: string;
  /** Display name. @default config.name */
  name?: string;
  onProgress?: ProgressListener;
  /** Checked between stages and inside long stages (per fold, per variant); throws RunCancelledError. */
  signal?: PipelineSignal;
  /**
   * Awaited between stages and folds so the host can process messages (e.g. a cancel request);
   * the host supplies it (setImmediate in Node). @default no yielding
   */
  yieldToHost?: () => Promise<void>;
  /** Equity points per streamed progress chunk. @default 250 */
  equityChunk?: number;
  /** Model kinds beyond core's own (logistic, gbdt), e.g. @skippy/ml's mlp and tcn. */
  models?: readonly ModelFactory[];
  /**
   * A policy (e.g. @skippy/ml's PPO) instead of the supervised model: trained per walk-forward window on
   * its training bars, acting on its test bars; the same backtests, baselines, gates and report follow.
   */
  policy?: PolicyTrainer;
}

/** Large arrays of a run, written by the host as Parquet artifacts. */
export type ArtifactColumns = Record<string, Float64Array | Int32Array | Int8Array | string[]>;

export interface ExperimentResult {
  report: RunReport;
  /** `equity` (full curve), `trades`, `predictions` (out-of-fold probability and side per sample). */
  tables: Record<string, ArtifactColumns>;
  /** The last walk-forward window's fit, for paper trading (null: a policy run, or the last window fitted no model). */
  frozen?: FrozenArtifact | null;
  /** A policy run's frozen artifact (kind 'policy': the last window's trained policy and normaliser); hosts write it as frozen.json like `frozen`. */
  frozenPolicy?: FrozenPolicyArtifact | null;
}

/** Thrown when the signal aborts; hosts map it to the `cancelled` status. */
export class RunCancelledError extends Error {
  constructor(stage: string) {
    super(`run cancelled during ${stage}`);
    this.name = 'RunCancelledError';
  }
}

export function isRunCancelledError(e: unknown): e is RunCancelledError {
  return e instanceof Error && e.name === 'RunCancelledError';
}
