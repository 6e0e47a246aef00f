/**
 * The stored result of one experiment run, as plain JSON-safe data (the server sends it over tRPC
 * and the web app renders it). Conventions:
 *  - times are epoch ms UTC; durations are ms;
 *  - returns, drawdowns, weights and probabilities are fractions (0.012 = 1.2 %); TCA costs are in
 *    basis points where the field name ends in `Bp`, otherwise in quote currency (USDT);
 *  - `Num` is `number | null`: null where a value is undefined (NaN/±∞ in the kernels: no trades,
 *    a zero variance, a stage that did not run). JSON has no NaN, so the builder maps it to null;
 *  - arrays are plain `number[]` (JSON); large arrays (full equity curve, trades, predictions) live
 *    in Parquet artifacts next to the report, the report holds at most `EQUITY_MAX_POINTS` points;
 *  - a section is null when its stage did not run; `stages` says which stages ran and why not.
 */
import type { ExperimentConfig } from '../config/schema.ts';

/** A number that may be undefined (serialised NaN). */
export type Num = number | null;

/** Version of the RunReport shape; bump when a field changes meaning. */
export const RUN_REPORT_VERSION = 2;

/** Equity points kept in the report (LTTB-downsampled); the full curve is in the `equity` artifact. */
export const EQUITY_MAX_POINTS = 2000;

/** Per-trade TCA rows kept in the report (the rest are in the `trades` artifact). */
export const TCA_MAX_TRADE_ROWS = 2000;

/** Pipeline stages in execution order. */
export const STAGES = ['data', 'qc', 'features', 'labels', 'cv', 'walkforward', 'backtest', 'metrics', 'overfitting', 'report'] as const;
export type StageName = (typeof STAGES)[number];

/** Lifecycle of a stored run. `interrupted` = the server stopped while it was queued or running. */
export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface StageStatus {
  stage: StageName;
  /** done: ran; skipped: not applicable or its building block is missing (see `note`); failed: threw. */
  status: 'done' | 'skipped' | 'failed';
  ms: number;
  note?: string;
}

// ---------------------------------------------------------------- headline + verdict

export interface HeadlineMetrics {
  initialCash: number;
  finalEquity: Num;
  /** Compounded total return of the costed backtest. */
  totalReturn: Num;
  annualizedReturn: Num;
  annualizedVolatility: Num;
  /** Annualised Sharpe of per-bar returns (periodsPerYear from the bar interval unless configured). */
  sharpe: Num;
  sortino: Num;
  /** Largest peak-to-trough loss, a positive fraction. */
  maxDrawdown: Num;
  maxDrawdownDurationBars: Num;
  calmar: Num;
  hitRate: Num;
  trades: number;
  winRate: Num;
  /** Traded notional / average equity. */
  turnover: Num;
  /** Share of bars with a position. */
  exposure: Num;
  fees: Num;
  slippage: Num;
  funding: Num;
  halts: number;
  /** Out-of-fold classification accuracy of the primary model (sign of the label return). */
  oosAccuracy: Num;
  /** Out-of-fold area under the ROC curve. */
  oosAuc: Num;
  /** Probabilistic Sharpe ratio against SR* = 0. */
  psr: Num;
  /** Deflated Sharpe ratio over the variant family. */
  dsr: Num;
  /** Probability of backtest overfitting (CSCV). */
  pbo: Num;
  periodsPerYear: number;
  /** Share of the out-of-sample bars on which a risk rule blocked new entries (any rule). */
  haltedShare?: Num;
  /** First bar (open time) of the out-of-sample span every headline number is computed on. */
  oosStart?: Num;
  /** Out-of-sample bars (the span the headline covers). */
  oosBars?: number;
}

export interface VerdictReason {
  /** Stable id: a gate name (`sharpe_vs_baseline`, `drawdown_vs_baseline`, `is_oos_consistency`, `execution_realism`, `dsr`, `pbo`, `min_trades`). */
  check: string;
  /** null = the gate could not be computed (see message). */
  passed: boolean | null;
  value: Num;
  threshold: Num;
  /** One sentence a PM can read, e.g. "DSR 0.41 < 0.95: the Sharpe is not significant after 15 trials". */
  message: string;
}

