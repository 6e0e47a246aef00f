import { useMemo, useState } from 'react';
import type { CostsData as CostsSection, RealismData as RealismSection } from './reportTypes.ts';
import type { InflationFiguresReport, TcaBreakdownRow, TcaSection as TcaData, TcaTradeReportRow } from '@skippy/core/reports';
import { Chart, EmptyState, MetricCard, MetricGrid, Section, SortableTable, fmtBp, fmtDateTime, fmtInt, fmtMoney, fmtMs, fmtPct, type Column } from '@skippy/ui';
import { diff, fmtCount, fmtDrawdown, fmtPpDiff, fmtReturn, fmtShare, fmtSharpe, fmtSharpeDiff } from './quantities.ts';

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

interface Scenario { key: string; label: string; title: string; fig: InflationFiguresReport }
interface Delta { key: string; label: string; title: string; a: string; b: string }
interface RealismRow { figure: string; pick: (f: InflationFiguresReport) => number | null; fmt: (x: number | null) => string; fmtDiff: (x: number | null) => string }

const REALISM_ROWS: RealismRow[] = [
  { figure: 'Sharpe ratio (annualised)', pick: (f) => f.sharpe, fmt: fmtSharpe, fmtDiff: fmtSharpeDiff },
  { figure: 'Total return', pick: (f) => f.totalReturn, fmt: fmtReturn, fmtDiff: fmtPpDiff },
  { figure: 'Max drawdown', pick: (f) => f.maxDrawdown, fmt: fmtDrawdown, fmtDiff: fmtPpDiff },
];

/** The backtest's scenarios (naive → realistic) and the differences worth reading, from a v2 `realism` section or a v1 `tca.inflation`. */
function scenarios(realism: RealismSection | null | undefined, inflation: TcaData['inflation'] | undefined): { list: Scenario[]; deltas: Delta[] } | null {
  if (realism) {
    const list: Scenario[] = [
      { key: 'naive', label: 'Naive', title: 'close fills, no costs, no risk halts', fig: realism.naive },
      { key: 'frictionless', label: 'Frictionless', title: 'realistic fills and risk halts, no costs', fig: realism.frictionless },
      ...(realism.noHalts ? [{ key: 'noHalts', label: 'No halts', title: 'all costs, risk halts switched off', fig: realism.noHalts }] : []),
      { key: 'realistic', label: 'Realistic', title: 'all costs, realistic fills, risk halts (the headline)', fig: realism.realistic },
    ];
    const deltas: Delta[] = [
      { key: 'd-costs', label: 'Costs', title: 'realistic − frictionless: what the costs take', a: 'realistic', b: 'frictionless' },
      ...(realism.noHalts ? [{ key: 'd-halts', label: 'Halts', title: 'realistic − no halts: what the risk halts change', a: 'realistic', b: 'noHalts' }] : []),
      { key: 'd-total', label: 'Realistic − naive', title: 'everything the naive backtest overstates', a: 'realistic', b: 'naive' },
    ];
    return { list, deltas };
  }
  if (inflation) {
    return {
      list: [
        { key: 'frictionless', label: 'Frictionless', title: 'every cost switched off', fig: inflation.frictionless },
        { key: 'realistic', label: 'With costs', title: 'the costed backtest', fig: inflation.costed },
      ],
      deltas: [{ key: 'd-costs', label: 'Costs', title: 'with costs − frictionless', a: 'realistic', b: 'frictionless' }],
    };
  }
  return null;
}

function realismColumns(list: Scenario[], deltas: Delta[]): Column<RealismRow>[] {
  const by = new Map(list.map((s) => [s.key, s.fig]));
  return [
    { key: 'figure', label: 'Figure', render: (r) => r.figure },
    ...list.map((s): Column<RealismRow> => ({ key: s.key, label: s.label, title: s.title, align: 'right', render: (r) => (s.key === 'realistic' ? <b>{r.fmt(r.pick(s.fig))}</b> : r.fmt(r.pick(s.fig))) })),
    ...deltas.map((d): Column<RealismRow> => ({
      key: d.key, label: d.label, title: `${d.title} (Sharpe: absolute difference; returns and drawdowns: percentage points)`, align: 'right',
      render: (r) => {
        const x = diff(r.pick(by.get(d.a)!), r.pick(by.get(d.b)!));
        const shown = r.fmtDiff(x);
        // a smaller drawdown is better: colour by what the difference means, not by its sign; no colour when it rounds to 0
        const good = x === null || !/^[+−]/.test(shown) ? null : r.figure === 'Max drawdown' ? x < 0 : x > 0;
        return <span className={good === null ? '' : good ? 'pos' : 'neg'}>{shown}</span>;
      },
    })),
  ];
}

const RULE: Record<string, string> = { daily_loss_limit: 'Daily loss limit', consecutive_losses: 'Consecutive losses', any: 'Any rule' };

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

const SCENARIO_COLOR: Record<string, string> = { naive: '#e2e8f0', frictionless: '#94a3b8', noHalts: '#60a5fa', realistic: '#1d4ed8' };

const GROUP: Record<string, string> = { small: 'Small orders (< $1K)', medium: 'Medium orders ($1K–$10K)', large: 'Large orders (> $10K)', buy: 'Buys', sell: 'Sells' };

export interface TcaSectionProps {
  tca: TcaData | null | undefined;
  /** Naive / frictionless / no-halts / realistic figures (report version 2). */
  realism?: RealismSection | null;
  /** Cost components applied and missing (report version 2). */
  costs?: CostsSection;
  /** Out-of-sample bars, to express halted bars as a share. */
  oosBars?: number;
}

