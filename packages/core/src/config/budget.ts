/**
 * A run's size, estimated from its config before any data is generated or loaded, and the budget
 * that refuses runs too large to hold in memory. The estimate is cells = bars × symbols × features ×
 * horizons: what the feature matrix and the labels of every horizon hold together.
 */
import { enabledFeatureNames } from '../features/featureSet.ts';
import type { ExperimentConfig } from './schema.ts';

/** Default largest run, in cells (bars × symbols × features × horizons). 30 days of 1m bars for 2 symbols is ≈ 4 M. */
export const DEFAULT_MAX_CELLS = 100_000_000;

const INTERVAL_MS: Record<string, number> = { '1s': 1_000, '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000 };

export interface RunSizeEstimate {
  /** Bars per symbol (null when the span is unknown before loading: a store source without data.range). */
  bars: number | null;
  symbols: number;
  features: number;
  horizons: number;
  /** bars × symbols × features × horizons (null when bars is). */
  cells: number | null;
}

/** estimateRunSize(config) – from data.synthetic.days (synthetic) or data.range (store) and the bar interval. */
export function estimateRunSize(config: ExperimentConfig): RunSizeEstimate {
  const iv = INTERVAL_MS[config.data.bar_interval] ?? 60_000;
  let spanMs: number | null = null;
  if (config.data.source === 'synthetic') spanMs = config.data.synthetic.days * 86_400_000;
  else if (config.data.range.start && config.data.range.end) spanMs = Date.parse(config.data.range.end) - Date.parse(config.data.range.start);
  const bars = spanMs === null || !Number.isFinite(spanMs) ? null : Math.max(0, Math.ceil(spanMs / iv));
  const symbols = config.data.symbols.length;
  const features = Math.max(1, enabledFeatureNames(config.features).length);
  const horizons = config.labels.max_holding_periods.length;
  return { bars, symbols, features, horizons, cells: bars === null ? null : bars * symbols * features * horizons };
}

/** runBudgetIssue(config, maxCells) – null when the run fits, else a message stating the estimate and the limit (or that the splits outnumber the bars). */
export function runBudgetIssue(config: ExperimentConfig, maxCells: number = DEFAULT_MAX_CELLS): string | null {
  const e = estimateRunSize(config);
  // evaluation.n_splits beyond the samples: each fold needs at least two bars (known before any data is made)
  if (e.bars !== null && config.evaluation.n_splits > Math.floor(e.bars / 2)) {
    return `evaluation.n_splits (${config.evaluation.n_splits}) exceeds what ${e.bars} bars per symbol can hold: expected at most ${Math.floor(e.bars / 2)} splits`;
  }
  if (e.cells === null || e.cells <= maxCells) return null;
  return `this run is estimated at ${fmt(e.cells)} cells (${fmt(e.bars!)} ${config.data.bar_interval} bars × ${e.symbols} symbols × ${e.features} features × ${e.horizons} horizons), `
    + `above the limit of ${fmt(maxCells)} cells (SKIPPY_MAX_CELLS): shorten data.synthetic.days or data.range, use a longer data.bar_interval, or fewer symbols, features or horizons`;
}

function fmt(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} billion` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} million` : String(n);
}

/** parseMaxCells(raw) – a positive integer budget from an environment value (undefined/'' → default). */
export function parseMaxCells(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_CELLS;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`SKIPPY_MAX_CELLS: expected a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}