export interface Verdict {
  /** go: every check passed; no-go: a check failed; inconclusive: a check could not be computed. */
  decision: 'go' | 'no-go' | 'inconclusive';
  reasons: VerdictReason[];
  /** Names of the failed gates (empty on go). */
  failed?: string[];
  /** One paragraph a PM can read: decision, failed gates, costs applied. */
  summary?: string;
}

// ---------------------------------------------------------------- protocol, baselines, costs, meta

/** One walk-forward window of the causal backtest. */
export interface WalkForwardWindowReport {
  index: number;
  /** Test window [start, end) in bar open times. */
  start: number;
  end: number;
  trainSize: number;
  testSize: number;
  /** Candidate training samples removed because their label ended inside the embargo before the window. */
  purged: number;
  /** Platt scaling fitted on the calibration tail (P = 1 / (1 + exp(a·logit + b))); null when off or degenerate. */
  calibration: { a: number; b: number; n: number } | null;
  /** Kelly inputs of the traded bet on the calibration tail (sizing kind kelly). */
  kelly: { p: Num; b: Num; fraction: number; trades: number } | null;
  /** Annualised Sharpe of the unit-size costed signal: the window model on its own training bars (IS) and on its test bars (OOS). */
  isSharpe: Num;
  oosSharpe: Num;
  oosAuc: Num;
}

/** How the run's headline numbers were produced. */
export interface ProtocolSection {
  /** Always "walk_forward": equity, TCA, headline and gates come only from causal predictions. */
  equity: 'walk_forward';
  window: 'expanding' | 'rolling';
  /** The scheme of the Folds table (model scoring and diagnostics only). */
  scoring: string;
  /** Bars before the first fit: the strategy is flat there. */
  flatBars: number;
  firstTestTs: number;
  embargoBars: number;
  sizing: string;
  calibration: string;
  sampleWeights: string;
  windows: WalkForwardWindowReport[];
  /** Mean out-of-sample AUC / accuracy of the walk-forward predictions. */
  oosAuc: Num;
  oosAccuracy: Num;
  /** Gate 3: mean over the scoring folds of the annualised IS and OOS Sharpe of the unit-size costed signal. */
  isSharpe: Num;
  oosSharpe: Num;
  notes: string[];
}

/** One baseline's out-of-sample backtest through the same simulator. */
export interface BaselineReport {
  name: 'buy_and_hold' | 'primary_rule' | 'random_entry';
  label: string;
  description: string;
  sharpe: Num;
  totalReturn: Num;
  maxDrawdown: Num;
  trades: number;
  exposure: Num;
  winRate: Num;
  /** random_entry: distribution over the seeded draws (the fields above are the medians). */
  draws?: { n: number; sharpe: { q05: Num; q50: Num; q95: Num }; totalReturn: { q05: Num; q50: Num; q95: Num }; maxDrawdown: { q05: Num; q50: Num; q95: Num } };
}

/** What the naive and realistic backtests say, and how much halts cost (gate 4, TCA). */
export interface RealismSection {
  /** Close fills, no costs, no halts: the naive backtest of the same signals. */
  naive: InflationFiguresReport;
  /** No costs, same fills and risk rules. */
  frictionless: InflationFiguresReport;
  /** All costs, risk halts switched off. */
  noHalts: InflationFiguresReport | null;
  realistic: InflationFiguresReport;
  /** (naive − realistic) / |naive| of the Sharpe (gate 4). */
  inflationReduction: Num;
  haltedBars: { daily_loss_limit: number; consecutive_losses: number; any: number } | null;
}

export interface CostsSection {
  applied: string[];
  missing: { component: string; reason: string }[];
}

