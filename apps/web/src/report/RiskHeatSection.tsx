import { useMemo, useRef } from 'react';
import { Chart, EmptyState, Loading, Section, fmtDateTime, fmtPct, useElementWidth } from '@skippy/ui';
import type { RiskSection } from '@skippy/core/reports';
import { useHeatmapPrep } from './usePrep.ts';
import { axisDateFormatter } from './chartHelpers.ts';

export interface RiskHeatSectionProps {
  cacheKey: string;
  risk: RiskSection | null | undefined;
}

/** Time × asset heat map of each asset's contribution to portfolio volatility, bucketed in the worker. */
export function RiskHeatSection({ cacheKey, risk }: RiskHeatSectionProps) {
  const heat = risk?.heatMap;
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const rows = heat?.assets.length ?? 0;
  const prepared = useHeatmapPrep(cacheKey, heat?.ts, heat?.values, rows, width);
  const option = useMemo(() => {
    const d = prepared.data;
    if (!d || !heat) return null;
    const xs = Array.from(d.bucketTs, axisDateFormatter(d.bucketTs[0], d.bucketTs[d.bucketTs.length - 1]));
    const cells: [number, number, number | '-'][] = [];
    for (let k = 0; k < d.cells.length; k += 3) {
      const v = d.cells[k + 2];
      cells.push([d.cells[k], d.cells[k + 1], Number.isNaN(v) ? '-' : v]);
    }
    const hi = Math.max(Math.abs(d.min), Math.abs(d.max), 1e-9);
    return {
      animation: false,
      grid: { left: 64, right: 120, top: 10, bottom: 40 },
      tooltip: { formatter: (p: { value: [number, number, number] }) => `${fmtDateTime(d.bucketTs[p.value[0]])}<br/>${heat.assets[p.value[1]]}: <b>${fmtPct(p.value[2])}</b> of equity, annualised volatility` },
      xAxis: { type: 'category', data: xs, axisLabel: { color: '#64748b', hideOverlap: true }, splitArea: { show: false } },
      yAxis: { type: 'category', data: heat.assets, axisLabel: { color: '#334155', fontWeight: 600 } },
      visualMap: { min: d.min < 0 ? -hi : 0, max: hi, calculable: false, orient: 'vertical', right: 4, top: 'center', itemHeight: 120,
        // the scale's ends in the cells' unit: contribution to annualised volatility, % of equity
        text: [`${fmtPct(hi, 1)} of equity`, d.min < 0 ? `${fmtPct(-hi, 1)} (hedge)` : '0 %'], textStyle: { color: '#64748b', fontSize: 11 },
        formatter: (v: number) => fmtPct(v, 1),
        inRange: { color: d.min < 0 ? ['#2563eb', '#f8fafc', '#dc2626'] : ['#f8fafc', '#fde68a', '#f97316', '#b91c1c'] } },
      series: [{ type: 'heatmap', data: cells, progressive: 0 }],
    };
  }, [prepared.data, heat]);

  return (
    <Section id="risk" title="Risk heat map" testId="risk-section"
      description="Each asset's share of the portfolio's annualised volatility over time (Euler risk contributions from positions, volatilities and correlations). Darker cells mean that asset carried more of the risk in that period.">
      <div ref={box}>
        {!heat || rows === 0 || heat.ts.length === 0 ? (
          <EmptyState title="No risk data">The run has no positions to attribute risk to.</EmptyState>
        ) : option ? <Chart option={option} height={Math.max(160, 60 + rows * 44)} ariaLabel={`Risk heat map of ${heat.assets.join(', ')} over time`} testId="risk-chart" />
          : <Loading>Preparing the heat map…</Loading>}
      </div>
      {option && prepared.data ? (
        <p className="muted" style={{ fontSize: 12, margin: '4px 0 0' }} data-testid="risk-scale">
          Colour scale: each cell is the asset's contribution to the portfolio's annualised volatility, in % of equity
          (Euler contributions sum to the portfolio's volatility), from {prepared.data.min < 0 ? <>{fmtPct(-Math.max(Math.abs(prepared.data.min), Math.abs(prepared.data.max)), 1)} (blue: the asset hedges the rest) through 0 %</> : '0 % (white)'} to {fmtPct(Math.max(Math.abs(prepared.data.min), Math.abs(prepared.data.max)), 1)} (dark red); blank cells: no data yet.
        </p>
      ) : null}
      {risk && (risk.halts.length > 0 || risk.correlationAlerts.length > 0) && (
        <div className="grid-2">
          <div>
            <h3>Risk halts ({risk.halts.length})</h3>
            {risk.halts.length === 0 ? <p className="page-sub">None: the daily loss and losing-streak limits never fired.</p> : (
              <ul className="summary-list">{risk.halts.slice(0, 8).map((h) => <li key={`${h.ts}-${h.reason}`}>{fmtDateTime(h.ts)} — <b>{h.reason.replace(/_/g, ' ')}</b>: {h.detail}</li>)}
                {risk.halts.length > 8 && <li>… and {risk.halts.length - 8} more</li>}</ul>
            )}
          </div>
          <div>
            <h3>Correlation alerts ({risk.correlationAlerts.length})</h3>
            {risk.correlationAlerts.length === 0 ? <p className="page-sub">None above the alert threshold.</p> : (
              <ul className="summary-list">{risk.correlationAlerts.slice(0, 8).map((c) => <li key={`${c.ts}-${c.a}-${c.b}-${c.kind}`}>{fmtDateTime(c.ts)} — {c.a}/{c.b} {c.kind.replace(/_/g, ' ')} ρ = <b>{c.rho.toFixed(2)}</b></li>)}
                {risk.correlationAlerts.length > 8 && <li>… and {risk.correlationAlerts.length - 8} more</li>}</ul>
            )}
          </div>
        </div>
      )}
    </Section>
  );
}
