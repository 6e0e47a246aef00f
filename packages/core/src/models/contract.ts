/**
 * The model contract of the per-split fit stage. Every model kind — the logistic baseline and the
 * gradient-boosted trees in core, the MLP / TCN of @skippy/ml — is a `ModelFactory` whose `fit` sees
 * only the training rows it is given (one walk-forward window or CV split) and returns a predictor of
 * P(y = 1). Hosts (server worker, CLI, browser worker) pass extra factories to runExperiment, so core
 * stays free of dependencies.
 */
import type { PrimaryModelConfig } from '../config/models.ts';

/** The feature data a model reads: the row-major sample matrix, and for sequence models a window builder. */
export interface ModelData {
  /** Row-major n × p features at each sample's decision bar. */
  X: Float64Array;
  p: number;
  /**
   * windows(rows, length) – for each listed sample, the causal feature window of its symbol: the
   * `length` bars ending at (and including) its decision bar, row-major [rows.length × length × p]
   * (oldest first). Values before the first bar or across a data gap are NaN. Present in runs.
   */
  windows?: (rows: Int32Array, length: number) => Float32Array;
}

/** One training progress point (per boosting iteration or epoch). */
export interface TrainingProgress {
  /** 1-based iteration / epoch. */
  iteration: number;
  trainLoss: number;
  validLoss: number | null;
  trainAuc: number | null;
  validAuc: number | null;
}

export interface FitRequest {
  /** Target in {0, 1} (or soft labels in [0, 1]) indexed like the rows of X; read only at `rows`. */
  y: Float64Array;
  /** Training rows, in time order. */
  rows: Int32Array;
  /** Per-row weights indexed like X's rows (e.g. label uniqueness); default 1. */
  weights?: Float64Array;
  /**
   * Rows for early stopping, disjoint from `rows` and later in time (a purged validation tail the caller
   * cut from the training window). Absent: the model uses no early stopping.
   */
  validation?: Int32Array;
  /**
   * Mean average uniqueness (AFML ch. 4: ū_i = mean over the label's bars of 1 / concurrency) of the
   * `rows`' labels, concurrency counted among those rows only; in (0, 1]. Set by the pipeline (which knows
   * the label spans); a model may size its per-epoch sample by it (the TCN's `epoch_samples`). Absent: unknown.
   */
  uniqueness?: number;
  /** Seed of every random draw of the fit (initialisation, dropout, bagging, shuffling). */
  seed: number;
  onProgress?: (e: TrainingProgress) => void;
  /** Checked between iterations / epochs; the fit stops and throws when aborted. */
  signal?: { readonly aborted: boolean };
}

export interface FittedModel {
  kind: string;
  /** P(y = 1) for each listed row (NaN where the row's inputs are not finite). */
  predict(data: ModelData, rows: Int32Array): Promise<Float64Array>;
  /** Standardised linear coefficients when the model has them. */
  coef: Float64Array | null;
  /** Per-feature importance the model itself measures (e.g. total split gain for trees), or null. */
  importance: Float64Array | null;
  /** Training curve (one point per iteration / epoch; empty for closed-form fits). */
  history: TrainingProgress[];
  /** The fitted parameters as JSON (weights, scalers, architecture) for checkpoints and export. */
  toJSON(): unknown;
}

export interface ModelFactory {
  /** The `models.primary.kind` this factory fits. */
  kind: string;
  /** Fits `spec` (its `kind` equals this factory's) on `request.rows` only. */
  fit(spec: PrimaryModelConfig, data: ModelData, request: FitRequest): Promise<FittedModel>;
}