/** The model the walk-forward windows fitted: its training curves and its own feature importance. */
export interface ModelSection {
  kind: string;
  /** Per window: one point per boosting iteration / epoch (empty for closed-form fits such as the logistic). */
  curves: { window: number; points: { iteration: number; trainLoss: number; validLoss: Num; trainAuc: Num; validAuc: Num }[] }[];
  /** Mean over windows of the model's own importance (e.g. total split gain for trees, normalised to sum 1), or null. */
  importance: { name: string; value: Num }[] | null;
  /** AFML MDA per feature: mean ± sd over windows of the out-of-sample log-loss increase when the feature is permuted (models.permutation_importance). */
  permutation: { name: string; mean: Num; std: Num }[] | null;
}

/**
 * One bucket of a policy's consecutive training updates (pipeline/policyHistory.ts): what the live stream
 * sends and what the report's columns hold. NaN (null in JSON) where the bucket had no value.
 */
export type PolicyHistoryPoint = {
  window: number;
  /** The agent: index into the run's symbols (one agent per symbol and window). */
  symbol: number;
  /** Global environment step at the bucket's last update. */
  step: number;
  /** Updates summarised and episodes that ended in them. */
  updates: number;
  episodes: number;
  /** Mean return of the episodes that ended in the bucket. */
  episodic_return: number;
  policy_loss: number;
  value_loss: number;
  entropy: number;
  approx_kl: number;
  clipfrac: number;
  explained_variance: number;
  /** Environment steps per second of wall time over the bucket. */
  steps_per_s: number;
};

/** A policy run's training history per walk-forward window and agent (symbol), as compact columns (≤ maxPointsPerSeries each). */
export interface PolicyTrainingSection {
  /** The trainer (e.g. `ppo`). */
  kind: string;
  /** The run's symbols (series.symbol indexes them). */
  symbols: string[];
  /** The metric columns, in display order. */
  metrics: string[];
  maxPointsPerSeries: number;
  series: {
    window: number;
    symbol: number;
    step: number[];
    updates: number[];
    episodes: number[];
    episodic_return: Num[];
    policy_loss: Num[];
    value_loss: Num[];
    entropy: Num[];
    approx_kl: Num[];
    clipfrac: Num[];
    explained_variance: Num[];
    steps_per_s: Num[];
  }[];
}

/** Meta-labelling (AFML 3.6): the secondary model against the primary side alone, on out-of-sample bets. */
export interface MetaSection {
  primary: string;
  bets: number;
  taken: number;
  primaryAlone: { precision: Num; recall: Num; f1: Num };
  withMeta: { precision: Num; recall: Num; f1: Num };
}

// ---------------------------------------------------------------- equity

export interface EquitySection {
  /** Bar close times of the (downsampled) points. */
  ts: number[];
  equity: number[];
  /** equity / running peak − 1 (≤ 0), at the same points, computed on the full curve. */
  drawdown: number[];
  /** Points of the full curve (the `equity` artifact). */
  points: number;
  downsampled: boolean;
  initialCash: number;
  /** Deepest drawdown (≤ 0) of the full curve and when it happened. */
  maxDrawdown: Num;
  maxDrawdownAt: Num;
}

// ---------------------------------------------------------------- TCA

export interface TcaFigures {
  orders: number;
  filledNotional: number;
  /** Filled-notional-weighted slippage vs arrival price, bp (positive = cost). */
  slippageBp: Num;
  /** Implementation shortfall vs decision price (signal bar close), bp. */
  shortfallBp: Num;
  fees: number;
  funding: number;
  /** Filled / ordered quantity. */
  fillRate: Num;
  partialFills: number;
  meanLatencyMs: Num;
}

export interface TcaBreakdownRow extends TcaFigures {
  /** `small` | `medium` | `large` (order notional buckets) or `buy` | `sell`. */
  key: string;
  by: 'size' | 'side';
}

export interface TcaTradeReportRow {
  tradeId: number;
  symbol: string;
  side: 1 | -1;
  entryTs: number;
  exitTs: number;
  entryPrice: number;
  exitPrice: number;
  size: number;
  pnl: number;
  fees: number;
  slippage: number;
  funding: number;
  slippageBp: Num;
  shortfallBp: Num;
  fillRate: Num;
  partialFills: number;
  latencyMs: Num;
  exitReason: string;
}

