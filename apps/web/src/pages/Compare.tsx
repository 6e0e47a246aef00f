import { useMemo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { Chart, EmptyState, ErrorState, Loading, Section, StatusBadge, fmtDateTime, fmtInt, fmtMoney, fmtPct, fmtRatio, useElementWidth } from '@skippy/ui';
import type { RouterOutputs } from '@skippy/server/router';
import { errorMessage, trpc } from '../trpc.ts';
import { useOverlayPrep } from '../report/usePrep.ts';
import { BenchmarkCompare } from './BenchmarkCompare.tsx';
import { StrategyBenchmarks } from './StrategyBenchmarks.tsx';

type Comparison = RouterOutputs['reports']['compare'];
type Metric = Comparison['metrics'][number];

const LABEL: Record<string, string> = {
  totalReturn: 'Total return', annualizedReturn: 'Annualised return', annualizedVolatility: 'Annualised volatility', sharpe: 'Sharpe (annualised)',
  sortino: 'Sortino', maxDrawdown: 'Max drawdown', maxDrawdownDurationBars: 'Drawdown length (bars)', calmar: 'Calmar', hitRate: 'Hit rate',
  trades: 'Trades', winRate: 'Win rate', turnover: 'Turnover', exposure: 'Exposure', fees: 'Fees', slippage: 'Slippage cost', funding: 'Funding',
  halts: 'Risk halts', oosAccuracy: 'Out-of-sample accuracy', oosAuc: 'Out-of-sample AUC', psr: 'Probabilistic Sharpe', dsr: 'Deflated Sharpe',
  pbo: 'PBO', finalEquity: 'Final equity', initialCash: 'Initial cash',
};
/** Metrics where a smaller number is better (deltas coloured the other way). */
const LOWER_IS_BETTER = new Set(['maxDrawdown', 'maxDrawdownDurationBars', 'annualizedVolatility', 'fees', 'slippage', 'funding', 'halts', 'pbo']);
const COLORS = ['#1d4ed8', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

/** Scores in [0, 1] that the report shows as plain numbers (0.503), not percentages: one formatter everywhere. */
const SCORES = new Set(['oosAuc', 'psr', 'dsr']);

function fmtValue(unit: string, v: number | null, key = ''): string {
  if (SCORES.has(key)) return v === null || !Number.isFinite(v) ? '–' : v.toFixed(3);
  switch (unit) {
    case 'fraction': case 'probability': return fmtPct(v, 2);
    case 'currency': return fmtMoney(v, 0);
    case 'count': return fmtInt(v);
    default: return fmtRatio(v, 2);
  }
}

function fmtDelta(unit: string, d: number | null, key = ''): string {
  if (d === null || !Number.isFinite(d)) return '–';
  if (SCORES.has(key)) return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(3)}`;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const abs = Math.abs(d);
  switch (unit) {
    case 'fraction': case 'probability': return `${sign}${(abs * 100).toFixed(2)} pp`;
    case 'currency': return `${sign}${fmtMoney(abs)}`;
    case 'count': return `${sign}${fmtInt(abs)}`;
    default: return `${sign}${abs.toFixed(2)}`;
  }
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Compare: pick runs, see headline metrics with deltas vs the first, the config keys that differ, equity overlaid. */
export function ComparePage() {
  const [params, setParams] = useSearchParams();
  const ids = useMemo(() => (params.get('ids') ?? '').split(',').filter(Boolean), [params]);
  const runs = useQuery(trpc.runs.list.queryOptions({ status: 'done', limit: 200 }));
  const cmp = useQuery(trpc.reports.compare.queryOptions({ ids }, { enabled: ids.length >= 2 }));
  const setIds = (next: string[]) => setParams(next.length ? { ids: next.join(',') } : {});
  const toggle = (id: string) => setIds(ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Compare runs</h1>
          <p className="page-sub">Headline metrics side by side (deltas against the first run picked), every configuration key that differs, and the equity curves overlaid (each rebased to 1 at its start).</p>
        </div>
      </div>
      <section className="sk-card" aria-labelledby="pick-title" style={{ display: 'grid', gap: 10 }}>
        <h2 id="pick-title">Runs to compare</h2>
        {runs.isPending ? <Loading>Loading finished runs…</Loading> : runs.error ? <ErrorState message={errorMessage(runs.error)} /> : runs.data.length === 0 ? (
          <EmptyState title="No finished runs yet">Comparisons need at least two finished runs. <Link to="/">Start one</Link>.</EmptyState>
        ) : (
          <div className="compare-pick" role="group" aria-label="Finished runs">
            {runs.data.map((r) => (
              <label key={r.id}>
                <input type="checkbox" checked={ids.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`Compare ${r.name} (${r.id})`} />
                <span><b>{r.name}</b> <span className="unit">{r.id.slice(0, 8)} · {fmtDateTime(r.createdAt)}</span></span>
              </label>
            ))}
          </div>
        )}
      </section>
      {ids.length < 2 ? (
        <EmptyState title="Pick at least two runs">Tick two or more finished runs above.</EmptyState>
      ) : cmp.isPending ? <Loading>Comparing…</Loading> : cmp.error ? (
        <ErrorState title="Could not compare these runs" message={errorMessage(cmp.error)} onRetry={() => void cmp.refetch()} />
      ) : <ComparisonView data={cmp.data} />}
      <StrategyBenchmarks />
      <BenchmarkCompare />
    </div>
  );
}

function ComparisonView({ data }: { data: Comparison }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const key = data.runs.map((r) => r.id).join(',');
  const curves = useMemo(() => data.equity.map((e) => ({ x: e.ts, y: e.equity })), [data]);
  const overlay = useOverlayPrep(key, curves, width);
  const names = data.runs.map((r, i) => `${i + 1}. ${r.name} (${r.id.slice(0, 6)})`);

  const option = useMemo(() => overlay.data ? {
    animation: false,
    color: COLORS,
    grid: { left: 72, right: 24, top: 44, bottom: 30 },
    legend: { top: 0, textStyle: { color: '#334155' } },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${((v - 1) * 100).toFixed(3)}%` },
    xAxis: { type: 'time', axisLabel: { color: '#64748b' } },
    yAxis: { type: 'value', scale: true, name: 'return since start', nameTextStyle: { color: '#64748b', align: 'left' }, axisLabel: { formatter: (v: number) => `${((v - 1) * 100).toFixed(Math.abs(v - 1) < 0.001 ? 3 : 2)}%`, color: '#64748b' }, splitLine: { lineStyle: { color: '#f1f5f9' } } },
    series: overlay.data.map((l, i) => ({ name: names[i], type: 'line', showSymbol: false, lineStyle: { width: 1.5 }, data: Array.from(l.x, (x, k) => [x, l.y[k]]) })),
  } : null, [overlay.data, names]);

  const better = (m: Metric, d: number | null) => {
    if (d === null || d === 0) return '';
    return (d > 0) !== LOWER_IS_BETTER.has(m.key) ? 'pos' : 'neg';
  };

  return (
    <>
      <Section id="cmp-metrics" title="Metrics side by side" testId="compare-metrics"
        description="Each run's headline figures; under every run after the first, its difference from the first run (pp = percentage points). Green is better, red is worse.">
        <div className="sk-table-wrap">
          <table className="sk-table">
            <caption>Headline metrics</caption>
            <thead>
              <tr><th scope="col">Metric</th>{data.runs.map((r, i) => (
                <th key={r.id} scope="col" className="num"><Link to={`/runs/${encodeURIComponent(r.id)}`}>{names[i]}</Link> <StatusBadge status={r.verdict === 'no-go' ? 'no_go' : r.verdict} /></th>
              ))}</tr>
            </thead>
            <tbody>
              {data.metrics.filter((m) => m.key !== 'initialCash' || m.deltas.some((d) => d !== 0)).map((m) => (
                <tr key={m.key}>
                  <th scope="row">{LABEL[m.key] ?? m.key}</th>
                  {m.values.map((v, i) => (
                    <td key={i} className="num">
                      {fmtValue(m.unit, v, m.key)}
                      {i > 0 && <div className={`unit ${better(m, m.deltas[i])}`}>{fmtDelta(m.unit, m.deltas[i], m.key)}</div>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section id="cmp-config" title="Configuration differences" testId="compare-config"
        description={data.configDiff.length ? `${data.configDiff.length} setting${data.configDiff.length === 1 ? '' : 's'} differ; highlighted cells differ from the first run.` : 'The runs used identical configurations (same hash means same settings).'}>
        {data.configDiff.length > 0 && (
          <div className="sk-table-wrap">
            <table className="sk-table" data-testid="config-diff">
              <caption>Settings that differ</caption>
              <thead><tr><th scope="col">Key path</th>{names.map((n) => <th key={n} scope="col">{n}</th>)}</tr></thead>
              <tbody>
                {data.configDiff.map((d) => (
                  <tr key={d.path} className="diff-row">
                    <th scope="row"><code>{d.path}</code></th>
                    {d.values.map((v, i) => <td key={i} className={i > 0 && show(v) !== show(d.values[0]) ? 'cell-diff' : undefined}><code>{show(v)}</code></td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="cmp-equity" title="Equity curves overlaid" testId="compare-equity" description="Each curve is rebased to 1 at its first point so runs with different starting cash compare directly.">
        <div ref={box}>{option ? <Chart option={option} height={340} notMerge ariaLabel={`Equity curves of ${names.join(', ')} overlaid`} testId="compare-chart" /> : <Loading>Preparing curves…</Loading>}</div>
      </Section>
    </>
  );
}
