/**
 * The command registry. Each command lives in its own file and is loaded lazily,
 * so `skippy-train qc` never pays for the backtester's imports.
 */
import type { Command } from '../framework.ts';

export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  ingest: { summary: 'fill the data directory: synthetic market, a bar file, or an exchange via ccxt (incremental, budgeted)', load: async () => (await import('./ingest.ts')).ingestCommand },
  data: { summary: 'data ls: the datasets of the data directory (rows, range, gaps, size)', load: async () => (await import('./data.ts')).dataCommand },
  qc: { summary: 'data QC of a file or stored bars: gaps, duplicates, offsets, bad values, outliers', load: async () => (await import('./qc.ts')).qcCommand },
  features: { summary: 'compute a feature set (price, microstructure, derivatives) to CSV/Parquet, or its cost with --dry-run', load: async () => (await import('./features.ts')).featuresCommand },
  labels: { summary: 'triple-barrier labels with meta-labels and a quality report', load: async () => (await import('./labels.ts')).labelsCommand },
  bench: { summary: 'time the core kernels (JSON with --json)', load: async () => (await import('./bench.ts')).benchCommand },
  cv: { summary: 'purged/embargoed CV splits of a labels file (--canary: leakage canary)', load: async () => (await import('./cv.ts')).cvCommand },
  pbo: { summary: 'probability of backtest overfitting (CSCV) of a strategy-returns matrix', load: async () => (await import('./pbo.ts')).pboCommand },
  backtest: { summary: 'backtest signals with costs and risk limits (bar, simple parity, book modes)', load: async () => (await import('./backtest.ts')).backtestCommand },
  stress: { summary: 'stress scenarios and real crash replays for a backtest configuration', load: async () => (await import('./stress.ts')).stressCommand },
  run: { summary: 'run a whole experiment (same pipeline as the server) and print the report summary', load: async () => (await import('./run.ts')).runCommand },
  ppo: { summary: 'train PPO (CleanRL ppo.py) on CartPole-v1 or as the trading policy of a walk-forward run', load: async () => (await import('./ppo.ts')).ppoCommand },
  supervised: { summary: 'the whole protocol with one model kind (logistic | gbdt | mlp | tcn); --export-dataset writes the exact training set (CSV + Parquet)', load: async () => (await import('./supervised.ts')).supervisedCommand },
  selftest: { summary: 'run the shipped controls (positive, negative, leakage canary) through the real pipeline; exit 1 on a failure', load: async () => (await import('./selftest.ts')).selftestCommand },
  'report:summary': { summary: 'a stored run report: summary, and one self-contained HTML file a PM can mail', load: async () => (await import('./report.ts')).reportSummaryCommand },
  stats: { summary: 'Sharpe, Sortino, drawdown, PSR, DSR, MinTRL, bootstrap CI of a returns series', load: async () => (await import('./stats.ts')).statsCommand },
  'hpo:optuna': { summary: 'hyper-parameter study (TPE/random/grid, median/Hyperband pruning), persisted and resumable', load: async () => (await import('./hpo.ts')).hpoCommand },
  hpo: { summary: 'alias of hpo:optuna', load: async () => (await import('./hpo.ts')).hpoCommand },
  'hpo:show': { summary: 'print a stored study: trials table, best parameters, importance', load: async () => (await import('./hpo.ts')).hpoShowCommand },
  'ablate:features': { summary: 'feature-tier ablation: each set through the same protocol, paired out-of-sample comparison (ΔSharpe, PSR, block-bootstrap CI), PBO, the plan\'s keep/drop rule (--apply)', load: async () => (await import('./ablate.ts')).ablateFeaturesCommand },
  worker: { summary: 'process run jobs (runs, study trials, ablation sets) from BullMQ on Redis, on any machine (--redis URL)', load: async () => (await import('./worker.ts')).workerCommand },
  paper: { summary: 'paper trading: a finished run\'s frozen model on a replayed or live feed through the backtest\'s own engine (no real orders); replay parity with the backtest', load: async () => (await import('./paper.ts')).paperCommand },
  'bench:run': { summary: 'strategy benchmark: the config on the most recent N days, stored as a version with data/config/code hashes and the seeds\' noise', load: async () => (await import('./benchRun.ts')).benchRunCommand },
};