export interface InflationFiguresReport {
  sharpe: Num;
  totalReturn: Num;
  maxDrawdown: Num;
}

export interface TcaSection {
  summary: TcaFigures;
  breakdown: TcaBreakdownRow[];
  /** Per-trade rows (first TCA_MAX_TRADE_ROWS; all in the `trades` artifact). */
  trades: TcaTradeReportRow[];
  tradesTotal: number;
  /** Backtest inflation: the same run costed vs with every cost off; relative = (frictionless − costed)/|frictionless|. */
  inflation: { costed: InflationFiguresReport; frictionless: InflationFiguresReport; relative: InflationFiguresReport } | null;
}

// ---------------------------------------------------------------- risk

export interface RiskSection {
  heatMap: {
    assets: string[];
    ts: number[];
    /** rows × assets: each asset's contribution to annualised portfolio volatility (fraction of equity). */
    values: number[][];
    portfolioVol: number[];
  };
  halts: { ts: number; until: number; reason: string; equity: number; detail: string }[];
  correlationAlerts: { ts: number; kind: string; a: string; b: string; rho: number }[];
  rebalance: {
    currentWeights: Record<string, number>;
    grossExposure: number;
    targets: { method: string; weights: Record<string, number>; trades: Record<string, number>; tradeNotional: Record<string, number> }[];
  } | null;
}

// ---------------------------------------------------------------- overfitting

export interface VariantInfo {
  /** Column of the CSCV matrix. */
  id: number;
  label: string;
  fold?: number;
  threshold?: number;
  featureSet?: string;
  /** Per-bar Sharpe of the variant over the whole period (not annualised). */
  sharpe: Num;
}

export interface OverfittingSection {
  /** Share of CSCV combinations whose logit λ ≤ 0 (ties at 0 count as overfit). */
  pbo: Num;
  /** Probability that the IS-best variant loses out of sample (OOS Sharpe < 0). */
  probOosLoss: Num;
  /** One λ per combination, for the histogram. */
  logits: number[];
  logitStats: { mean: Num; std: Num; q05: Num; q25: Num; q50: Num; q75: Num; q95: Num };
  /** IS and OOS Sharpe of the IS-best variant per combination (the degradation scatter) and the OLS fit OOS = intercept + slope·IS. */
  degradation: { is: number[]; oos: number[]; slope: Num; intercept: Num; r: Num };
  combinations: number;
  partitions: number;
  /** Rows (periods) of the T × N matrix after trimming T mod S. */
  periods: number;
  /** Combinations whose IS-best variant has an undefined OOS Sharpe (excluded from P(OOS loss), reported). */
  undefinedOos?: number;
  /** Share of the family's variants with a positive out-of-sample Sharpe. */
  positiveShare?: Num;
  /** Plain-words reading of PBO, P(OOS loss) and the family's own performance. */
  interpretation?: string;
  /** PSR of the chosen strategy's per-bar returns against SR* = 0. */
  psr: Num;
  /** Deflated Sharpe ratio with N = nTrials. */
  dsr: Num;
  /** SR₀ of the DSR (expected maximum Sharpe of nTrials unskilled trials), per bar. */
  sharpeBenchmark: Num;
  /** Sample variance of the trials' Sharpe ratios (per bar). */
  trialSharpeVariance: Num;
  nTrials: number;
  /** What the family is, e.g. "5 folds × 3 decision thresholds". */
  family: string;
  variants: VariantInfo[];
}

// ---------------------------------------------------------------- variants (ablation / HPO)

