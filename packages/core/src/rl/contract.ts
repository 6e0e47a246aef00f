/**
 * The policy contract: a reinforcement-learning trainer (e.g. @skippy/ml's PPO) plugs into the same
 * walk-forward protocol as the supervised models. For each window the pipeline hands the trainer the
 * bars and causal features, the bars it may learn from and the bars it must act on; the trainer returns
 * the per-bar target side and size it chose on the test bars. The pipeline then runs the same
 * backtests, baselines, gates, DSR and report as for a supervised run.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries } from '../data/types.ts';
import type { FeatureMatrix } from '../features/index.ts';
import type { ObservationNormaliserJSON } from './normaliser.ts';

export interface PolicyWindowContext {
  /** Walk-forward window index (0-based) and count. */
  index: number;
  windows: number;
  symbols: string[];
  /** Full bar series per symbol (aligned). Learn only from [trainFrom, trainTo); act at t from bars ≤ t only. */
  bars: Record<string, BarSeries>;
  /** Causal feature matrix per symbol (value at t known at t's close; NaN during warm-up / after gaps). */
  features: Record<string, FeatureMatrix>;
  /** Training bars [trainFrom, trainTo): trainTo ≤ testFrom − embargo bars. */
  trainFrom: number;
  trainTo: number;
  /** Bars to act on [testFrom, testTo): the decision at bar t's close fills at t + 1's open. */
  testFrom: number;
  testTo: number;
  /**
   * Funding rate booked at each bar per symbol (full-length; 0 where nothing settles), mapped exactly as
   * the backtest charges it (execution/funding.ts fundingRatesAtBars: a settlement is paid on the position
   * held at the close of the bar it falls in). Absent / null when execution.funding is off or no funding
   * rates were loaded (data.sources.funding).
   */
  fundingRate?: Record<string, Float64Array> | null;
  config: ExperimentConfig;
  /** Seed of every random draw of this window's training. */
  seed: number;
  /** Training diagnostics (episodic return, losses, entropy, approx KL, clip fraction, explained variance, steps/s). */
  onProgress?: (e: PolicyProgress) => void;
  /** Checked between updates; the trainer throws when aborted. */
  signal?: { readonly aborted: boolean };
}

export interface PolicyProgress {
  step: number;
  [metric: string]: number;
}

export interface PolicyWindowResult {
  /** Per symbol, full-length (bars) arrays; non-zero only on [testFrom, testTo). side ∈ {−1, 0, +1}. */
  side: Record<string, Int8Array>;
  /** Target position as a share of equity (≥ 0) where side ≠ 0. */
  size: Record<string, Float64Array>;
  /**
   * The same greedy policy acting on its own training bars [trainFrom, trainTo) (full-length arrays,
   * non-zero only there): the in-sample side of gate 3 (IS vs OOS Sharpe of the same policy).
   */
  inSampleSide?: Record<string, Int8Array>;
  history: PolicyProgress[];
  /**
   * Per symbol, what acts on the test bars, as plain JSON: the trained policy (`policy`, restored by the
   * trainer's host restorer, e.g. @skippy/ml's policyFromJSON) and the observation normaliser fitted on
   * the window's training bars. The last window's becomes the run's frozen policy artifact (pipeline/frozen.ts).
   */
  frozen?: Record<string, { policy: unknown; normaliser: ObservationNormaliserJSON }>;
}

/**
 * A policy restored from its JSON (frozen artifact): the deterministic action (argmax of the logits for
 * discrete actions 0 short, 1 flat, 2 long) of one observation of `obsSize` values.
 */
export interface RestoredPolicy {
  obsSize: number;
  numActions: number;
  act(obs: Float32Array): number;
}

export interface PolicyTrainer {
  kind: string;
  /** A short description for the report (algorithm, steps, key hyper-parameters). */
  describe(config: ExperimentConfig): string;
  fitWindow(ctx: PolicyWindowContext): Promise<PolicyWindowResult>;
}
