import { useMemo } from 'react';
import { Chart, EmptyState, Loading, MetricCard, MetricGrid, Section, fmtInt, fmtPct, fmtRatio } from '@skippy/ui';
import type { OverfittingSection, OverfittingSummary, VariantsSection } from '@skippy/core/reports';
import { useOverfittingPrep, type OverfittingSource } from './usePrep.ts';
import { VariantsTable } from './VariantsTable.tsx';
import { fmtCount, fmtShare } from './quantities.ts';
import { scatterSymbolSize } from './chartHelpers.ts';

export interface OverfittingSectionProps {
  cacheKey: string;
  /**
   * The full section (arrays included), or the summary reports.get sends (no per-combination arrays): then
   * the chart worker fetches them for `runId` (reports.overfitting) and parses them off the main thread.
   */
  data: OverfittingSection | OverfittingSummary | null | undefined;
  runId?: string;
  /** Ablation / HPO variants (report.variants), shown as a table when present. */
  variants?: VariantsSection | null;
}

/** PBO, the logit histogram, the OOS-vs-IS degradation scatter and the deflated Sharpe ratio. */
export function OverfittingSectionView({ cacheKey, data, runId, variants }: OverfittingSectionProps) {
  const nLogits = !data ? 0 : 'logits' in data ? data.logits.length : data.logitCount;
  const pbo = data && data.pbo !== null && nLogits > 0 ? data : null;
  const dsr = data?.dsr ?? null;
  const psr = data?.psr ?? null;
  const trials = data?.nTrials ?? null;
  const source: OverfittingSource | null = !pbo ? null
    : 'logits' in pbo ? { logits: pbo.logits, is: pbo.degradation.is, oos: pbo.degradation.oos }
      : runId ? { runId } : null;
  const prepared = useOverfittingPrep(cacheKey, source, 24, 4000);
  const histOption = useMemo(() => {
    const h = prepared.data?.hist;
    if (!h) return null;
    const bars = Array.from(h.counts, (c, i) => {
      const mid = (h.edges[i] + h.edges[i + 1]) / 2;
      return { value: [mid, c], itemStyle: { color: mid <= 0 ? '#dc2626' : '#2563eb' } };
    });
    const w = h.edges[1] - h.edges[0];
    return {
      animation: false,
      grid: { left: 64, right: 16, top: 24, bottom: 40 },
      tooltip: { formatter: (p: { value: [number, number] }) => `logit ${fmtRatio(p.value[0] - w / 2)} to ${fmtRatio(p.value[0] + w / 2)}: <b>${fmtInt(p.value[1])}</b> combinations` },
      xAxis: { type: 'value', name: 'logit λ (≤ 0: the in-sample winner ranked in the bottom half out of sample)', nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: '#64748b', fontSize: 11 }, axisLabel: { color: '#64748b' }, splitLine: { show: false } },
      yAxis: { type: 'value', name: 'combinations', nameLocation: 'middle', nameGap: 48, nameTextStyle: { color: '#64748b', fontSize: 11 }, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#f1f5f9' } } },
      series: [{ type: 'bar', data: bars, barWidth: '98%', barCategoryGap: 0,
        markLine: { silent: true, symbol: 'none', label: { formatter: 'λ = 0', color: '#0f172a' }, lineStyle: { color: '#0f172a', type: 'dashed' }, data: [{ xAxis: 0 }] } }],
    };
  }, [prepared.data]);

  const scatter = useMemo(() => {
    const p = prepared.data;
    const nPairs = !pbo ? 0 : 'logits' in pbo ? pbo.degradation.is.length : pbo.degradationCount;
    if (!pbo || !p || nPairs === 0) return null;
    // combinations often repeat the same (IS, OOS) pair thousands of times: one marker per distinct pair, sized by its count (counted in the chart worker)
    const { lo, hi, maxCount, total, distinct } = p;
    const pts = Array.from(p.x, (x, i) => [x, p.y[i], p.count[i]]);
    const { slope, intercept } = pbo.degradation;
    const fit = slope !== null && intercept !== null && Number.isFinite(lo) ? [[lo, intercept + slope * lo], [hi, intercept + slope * hi]] : [];
    const option = {
      animation: false,
      grid: { left: 64, right: 16, top: 20, bottom: 40 },
      tooltip: { formatter: (p: { seriesName: string; value: [number, number, number] }) => `IS Sharpe ${fmtRatio(p.value[0], 3)}, OOS Sharpe ${fmtRatio(p.value[1], 3)}${p.value[2] > 1 ? `<br/><b>${fmtInt(p.value[2])}</b> combinations at this point` : ''}` },
      xAxis: { type: 'value', scale: true, name: 'in-sample Sharpe of the IS winner (per bar)', nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: '#64748b', fontSize: 11 }, axisLine: { onZero: false }, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#f1f5f9' } } },
      yAxis: { type: 'value', scale: true, name: 'out-of-sample Sharpe (per bar)', nameLocation: 'middle', nameGap: 48, nameTextStyle: { color: '#64748b', fontSize: 11 }, axisLine: { onZero: false }, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: '#f1f5f9' } } },
      series: [
        // drawn in chunks of 100 markers per frame: ~2,000 sized markers at once are a 100 ms+ frame on a loaded machine
        { name: 'combinations', type: 'scatter', data: pts, progressive: 100, progressiveThreshold: 200, symbolSize: (v: [number, number, number]) => scatterSymbolSize(v[2]), itemStyle: { color: 'rgba(37, 99, 235, 0.45)', borderColor: 'rgba(29, 78, 216, 0.8)', borderWidth: 0.5 } },
        { name: 'fit', type: 'line', data: fit, showSymbol: false, lineStyle: { color: '#b91c1c', width: 2 }, tooltip: { show: false } },
      ],
    };
    return { option, distinct, total, maxCount, drawn: pts.length };
  }, [pbo, prepared.data]);

  const pv = pbo?.pbo ?? null;
  const pboTone = pv === null ? 'neutral' : pv > 0.5 ? 'bad' : pv > 0.2 ? 'warn' : 'good';
  const dsrTone = dsr == null ? 'neutral' : dsr >= 0.95 ? 'good' : dsr >= 0.5 ? 'warn' : 'bad';
  return (
    <Section id="overfitting" title="Backtest overfitting" testId="overfitting-section"
      description={<>Did picking the best variant just pick luck? CSCV splits the history into {data?.partitions ?? 16} blocks, picks the best variant on every half and checks where it ranks on the other half. PBO is the share of splits where the in-sample winner ends up in the bottom half out of sample. The deflated Sharpe ratio is the probability that the true Sharpe is above zero after accounting for the number of variants tried.</>}>
      <MetricGrid label="Overfitting figures">
        <MetricCard label="PBO" value={pbo ? fmtPct(pbo.pbo, 1) : '–'} tone={pboTone} hint={pbo ? `${fmtInt(pbo.combinations)} combinations of ${pbo.variants.length} variants` : 'not computed'} testId="pbo-value" title="Probability of backtest overfitting (λ ≤ 0 counts as overfit)" />
        <MetricCard label="Deflated Sharpe ratio" value={dsr == null ? '–' : fmtPct(dsr, 1)} tone={dsrTone} hint={trials ? `deflated for ${fmtInt(trials)} trials` : undefined} testId="dsr-value" />
        <MetricCard label="Probabilistic Sharpe" value={psr == null ? '–' : fmtPct(psr, 1)} hint="P(true Sharpe > 0)" />
        <MetricCard label="P(out-of-sample loss)" value={pbo ? fmtPct(pbo.probOosLoss, 1) : '–'} testId="prob-oos-loss" title="Share of combinations whose in-sample winner loses out of sample (combinations with an undefined OOS Sharpe are left out)" />
        {data?.positiveShare !== undefined && (
          <MetricCard label="Variants with OOS Sharpe > 0" value={fmtShare(data.positiveShare)} tone={data.positiveShare === null ? 'neutral' : data.positiveShare === 0 ? 'bad' : 'neutral'}
            hint={`of ${fmtCount(data.variants.length || data.nTrials)} configurations`} testId="positive-share" />
        )}
        {data?.undefinedOos != null && <MetricCard label="Undefined OOS Sharpe" value={fmtCount(data.undefinedOos)} hint={`of ${fmtCount(data.combinations)} combinations; left out of P(OOS loss)`} testId="undefined-oos" />}
        <MetricCard label="Degradation slope" value={pbo ? fmtRatio(pbo.degradation.slope) : '–'} hint={pbo ? `r = ${fmtRatio(pbo.degradation.r)}` : undefined} title="OOS Sharpe regressed on IS Sharpe of the winner; below 1 means performance decays out of sample" />
      </MetricGrid>
      {data?.interpretation && <p className="interpretation" data-testid="overfitting-interpretation"><b>Reading:</b> {data.interpretation}</p>}
      {data && <p className="page-sub">Family tested: <b>{data.family}</b>{data.variants.length ? <> — {data.variants.map((v) => v.label).join(' · ')}</> : null}. {data.sharpeBenchmark !== null ? <>A lucky best-of-{fmtInt(data.nTrials)} would reach a per-bar Sharpe of {fmtRatio(data.sharpeBenchmark, 4)} with no skill at all.</> : null}</p>}
      {!pbo ? (
        <EmptyState title="PBO not computed">Enable CSCV in the cross-validation settings (and keep at least two variants) to measure overfitting.</EmptyState>
      ) : (
        <div className="grid-2">
          <div className="chart-pair">
            <h3>Logit distribution</h3>
            {histOption ? <Chart option={histOption} height={260} ariaLabel="Histogram of CSCV logits; red bars are overfit combinations" testId="pbo-histogram" /> : <Loading>Binning logits…</Loading>}
          </div>
          <div className="chart-pair">
            <h3>Out-of-sample vs in-sample Sharpe</h3>
            {scatter ? <>
              <Chart option={scatter.option} height={260} ariaLabel="Scatter of out-of-sample against in-sample Sharpe with the regression line" testId="pbo-scatter" />
              <p className="muted" style={{ fontSize: 12, margin: '4px 0 0' }} data-testid="pbo-scatter-note">{fmtInt(scatter.total)} combinations at {fmtInt(scatter.distinct)} distinct points{scatter.maxCount > 1 ? <>; a marker's area grows with the combinations at its point (up to {fmtInt(scatter.maxCount)} at one point; hover for the count), and the fitted line weighs every combination</> : null}{scatter.drawn < scatter.distinct ? <>; every {fmtInt(Math.round(scatter.distinct / scatter.drawn))}th distinct point drawn ({fmtInt(scatter.drawn)})</> : null}.</p>
            </> : prepared.error ? <p className="field-error" data-testid="pbo-scatter-error">Could not load the combinations: {prepared.error.message}</p>
              : source ? <Loading>Counting combinations…</Loading> : null}
          </div>
        </div>
      )}
      <VariantsTable data={variants} />
    </Section>
  );
}