/** One explored variant: the base config, an ablation feature set, or an HPO point. */
export interface VariantRow {
  /** Column of the CSCV matrix (overfitting.variants[id]); null for a base row not in the family. */
  id: number | null;
  /** e.g. `price+microstructure` or `l2=0.1, n_splits=4`; `base` for the run's own config. */
  name: string;
  kind: 'base' | 'ablation' | 'hpo';
  /** What differs from the base config, e.g. `features = price` or `models.primary.l2 = 0.1` ("" for the base). */
  differs: string;
  /** Feature columns the variant's model used. */
  features: string[];
  samples: number;
  /** Out-of-fold accuracy / AUC of the variant's logistic baseline (same purged CV, same labels unless labels.* differ). */
  oosAccuracy: Num;
  oosAuc: Num;
  /** Per-bar Sharpe of the variant's out-of-fold strategy returns (quick costed signal) and × √periodsPerYear. */
  sharpe: Num;
  sharpeAnnualized: Num;
  /** Position entries and flips of the out-of-fold signal, summed over symbols. */
  trades: number;
  /** The run's own config (backtest and headline use it). */
  isBase: boolean;
  /** Highest per-bar Sharpe among the rows (what a naive search would pick). */
  isBest: boolean;
}

/** Lift of one ablation feature set over the previous one in the list. */
export interface AblationLift {
  from: string;
  to: string;
  /** Tokens (tiers or features) `to` adds over `from`, e.g. `derivatives`. */
  added: string;
  /** Sharpe(to) − Sharpe(from), per bar and annualised. */
  sharpeDiff: Num;
  sharpeDiffAnnualized: Num;
  /** PSR(0) of the per-bar return difference series (to − from): P[true lift > 0], not deflated. */
  psrOfDifference: Num;
  /** One sentence a PM can read. */
  statement: string;
}

export interface VariantsSection {
  /** What was explored: ablation and/or hpo (sampler kind, seed). */
  explored: string;
  /** The backtest, headline and verdict use the base config; variants feed PBO/DSR and this table. */
  note: string;
  rows: VariantRow[];
  lift: AblationLift[];
}

// ---------------------------------------------------------------- labels

export interface LabelHorizonQuality {
  horizon: number;
  events: number;
  /** Events per label −1 / 0 / +1. */
  counts: { down: number; flat: number; up: number };
  /** Share of events ended by profit-take, stop-loss, vertical barrier. */
  hitRates: { pt: Num; sl: Num; vb: Num };
  holding: { mean: Num; median: Num; p90: Num };
  /** Mean return at t1 per label. */
  meanReturn: { down: Num; flat: Num; up: Num };
  ambiguous: number;
  /** Dropped events by reason (e.g. below_min_return, beyond_data, warmup). */
  dropped: Record<string, number>;
  avgUniqueness: Num;
}

export interface LabelsSection {
  method: string;
  touch: string;
  /** Horizon the model learns (evaluation.horizon). */
  trainedHorizon: number;
  horizons: LabelHorizonQuality[];
  /** Meta-labelling of the out-of-fold primary side: share of taken events whose side-adjusted return > 0. */
  meta: { enabled: boolean; events: number; precision: Num } | null;
}

// ---------------------------------------------------------------- folds

export interface FoldResult {
  index: number;
  trainSize: number;
  testSize: number;
  purged: number;
  embargoed: number;
  /** purge_pct safety margin removals. */
  purgedMargin: number;
  /** [T0, T1] of the test window. */
  window: [number, number];
  accuracy: Num;
  auc: Num;
  logLoss: Num;
  brier: Num;
  /** Accuracy on the training rows (for IS vs OOS). */
  trainAccuracy: Num;
  /** Per-bar Sharpe (not annualised) of the quick costed signal inside the test window. */
  oosSharpe: Num;
  /** The same signal of the fold's model on its own training rows, over the bars outside the test window (per bar). */
  isSharpe?: Num;
}

/** CPCV: the distribution of all φ backtest paths (a diagnostic: each path mixes models trained on later data). */
export interface CpcvPathsSection {
  paths: number;
  /** Bar open times of the sampled points. */
  ts: number[];
  /** Quantiles across paths of the unit-size costed signal's growth of 1 (5, 25, 50, 75, 95 %). */
  q05: number[];
  q25: number[];
  q50: number[];
  q75: number[];
  q95: number[];
  /** Annualised Sharpe of each path. */
  sharpe: Num[];
  note: string;
}

