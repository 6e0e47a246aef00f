import { useMemo, useState } from 'react';
import type { TcaBreakdownRow, TcaSection as TcaData, TcaTradeReportRow } from '@skippy/core/reports';
import { Chart, EmptyState, MetricCard, MetricGrid, Section, SortableTable, fmtBp, fmtDateTime, fmtInt, fmtMoney, fmtMs, fmtPct, fmtRatio, type Column } from '@skippy/ui';

interface BreakdownRow extends Omit<TcaBreakdownRow, 'key' | 'by'> { group: string; }

const n = (x: number | null) => x ?? Number.NaN;
const bpOf = (x: number | null) => fmtBp(x === null ? null : x / 1e4);

const summaryColumns: Column<BreakdownRow>[] = [
  { key: 'group', label: 'Orders', render: (r) => r.group, sortValue: (r) => r.group },
  { key: 'orders', label: 'Count', align: 'right', render: (r) => fmtInt(r.orders), sortValue: (r) => r.orders },
  { key: 'notional', label: 'Filled notional', align: 'right', render: (r) => fmtMoney(r.filledNotional), sortValue: (r) => r.filledNotional },
  { key: 'slip', label: 'Slippage vs arrival', align: 'right', render: (r) => bpOf(r.slippageBp), sortValue: (r) => n(r.slippageBp), title: 'side × (average fill − arrival price) / arrival, weighted by filled notional; positive = cost' },
  { key: 'is', label: 'Shortfall vs decision', align: 'right', render: (r) => bpOf(r.shortfallBp), sortValue: (r) => n(r.shortfallBp), title: 'implementation shortfall against the signal bar close' },
  { key: 'fees', label: 'Fees', align: 'right', render: (r) => fmtMoney(r.fees, 2), sortValue: (r) => r.fees },
  { key: 'funding', label: 'Funding', align: 'right', render: (r) => fmtMoney(r.funding, 2), sortValue: (r) => r.funding },
  { key: 'fill', label: 'Fill rate', align: 'right', render: (r) => fmtPct(r.fillRate, 1), sortValue: (r) => n(r.fillRate) },
  { key: 'partial', label: 'Partial fills', align: 'right', render: (r) => fmtInt(r.partialFills), sortValue: (r) => r.partialFills },
  { key: 'lat', label: 'Mean latency', align: 'right', render: (r) => fmtMs(r.meanLatencyMs), sortValue: (r) => n(r.meanLatencyMs) },
];

interface InflationRow { figure: string; costed: number | null; frictionless: number | null; relative: number | null; fmt: (x: number | null) => string; }

const inflationColumns: Column<InflationRow>[] = [
  { key: 'figure', label: 'Figure', render: (r) => r.figure },
  { key: 'costed', label: 'With costs', align: 'right', render: (r) => r.fmt(r.costed) },
  { key: 'free', label: 'Frictionless', align: 'right', render: (r) => r.fmt(r.frictionless) },
  { key: 'rel', label: 'Relative difference', align: 'right', render: (r) => <b>{fmtPct(r.relative, 1)}</b>, title: '(frictionless − costed) / |frictionless|: how much a cost-free backtest overstates (or, for drawdown, understates) the figure' },
];

const tradeColumns: Column<TcaTradeReportRow>[] = [
  { key: 'id', label: 'Trade', render: (t) => `#${t.tradeId}`, sortValue: (t) => t.tradeId },
  { key: 'sym', label: 'Asset', render: (t) => t.symbol, sortValue: (t) => t.symbol },
  { key: 'side', label: 'Side', render: (t) => (t.side > 0 ? 'Long' : 'Short'), sortValue: (t) => t.side },
  { key: 'entry', label: 'Entry (UTC)', render: (t) => fmtDateTime(t.entryTs), sortValue: (t) => t.entryTs },
  { key: 'pnl', label: 'P&L', align: 'right', render: (t) => <span className={t.pnl >= 0 ? 'pos' : 'neg'}>{fmtMoney(t.pnl, 2)}</span>, sortValue: (t) => t.pnl },
  { key: 'slip', label: 'Slippage', align: 'right', render: (t) => bpOf(t.slippageBp), sortValue: (t) => n(t.slippageBp) },
  { key: 'is', label: 'Shortfall', align: 'right', render: (t) => bpOf(t.shortfallBp), sortValue: (t) => n(t.shortfallBp) },
  { key: 'fees', label: 'Fees', align: 'right', render: (t) => fmtMoney(t.fees, 2), sortValue: (t) => t.fees },
  { key: 'fill', label: 'Fill rate', align: 'right', render: (t) => fmtPct(t.fillRate, 0), sortValue: (t) => n(t.fillRate) },
  { key: 'lat', label: 'Latency', align: 'right', render: (t) => fmtMs(t.latencyMs), sortValue: (t) => n(t.latencyMs) },
  { key: 'exit', label: 'Exit reason', render: (t) => t.exitReason.replace(/_/g, ' '), sortValue: (t) => t.exitReason },
];

const GROUP: Record<string, string> = { small: 'Small orders (< $1K)', medium: 'Medium orders ($1K–$10K)', large: 'Large orders (> $10K)', buy: 'Buys', sell: 'Sells' };