/** Transaction costs: aggregate figures, a sortable breakdown by size and side, and the backtest-inflation comparison. */
export function TcaSection({ tca, realism, costs, oosBars }: TcaSectionProps) {
  const inflation = tca?.inflation ?? null;
  const sc = useMemo(() => scenarios(realism, inflation), [realism, inflation]);
  const [showTrades, setShowTrades] = useState(false);
  const rows = useMemo<BreakdownRow[]>(() => {
    if (!tca) return [];
    return [{ group: 'All orders', ...tca.summary }, ...tca.breakdown.map(({ key, by: _by, ...rest }) => ({ group: GROUP[key] ?? key, ...rest }))];
  }, [tca]);

  const realismCols = useMemo(() => (sc ? realismColumns(sc.list, sc.deltas) : []), [sc]);

  // four numbers per scenario: nothing heavy, so it stays here rather than in the chart worker
  const chart = useMemo(() => sc ? {
    animation: false,
    grid: { left: 110, right: 24, top: 30, bottom: 24 },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: '#475569' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => fmtPct(v, 3) },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtPct(v, Math.abs(v) < 0.001 ? 3 : Math.abs(v) < 0.01 ? 2 : 1), color: '#64748b', hideOverlap: true }, splitNumber: 3, splitLine: { lineStyle: { color: '#f1f5f9' } } },
    yAxis: { type: 'category', data: ['Total return', 'Max drawdown'], axisLabel: { color: '#334155' } },
    series: sc.list.map((s) => ({ name: s.label, type: 'bar', data: [s.fig.totalReturn, -Math.abs(n(s.fig.maxDrawdown))], itemStyle: { color: SCENARIO_COLOR[s.key] ?? '#94a3b8' } })),
  } : null, [sc]);

  const a = tca?.summary;
  return (
    <Section id="tca" title="Transaction costs" testId="tca-section"
      description="What trading cost: slippage against the arrival price and against the decision (signal) price in basis points, fees, funding and fills. Below, the same signals backtested naively (close fills, no costs, no halts), without costs, without risk halts and realistically show how much a naive backtest would flatter the strategy.">
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
              columns={tradeColumns} rows={tca.trades} rowKey={(t) => String(t.tradeId)} testId="tca-trades-table" initialSort={{ key: 'pnl', dir: 'asc' }} pageSize={50} />
          )}
          {showTrades && <button type="button" className="sk-btn sk-btn-small" onClick={() => downloadTradesCsv(tca.trades)} data-testid="tca-trades-csv">Download these trades as CSV</button>}
        </>
      )}
      {costs && (
        <p className="costs-line" data-testid="costs-applied">
          <b>Costs applied:</b> {costs.applied.length ? costs.applied.map((c) => c.replace(/_/g, ' ')).join(', ') : 'none'}.
          {costs.missing.length > 0 && <> <b className="neg">Not applied:</b> {costs.missing.map((m) => `${m.component.replace(/_/g, ' ')} (${m.reason})`).join('; ')}.</>}
        </p>
      )}
      {sc ? (
        <>
          <h3>{realism ? 'Naive vs realistic backtest' : 'Backtest inflation: the same run with and without costs'}</h3>
          {realism && (
            <MetricGrid label="Execution realism">
              <MetricCard label="Inflation reduction" value={fmtShare(realism.inflationReduction)} testId="inflation-reduction"
                tone={realism.inflationReduction === null ? 'neutral' : (realism.naive.sharpe ?? 0) <= 0 ? 'bad' : realism.inflationReduction >= 0.15 ? 'good' : 'warn'}
                hint={(realism.naive.sharpe ?? 0) <= 0 && realism.naive.sharpe !== null ? 'naive Sharpe ≤ 0: no edge even before costs' : 'share of the naive Sharpe removed (gate: ≥ 15 %)'}
                title="(naive − realistic) / |naive| of the Sharpe" />
              {realism.haltedBars && (['any', 'daily_loss_limit', 'consecutive_losses'] as const).map((k) => (
                <MetricCard key={k} label={`Halted bars: ${RULE[k].toLowerCase()}`} value={fmtCount(realism.haltedBars![k])}
                  hint={oosBars ? `${fmtShare(realism.haltedBars![k] / oosBars)} of out-of-sample bars` : undefined} testId={`halted-${k}`} />
              ))}
            </MetricGrid>
          )}
          <div className="realism-grid">
            <SortableTable caption={realism ? 'Same signals, from naive to realistic (differences: Sharpe absolute, returns and drawdowns in percentage points)' : 'With and without costs (differences: Sharpe absolute, returns in percentage points)'}
              columns={realismCols} rows={REALISM_ROWS} rowKey={(r) => r.figure} testId="inflation-table" />
            {chart && <div className="realism-chart"><Chart option={chart} height={190} ariaLabel="Total return and max drawdown per backtest scenario" /></div>}
          </div>
        </>
      ) : null}
    </Section>
  );
}

/** The per-trade cost rows as a CSV file (built in the browser from the report's rows; the full table is the trades Parquet artifact). */
function downloadTradesCsv(rows: TcaTradeReportRow[]): void {
  const cols = ['tradeId', 'symbol', 'side', 'entryTs', 'exitTs', 'entryPrice', 'exitPrice', 'size', 'pnl', 'fees', 'slippage', 'funding', 'slippageBp', 'shortfallBp', 'fillRate', 'partialFills', 'latencyMs', 'exitReason'] as const;
  const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const text = [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url; a.download = 'trades.csv'; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