export interface FoldsSection {
  /** CPCV scheme only. */
  paths?: CpcvPathsSection | null;
  scheme: string;
  nSplits: number;
  embargoPct: number;
  purgePct: number;
  samples: number;
  folds: FoldResult[];
}

// ---------------------------------------------------------------- features, data, timings, config

export interface FeaturesSection {
  names: string[];
  tiers: { tier: 'price' | 'microstructure' | 'derivatives'; enabled: boolean; features: string[] }[];
  /** Samples dropped because a feature was NaN (warm-up). */
  rowsDropped: number;
  /** Mean standardised logistic coefficient per feature across folds (sign = direction). */
  coefficients: { name: string; mean: Num; std: Num }[];
}

export interface QcSummary {
  symbol: string;
  bars: number;
  gaps: number;
  duplicates: number;
  conflicts: number;
  outOfOrder: number;
  badValues: number;
  ohlcViolations: number;
  outliers: number;
  /** Constant offset from the UTC grid in ms, when detected. */
  timeOffsetMs: Num;
}

export interface DatasetSection {
  source: 'synthetic' | 'store';
  symbols: string[];
  interval: string;
  start: Num;
  end: Num;
  bars: Record<string, number>;
  /** Auxiliary sources actually loaded. */
  sources: string[];
  qc: QcSummary[] | null;
}

export interface ArtifactInfo {
  /** e.g. `equity`, `trades`, `predictions`. */
  name: string;
  /** File name inside the run's artifact folder. */
  file: string;
  rows: number;
  columns: string[];
}

export interface RunReport {
  version: typeof RUN_REPORT_VERSION;
  runId: string;
  name: string;
  /** `now` given to the pipeline when it started / finished. */
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  stages: StageStatus[];
  headline: HeadlineMetrics;
  verdict: Verdict;
  equity: EquitySection | null;
  tca: TcaSection | null;
  risk: RiskSection | null;
  overfitting: OverfittingSection | null;
  labels: LabelsSection | null;
  folds: FoldsSection | null;
  features: FeaturesSection | null;
  /** Ablation feature sets / HPO points evaluated next to the base config (absent when neither is enabled). */
  variants?: VariantsSection | null;
  dataset: DatasetSection;
  /** How the headline was produced (walk-forward windows, sizing, calibration). */
  protocol?: ProtocolSection;
  /** Buy-and-hold, the primary rule alone and random entries on the same out-of-sample bars. */
  baselines?: BaselineReport[];
  realism?: RealismSection | null;
  costs?: CostsSection;
  meta?: MetaSection | null;
  model?: ModelSection | null;
  /** A policy run's training diagnostics per window (absent for supervised runs). */
  policyTraining?: PolicyTrainingSection | null;
  /** Wall time per stage, in order. */
  timings: { stage: StageName; ms: number }[];
  config: ExperimentConfig;
  configHash: string;
  seed: number;
  artifacts: ArtifactInfo[];
  warnings: string[];
}

// ---------------------------------------------------------------- progress

export interface EquityPoint {
  ts: number;
  equity: number;
}

/** One progress event of a run (streamed over SSE by `runs.onProgress`). */
export interface RunProgress {
  runId: string;
  stage: StageName | 'queued' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  /** Overall progress 0–100. */
  percent: number;
  message?: string;
  /** Present on the terminal event. */
  status?: RunStatus;
  partial?: {
    /** New equity points since the previous event (chunked, in time order). */
    equityPoints?: EquityPoint[];
    /** A cross-validation fold that just finished. */
    fold?: FoldResult;
    /** One training point (iteration / epoch) of walk-forward window `window`'s model. */
    training?: { window: number; iteration: number; trainLoss: number; validLoss: number | null; trainAuc: number | null; validAuc: number | null };
    /** One training diagnostic point of a policy (step, episodic return, losses, entropy, approx KL, clip fraction, explained variance, steps/s): a PolicyHistoryPoint, one per bucket of updates. */
    policy?: { window: number; step: number; [metric: string]: number };
    /** Every policy point streamed so far (a late subscriber's catch-up snapshot). */
    policyHistory?: PolicyHistoryPoint[];
  };
}
