import type { RiskConfig } from '../config/risk.ts';
import { correlationAlerts, type CorrelationAlert } from './correlation.ts';
import { logReturnCovariance } from './covariance.ts';
import { riskHeatMap, type RiskHeatMap } from './heatMap.ts';
import { rebalanceSuggestions, type RebalanceSuggestion } from './rebalance.ts';

export interface RiskHalt {
  ts: number;
  until: number;
  reason: 'daily_loss_limit' | 'consecutive_losses';
  equity: number;
  detail: string;
}

export interface RiskReport {
  halts: RiskHalt[];
  heatMap: RiskHeatMap;
  correlationAlerts: CorrelationAlert[];
  /** Suggestion at the last bar (null with a single asset). */
  rebalance: RebalanceSuggestion | null;
}

export interface RiskReportInput {
  assets: string[];
  /** Bar time per row (the bars' open time; values are marked at the close). */
  ts: Float64Array;
  close: Float64Array[];
  positions: Float64Array[];
  equity: Float64Array;
  halts: RiskHalt[];
}

/**
 * buildRiskReport(input, risk, {periodsPerYear, heatMapRows}) – halts, the heat map, correlation alerts on
 * asset log returns and on per-asset strategy returns (position[t−1] × Δclose[t] / equity[t−1], before
 * costs), and rebalancing suggestions at the last bar.
 */
export function buildRiskReport(input: RiskReportInput, risk: RiskConfig, opts: { periodsPerYear: number; heatMapRows?: number }): RiskReport {
  const { assets, ts, close, positions, equity } = input;
  const T = ts.length, N = assets.length;
  const heatMap = riskHeatMap(assets, ts, close, positions, equity, { window: risk.correlation_window, rows: opts.heatMapRows ?? 500, periodsPerYear: opts.periodsPerYear });
  let alerts: CorrelationAlert[] = [];
  let rebalance: RebalanceSuggestion | null = null;
  if (N >= 2 && T > 1) {
    const assetRet = close.map((c) => { const r = new Float64Array(T).fill(Number.NaN); for (let t = 1; t < T; t++) r[t] = Math.log(c[t] / c[t - 1]); return r; });
    const stratRet = close.map((c, a) => {
      const r = new Float64Array(T).fill(Number.NaN);
      for (let t = 1; t < T; t++) r[t] = equity[t - 1] > 0 ? (positions[a][t - 1] * (c[t] - c[t - 1])) / equity[t - 1] : Number.NaN;
      return r;
    });
    alerts = [
      ...correlationAlerts(ts, assets.map((name, a) => ({ name, values: assetRet[a] })), risk.correlation_window, risk.correlation_alert, 'asset_returns'),
      ...correlationAlerts(ts, assets.map((name, a) => ({ name, values: stratRet[a] })), risk.correlation_window, risk.correlation_alert, 'strategy_returns'),
    ].sort((p, q) => p.ts - q.ts);
    const last = T - 1;
    const cov = logReturnCovariance(close, last, Math.min(risk.correlation_window, last), opts.periodsPerYear);
    rebalance = rebalanceSuggestions(assets, Float64Array.from(close, (c) => c[last]), Float64Array.from(positions, (p) => p[last]), equity[last], cov, risk.max_position_pct * N);
  }
  return { halts: input.halts, heatMap, correlationAlerts: alerts, rebalance };
}
