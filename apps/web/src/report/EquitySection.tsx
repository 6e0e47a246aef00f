import { useMemo, useRef } from 'react';
import { Chart, Loading, Section, EmptyState, fmtDateTime, fmtMoney, fmtPct, useElementWidth } from '@skippy/ui';
import { useEquityPrep } from './usePrep.ts';

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
}

const fmtAxisDate = (v: number) => new Date(v).toISOString().slice(5, 16).replace('T', ' ');

/** Equity curve with its drawdown beneath, both LTTB-downsampled in the worker to the chart's width. */
export function EquitySection({ cacheKey, ts, equity, live, initialCash, maxDrawdown, totalPoints }: EquitySectionProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const prepared = useEquityPrep(cacheKey, ts, equity, width);
  const data = prepared.data;
  const n = ts?.length ?? 0;
  const last = n > 0 && equity ? equity[n - 1] : undefined;
  const start = initialCash ?? (n > 0 && equity ? equity[0] : undefined);

  const option = useMemo(() => {
    if (!data) return null;
    const eq: [number, number][] = new Array(data.equity.x.length);
    for (let i = 0; i < eq.length; i++) eq[i] = [data.equity.x[i], data.equity.y[i]];
    const dd: [number, number][] = new Array(data.drawdown.x.length);
    for (let i = 0; i < dd.length; i++) dd[i] = [data.drawdown.x[i], data.drawdown.y[i]];
    return {
      animation: false,
      grid: [{ left: 72, right: 20, top: 16, height: '58%' }, { left: 72, right: 20, top: '74%', bottom: 28 }],
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      tooltip: { trigger: 'axis', valueFormatter: undefined, formatter: (ps: { seriesName: string; value: [number, number] }[]) => {
        if (!ps.length) return '';
        const lines = ps.map((p) => `${p.seriesName}: <b>${p.seriesName === 'Drawdown' ? fmtPct(p.value[1]) : fmtMoney(p.value[1])}</b>`);
        return `${fmtDateTime(ps[0].value[0])}<br/>${lines.join('<br/>')}`;
      } },
      xAxis: [
        { type: 'time', gridIndex: 0, axisLabel: { show: false }, axisLine: { lineStyle: { color: '#cbd5e1' } } },
        { type: 'time', gridIndex: 1, axisLabel: { formatter: fmtAxisDate, color: '#64748b' }, axisLine: { lineStyle: { color: '#cbd5e1' } } },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, scale: true, name: 'Equity', nameTextStyle: { color: '#64748b' }, axisLabel: { formatter: (v: number) => fmtMoney(v), color: '#64748b' }, splitLine: { lineStyle: { color: '#f1f5f9' } } },
        { type: 'value', gridIndex: 1, max: 0, name: 'Drawdown', nameTextStyle: { color: '#64748b' }, axisLabel: { formatter: (v: number) => fmtPct(v, 0), color: '#64748b' }, splitLine: { lineStyle: { color: '#f1f5f9' } } },
      ],
      series: [
        { name: 'Equity', type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: eq, showSymbol: false, lineStyle: { width: 1.6, color: '#1d4ed8' },
          markLine: start ? { silent: true, symbol: 'none', label: { formatter: 'start', color: '#94a3b8' }, lineStyle: { color: '#94a3b8', type: 'dashed' }, data: [{ yAxis: start }] } : undefined },
        { name: 'Drawdown', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: dd, showSymbol: false, lineStyle: { width: 1, color: '#b91c1c' }, areaStyle: { color: 'rgba(220, 38, 38, 0.18)' } },
      ],
    };
  }, [data, start]);

  return (
    <Section id="equity" title="Equity curve" testId="equity-section"
      description={<>Account value after all costs, marked at each bar's close{live ? ' — updating live while the run streams' : ''}. The red area beneath is the drawdown: how far equity sits below its previous peak.</>}
      actions={live ? <span className="sk-badge sk-badge-info"><span className="live-dot" aria-hidden="true" />Live</span> : undefined}>
      <div className="row" style={{ gap: 24 }} data-testid="equity-stats">
        <span>Points: <b data-testid="equity-points">{(totalPoints ?? n).toLocaleString('en-US')}</b>{data && (totalPoints ?? data.points) > data.equity.x.length ? <> (drawn as {data.equity.x.length.toLocaleString('en-US')})</> : null}</span>
        {last !== undefined && <span>Last equity: <b>{fmtMoney(last)}</b></span>}
        {last !== undefined && start ? <span>Return: <b className={last >= start ? 'pos' : 'neg'}>{fmtPct(last / start - 1)}</b></span> : null}
        {data && <span>Max drawdown: <b className="neg">{fmtPct(maxDrawdown ?? data.maxDrawdown)}</b></span>}
      </div>
      <div ref={box}>
        {n === 0 ? (
          live ? <Loading>Waiting for the first equity point…</Loading> : <EmptyState title="No equity curve">This run stopped before the backtest produced equity.</EmptyState>
        ) : option ? (
          <Chart option={option} height={380} ariaLabel={`Equity curve with ${n} points and its drawdown`} testId="equity-chart" />
        ) : <Loading>Preparing the chart…</Loading>}
      </div>
    </Section>
  );
}
