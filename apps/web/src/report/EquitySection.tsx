import { useMemo, useRef } from 'react';
import { Chart, Loading, Section, EmptyState, fmtDateTime, fmtMoney, fmtPct, useElementWidth } from '@skippy/ui';
import { useEquityPrep } from './usePrep.ts';
import { axisDateFormatter } from './chartHelpers.ts';
import { fmtDrawdown } from './quantities.ts';

export interface EquitySectionProps {
  /** Cache key: the run id, plus a suffix while the curve is still growing. */
  cacheKey: string;
  ts: ArrayLike<number> | undefined;
  equity: ArrayLike<number> | undefined;
  /** The run is still streaming points. */
  live: boolean;
  initialCash?: number;
  /** Deepest drawdown of the full curve when known (the drawn curve may be downsampled). */
  maxDrawdown?: number | null;
  /** Points of the full curve when `ts` is already a downsampled copy. */
  totalPoints?: number;
  /** First out-of-sample bar (report version 2): the strategy is flat before it; marked on the chart. */
  oosStart?: number | null;
}

const GRID = { left: 80, right: 24 };
const axisStyle = { axisLine: { lineStyle: { color: '#cbd5e1' } }, splitLine: { lineStyle: { color: '#f1f5f9' } } };
const EMPTY_EQUITY = { animation: false, grid: { ...GRID, top: 16, bottom: 8 }, xAxis: { type: 'time', axisLabel: { show: false } }, yAxis: { type: 'value', scale: true }, series: [{ type: 'line', data: [] }] };
const EMPTY_DD = { animation: false, grid: { ...GRID, top: 8, bottom: 28 }, xAxis: { type: 'time' }, yAxis: { type: 'value', max: 0 }, series: [{ type: 'line', data: [] }] };


