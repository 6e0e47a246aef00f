import { useMemo, useState } from 'react';
import type { PolicyHistoryPoint, PolicyTrainingSection } from '@skippy/core/reports';
import { Chart, Section } from '@skippy/ui';
import { LINE_COLORS, PPO_METRICS, PPO_METRIC_INFO, compactSteps, formatValue, hasValues, latestFigures, lineName, linesFromPoints, linesFromSection, panelOption } from './policyPrep.ts';

/**
 * "PPO training": TensorBoard-like small multiples of a policy run's diagnostics — live from the run's
 * progress stream while it trains, then from the report's stored history. One panel per metric, x = the
 * agent's environment step, one line per walk-forward window; the smoothing slider is TensorBoard's EMA.
 */
export function PolicyTrainingSectionView({ section, live, symbols, chartGroup, running }: {
  section: PolicyTrainingSection | null | undefined;
  live: readonly Partial<PolicyHistoryPoint>[];
  symbols: readonly string[];
  /** Panels sharing a group move their tooltips together. */
  chartGroup: string;
  running: boolean;
}) {
  const [smoothing, setSmoothing] = useState(0.6);
  // lines switched off in the legend (TensorBoard's run toggles), by "window:symbol"
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const lines = useMemo(() => (section ? linesFromSection(section) : linesFromPoints(live)), [section, live, live.length]);
  const names = section?.symbols ?? symbols;
  const shown = useMemo(() => lines.filter((l) => !hidden.has(`${l.window}:${l.symbol}`)), [lines, hidden]);
  const panels = useMemo(() => PPO_METRICS.map((m) => ({ metric: m, option: panelOption(m, shown, names, smoothing) })), [shown, names, smoothing]);
  const toggle = (key: string) => setHidden((h) => { const next = new Set(h); if (next.has(key)) next.delete(key); else next.add(key); return next; });
  const latest = latestFigures(lines);
  const points = lines.reduce((n, l) => n + l.step.length, 0);

  return (
    <Section id="ppo" title="PPO training" testId="ppo-section"
      description={<>Per walk-forward window, the agent's training diagnostics against its environment steps (CleanRL's names), {running ? 'streamed live while it trains' : 'as stored in the report'}. Each point summarises a few consecutive updates (at most {section?.maxPointsPerSeries ?? 200} per window and agent); faint lines are those raw points, solid lines their exponential moving average.</>}
      actions={(
        <label className="ppo-smoothing">
          <span>Smoothing</span>
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing (exponential moving average weight)" data-testid="ppo-smoothing" />
          <output>{smoothing.toFixed(2)}</output>
        </label>
      )}>
      {latest ? (
        <div className="ppo-strip" data-testid="ppo-latest" aria-live="off">
          <span className={`ppo-live${running ? ' on' : ''}`}>{running ? 'training' : 'trained'}</span>
          <span>{lineName(latest.line, names)} · step <b>{compactSteps(latest.step)}</b></span>
          <span>return <b>{fmt(latest.values.episodic_return)}</b></span>
          <span>approx KL <b>{fmt(latest.values.approx_kl)}</b></span>
          <span>clip fraction <b>{fmt(latest.values.clipfrac)}</b></span>
          <span>explained var. <b>{fmt(latest.values.explained_variance)}</b></span>
          <span><b>{latest.values.steps_per_s === null ? 'n/a' : Math.round(latest.values.steps_per_s).toLocaleString('en-US')}</b> steps/s</span>
          <span className="unit">{points.toLocaleString('en-US')} points</span>
        </div>
      ) : <p className="unit" data-testid="ppo-waiting">Waiting for the first PPO update: training starts at the walk-forward stage, after data, features, labels and model scoring.</p>}
      {lines.length > 0 && (
        <ul className="ppo-legend" aria-label="Lines (click to show or hide)">
          {lines.map((l) => {
            const key = `${l.window}:${l.symbol}`, on = !hidden.has(key);
            return (
              <li key={key}>
                <button type="button" aria-pressed={on} onClick={() => toggle(key)} title={on ? 'Hide this line' : 'Show this line'}>
                  <span className="ppo-swatch" style={{ background: LINE_COLORS[l.window % LINE_COLORS.length], opacity: l.symbol > 0 ? 0.6 : 1 }} />{lineName(l, names)}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="ppo-grid">
        {panels.map(({ metric, option }) => {
          const info = PPO_METRIC_INFO[metric];
          return (
            <figure key={metric} className="ppo-panel" data-testid={`ppo-panel-${metric}`}>
              <figcaption title={info.help}><b>{info.title}</b> <code>{info.tag}</code></figcaption>
              {lines.length > 0 && !hasValues(metric, lines) && <p className="ppo-empty">{metric === 'episodic_return' ? 'No training episode has ended yet' : 'No value yet'}</p>}
              <Chart option={option} notMerge height={170} group={chartGroup} ariaLabel={`${info.title} per training step, one line per walk-forward window`} />
            </figure>
          );
        })}
      </div>
    </Section>
  );
}

const fmt = (v: number | null) => (v === null ? 'n/a' : formatValue(v));
