/**
 * compareReports(reports) – metrics side by side with deltas against the first run, the config
 * keys that differ (dotted paths), and each run's downsampled equity curve for an overlay.
 */
import type { HeadlineMetrics, Num, RunReport } from '@skippy/core/reports';

export interface ComparedMetric {
  key: keyof HeadlineMetrics;
  /** fraction | ratio | count | currency | probability */
  unit: string;
  values: Num[];
  /** value − first run's value (null when either is null). */
  deltas: Num[];
}

export interface ComparisonResult {
  runs: { id: string; name: string; configHash: string; finishedAt: number; verdict: RunReport['verdict']['decision'] }[];
  metrics: ComparedMetric[];
  /** Config keys whose values differ between the runs. */
  configDiff: { path: string; values: unknown[] }[];
  equity: { id: string; ts: number[]; equity: number[] }[];
}

const UNITS: Partial<Record<keyof HeadlineMetrics, string>> = {
  totalReturn: 'fraction', annualizedReturn: 'fraction', annualizedVolatility: 'fraction', maxDrawdown: 'fraction', hitRate: 'fraction',
  winRate: 'fraction', exposure: 'fraction', sharpe: 'ratio', sortino: 'ratio', calmar: 'ratio', turnover: 'ratio', trades: 'count',
  halts: 'count', maxDrawdownDurationBars: 'count', fees: 'currency', slippage: 'currency', funding: 'currency', finalEquity: 'currency',
  initialCash: 'currency', oosAccuracy: 'probability', oosAuc: 'probability', psr: 'probability', dsr: 'probability', pbo: 'probability',
};

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

export function compareReports(reports: RunReport[]): ComparisonResult {
  const keys = Object.keys(UNITS) as (keyof HeadlineMetrics)[];
  const metrics = keys.map((key) => {
    const values = reports.map((r) => (r.headline[key] ?? null) as Num);
    const base = values[0];
    return { key, unit: UNITS[key] ?? 'number', values, deltas: values.map((v) => (v === null || base === null ? null : v - base)) };
  });
  const flats = reports.map((r) => { const m = new Map<string, unknown>(); flatten(r.config, '', m); return m; });
  const paths = new Set<string>();
  for (const f of flats) for (const k of f.keys()) paths.add(k);
  const configDiff: ComparisonResult['configDiff'] = [];
  for (const path of [...paths].sort()) {
    const values = flats.map((f) => f.get(path));
    const first = JSON.stringify(values[0]);
    if (values.some((v) => JSON.stringify(v) !== first)) configDiff.push({ path, values });
  }
  return {
    runs: reports.map((r) => ({ id: r.runId, name: r.name, configHash: r.configHash, finishedAt: r.finishedAt, verdict: r.verdict.decision })),
    metrics,
    configDiff,
    equity: reports.map((r) => ({ id: r.runId, ts: r.equity?.ts ?? [], equity: r.equity?.equity ?? [] })),
  };
}