export interface TcaSectionProps {
  tca: TcaData | null | undefined;
}

/** Transaction costs: aggregate figures, a sortable breakdown by size and side, and the backtest-inflation comparison. */
export function TcaSection({ tca }: TcaSectionProps) {
  const inflation = tca?.inflation ?? null;
  const [showTrades, setShowTrades] = useState(false);
  const rows = useMemo<BreakdownRow[]>(() => {
    if (!tca) return [];
    return [{ group: 'All orders', ...tca.summary }, ...tca.breakdown.map(({ key, by: _by, ...rest }) => ({ group: GROUP[key] ?? key, ...rest }))];
  }, [tca]);

  const inflRows = useMemo<InflationRow[]>(() => {
    if (!inflation) return [];
    const { costed: c, frictionless: f, relative: r } = inflation;
    return [
      { figure: 'Sharpe ratio (annualised)', costed: c.sharpe, frictionless: f.sharpe, relative: r.sharpe, fmt: (x) => fmtRatio(x) },
      { figure: 'Total return', costed: c.totalReturn, frictionless: f.totalReturn, relative: r.totalReturn, fmt: (x) => fmtPct(x) },
      { figure: 'Max drawdown', costed: c.maxDrawdown, frictionless: f.maxDrawdown, relative: r.maxDrawdown, fmt: (x) => fmtPct(x) },
    ];
  }, [inflation]);

  const chart = useMemo(() => inflation ? {
    animation: false,
    grid: { left: 110, right: 24, top: 30, bottom: 24 },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: '#475569' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => fmtPct(v, 3) },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtPct(v, Math.abs(v) < 0.001 ? 3 : Math.abs(v) < 0.01 ? 2 : 1), color: '#64748b', hideOverlap: true }, splitNumber: 3, splitLine: { lineStyle: { color: '#f1f5f9' } } },
    yAxis: { type: 'category', data: ['Total return', 'Max drawdown'], axisLabel: { color: '#334155' } },
    series: [
      { name: 'With costs', type: 'bar', data: [inflation.costed.totalReturn, -Math.abs(n(inflation.costed.maxDrawdown))], itemStyle: { color: '#1d4ed8' } },
      { name: 'Frictionless', type: 'bar', data: [inflation.frictionless.totalReturn, -Math.abs(n(inflation.frictionless.maxDrawdown))], itemStyle: { color: '#cbd5e1' } },
    ],
  } : null, [inflation]);

  const a = tca?.summary;
  return (
    <Section id="tca" title="Transaction costs" testId="tca-section"
      description="What trading cost: slippage against the arrival price and against the decision (signal) price in basis points, fees, funding and fills. Below, the same run with every cost switched off shows how much a cost-free backtest would flatter the strategy.">
      {!tca || tca.summary.orders === 0 ? (
        <EmptyState title="No orders">The strategy never traded, so there is nothing to analyse.</EmptyState>
      ) : (
        <>
          <MetricGrid label="Cost summary">
            <MetricCard label="Orders" value={fmtInt(a!.orders)} hint={`${fmtMoney(a!.filledNotional)} filled`} />
            <MetricCard label="Slippage vs arrival" value={bpOf(a!.slippageBp)} tone={n(a!.slippageBp) > 20 ? 'warn' : 'neutral'} />
            <MetricCard label="Shortfall vs decision" value={bpOf(a!.shortfallBp)} />
            <MetricCard label="Fees paid" value={fmtMoney(a!.fees, 2)} />
            <MetricCard label="Funding" value={fmtMoney(a!.funding, 2)} hint="positive = paid" />
            <MetricCard label="Fill rate" value={fmtPct(a!.fillRate, 1)} hint={`${fmtInt(a!.partialFills)} partial fills`} />
            <MetricCard label="Mean latency" value={fmtMs(a!.meanLatencyMs)} />
          </MetricGrid>
          <SortableTable caption="Costs by order size and side (click a header to sort)" columns={summaryColumns} rows={rows} rowKey={(r) => r.group} testId="tca-table" />
          <div>
            <button type="button" className="sk-btn sk-btn-small" aria-expanded={showTrades} onClick={() => setShowTrades((v) => !v)}>
              {showTrades ? 'Hide per-trade costs' : `Show per-trade costs (${fmtInt(tca.tradesTotal)} trades)`}
            </button>
          </div>
          {showTrades && (
            <SortableTable caption={`Per-trade costs${tca.tradesTotal > tca.trades.length ? ` (first ${fmtInt(tca.trades.length)} of ${fmtInt(tca.tradesTotal)})` : ''}`}
              columns={tradeColumns} rows={tca.trades} rowKey={(t) => String(t.tradeId)} testId="tca-trades-table" initialSort={{ key: 'pnl', dir: 'asc' }} />
          )}
        </>
      )}
      {inflation ? (
        <div className="grid-2">
          <SortableTable caption="Backtest inflation: the same run with and without costs" columns={inflationColumns} rows={inflRows} rowKey={(r) => r.figure} testId="inflation-table" />
          {chart && <Chart option={chart} height={170} ariaLabel="Total return and max drawdown with and without costs" />}
        </div>
      ) : null}
    </Section>
  );
}