/** Equity curve with its drawdown beneath, both LTTB-downsampled in the worker to the chart's width. */
export function EquitySection({ cacheKey, ts, equity, live, initialCash, maxDrawdown, totalPoints, oosStart }: EquitySectionProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  // while streaming, a third of the chart width in points is plenty and keeps each redraw cheap
  const prepared = useEquityPrep(cacheKey, ts, equity, live ? width / 3 : width);
  const data = prepared.data;
  const n = ts?.length ?? 0;
  const last = n > 0 && equity ? equity[n - 1] : undefined;
  const start = initialCash ?? (n > 0 && equity ? equity[0] : undefined);

  // two charts (equity, drawdown beneath) so each redraw is its own short task; axis pointers linked by group
  const options = useMemo(() => {
    if (!data) return live ? { equity: EMPTY_EQUITY, drawdown: EMPTY_DD } : null;
    const eq: [number, number][] = new Array(data.equity.x.length);
    for (let i = 0; i < eq.length; i++) eq[i] = [data.equity.x[i], data.equity.y[i]];
    const dd: [number, number][] = new Array(data.drawdown.x.length);
    for (let i = 0; i < dd.length; i++) dd[i] = [data.drawdown.x[i], data.drawdown.y[i]];
    const tooltip = (fmt: (v: number) => string) => ({
      trigger: 'axis',
      formatter: (ps: { seriesName: string; value: [number, number] }[]) => (ps.length ? `${fmtDateTime(ps[0].value[0])}<br/>${ps[0].seriesName}: <b>${fmt(ps[0].value[1])}</b>` : ''),
    });
    return {
      equity: {
        animation: false,
        grid: { ...GRID, top: 16, bottom: 8 },
        tooltip: tooltip((v) => fmtMoney(v)),
        xAxis: { type: 'time', axisLabel: { show: false }, ...axisStyle },
        yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => fmtMoney(v), color: '#64748b' }, ...axisStyle },
        series: [{ name: 'Equity', type: 'line', data: eq, showSymbol: false, lineStyle: { width: 1.6, color: '#1d4ed8' },
          markLine: start || oosStart != null ? { silent: true, symbol: 'none', label: { formatter: 'starting cash', position: 'insideStartTop', color: '#94a3b8' }, lineStyle: { color: '#94a3b8', type: 'dashed' },
            data: [
              ...(start ? [{ yAxis: start }] : []),
              ...(oosStart != null ? [{ xAxis: oosStart, label: { formatter: 'first fit: out of sample →', position: 'insideEndTop', color: '#1e3a8a' }, lineStyle: { color: '#60a5fa', type: 'solid' } }] : []),
            ] } : undefined }],
      },
      drawdown: {
        animation: false,
        grid: { ...GRID, top: 8, bottom: 28 },
        tooltip: tooltip((v) => fmtPct(v)),
        xAxis: { type: 'time', axisLabel: { formatter: axisDateFormatter(data.drawdown.x[0], data.drawdown.x[data.drawdown.x.length - 1]), color: '#64748b' }, ...axisStyle },
        yAxis: { type: 'value', max: 0, splitNumber: 2, axisLabel: { formatter: (v: number) => fmtPct(v, Math.abs(v) < 0.001 ? 3 : Math.abs(v) < 0.01 ? 2 : 1), color: '#64748b' }, ...axisStyle },
        series: [{ name: 'Drawdown', type: 'line', data: dd, showSymbol: false, lineStyle: { width: 1, color: '#b91c1c' }, areaStyle: { color: 'rgba(220, 38, 38, 0.18)' } }],
      },
    };
  }, [data, start, live, oosStart]);

  return (
    <Section id="equity" title="Equity curve" testId="equity-section"
      description={<>Account value after all costs, marked at each bar's close{live ? ' — updating live while the run streams' : ''}. The red area beneath is the drawdown: how far equity sits below its previous peak.{oosStart != null ? ' The blue line marks the first walk-forward fit: the strategy is flat before it.' : ''}</>}
      actions={live ? <span className="sk-badge sk-badge-info"><span className="live-dot" aria-hidden="true" />Live</span> : undefined}>
      <div className="row" style={{ gap: 24 }} data-testid="equity-stats">
        <span>Points: <b data-testid="equity-points">{(totalPoints ?? n).toLocaleString('en-US')}</b>{data && (totalPoints ?? data.points) > data.equity.x.length ? <> (drawn as {data.equity.x.length.toLocaleString('en-US')})</> : null}</span>
        {last !== undefined && <span>Last equity: <b>{fmtMoney(last)}</b></span>}
        {last !== undefined && start ? <span>Return: <b className={last >= start ? 'pos' : 'neg'}>{fmtPct(last / start - 1)}</b></span> : null}
        {/* one sign convention with the headline card: a drawdown is a positive fall from the peak */}
        {data && <span>Max drawdown: <b className="neg" data-testid="equity-max-drawdown">{fmtDrawdown(Math.abs(maxDrawdown ?? data.maxDrawdown))}</b></span>}
      </div>
      {/* data-drawn-points: points in the prepared curve handed to the chart (0 until the worker has prepared one) */}
      <div ref={box} data-drawn-points={data ? data.equity.x.length : 0}>
        {n === 0 && !live ? (
          <EmptyState title="No equity curve">This run stopped before the backtest produced equity.</EmptyState>
        ) : options ? (
          // mounted before the first point while live, so the first point only updates the charts
          <div style={{ position: 'relative' }}>
            <Chart option={options.equity} height={260} group={`equity-${cacheKey}`} ariaLabel={`Equity curve with ${n} points`} testId={n > 0 ? 'equity-chart' : 'equity-chart-empty'} />
            <Chart option={options.drawdown} height={130} group={`equity-${cacheKey}`} ariaLabel="Drawdown from the running peak beneath the equity curve" testId="drawdown-chart" />
            {n === 0 && <div className="chart-overlay"><Loading>Waiting for the first equity point — it arrives once the backtest starts…</Loading></div>}
          </div>
        ) : <Loading>Preparing the chart…</Loading>}
      </div>
    </Section>
  );
}
