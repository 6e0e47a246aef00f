/**
 * "Reproduce in this browser": the run's stored config re-run in a Web Worker with the same models and
 * the same TensorFlow.js backend as the server (wasm), then the server's headline and out-of-sample
 * predictions side by side with the browser's and one verdict: identical, or what differs and by how much.
 */
import { useMemo } from 'react';
import type { ExperimentConfig } from '@skippy/core/config';
import type { RunReportSummary } from '@skippy/core/reports';
import { ErrorState, ProgressBar, Section, SortableTable, fmtInt, fmtMoney, fmtMs, type Column } from '@skippy/ui';
import { STAGE_LABEL } from '../lib/stages.ts';
import { fmtCount, fmtDrawdown, fmtProb, fmtReturn, fmtScore, fmtShare, fmtSharpe } from '../report/quantities.ts';
import type { ReproduceBackend } from '../workers/reproduce.worker.ts';
import { ROUNDING_TOLERANCE, SHOWN_FIGURES, compareHeadlines, reproduceBlocker, reproductionVerdict, withinRounding, type FigureDiff } from './compare.ts';
import { useReproduce, type TrainingPoint } from './useReproduce.ts';
import './reproduce.css';

const FORMAT: Record<string, (x: number | null) => string> = {
  totalReturn: fmtReturn, finalEquity: (x) => fmtMoney(x, 2), sharpe: fmtSharpe, maxDrawdown: fmtDrawdown, trades: fmtCount, winRate: fmtShare,
  fees: (x) => fmtMoney(x, 2), oosAccuracy: fmtShare, oosAuc: fmtScore, dsr: fmtProb, pbo: fmtProb,
};

const VERDICT_WORD = { identical: 'Identical', rounding: 'Equal up to rounding', differs: 'Differs' } as const;

const exact = (x: number | null) => (x === null ? 'null' : String(x));
const fmtDelta = (d: FigureDiff) => (d.identical ? '0' : d.absDiff === Infinity ? 'one side missing' : d.absDiff.toPrecision(3));

function backendText(b: ReproduceBackend): string {
  if (b.kind === 'none') return 'no TensorFlow.js: this model is fitted by core in plain TypeScript, as on the server';
  if (b.kind === 'wasm') return 'TensorFlow.js wasm backend (XNNPACK, single thread), as on the server';
  return `TensorFlow.js cpu backend — ${b.reason}, so rounding may differ from the server's wasm backend`;
}

/** Per-epoch training loss of the walk-forward windows as small SVG lines (one per window). */
function LossSparkline({ points }: { points: TrainingPoint[] }) {
  const { lines, lo, hi } = useMemo(() => {
    const byWindow = new Map<number, TrainingPoint[]>();
    for (const p of points) { const l = byWindow.get(p.window) ?? []; l.push(p); byWindow.set(p.window, l); }
    const all = points.map((p) => p.trainLoss).filter(Number.isFinite);
    return { lines: [...byWindow.entries()], lo: Math.min(...all), hi: Math.max(...all) };
  }, [points]);
  if (!points.length) return null;
  const w = 320, h = 64, maxIt = Math.max(1, ...points.map((p) => p.iteration));
  const x = (it: number) => 4 + ((it - 1) / Math.max(1, maxIt - 1)) * (w - 8);
  const y = (v: number) => (hi > lo ? 4 + (1 - (v - lo) / (hi - lo)) * (h - 8) : h / 2);
  const last = points[points.length - 1];
  return (
    <figure className="repro-loss" data-testid="reproduce-loss">
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`training loss per epoch, ${lines.length} windows`}>
        {lines.map(([win, pts], i) => (
          <polyline key={win} fill="none" strokeWidth={1.5} stroke={`hsl(${(215 + i * 47) % 360} 70% ${45 + (i % 3) * 8}%)`}
            points={pts.map((p) => `${x(p.iteration).toFixed(1)},${y(p.trainLoss).toFixed(1)}`).join(' ')} />
        ))}
      </svg>
      <figcaption>Training loss · window {last.window + 1}, epoch {last.iteration}: train {last.trainLoss.toFixed(4)}{last.validLoss !== null ? `, validation ${last.validLoss.toFixed(4)}` : ''}</figcaption>
    </figure>
  );
}

export interface ReproduceSectionProps {
  runId: string;
  name: string;
  /** The run's stored config (runs.get). */
  config: ExperimentConfig;
  report: RunReportSummary;
}

export function ReproduceSection({ runId, name, config, report }: ReproduceSectionProps) {
  const hasPredictions = report.artifacts.some((a) => a.file === 'predictions.parquet');
  const target = useMemo(() => ({
    runId, name, config, predictionsUrl: hasPredictions ? `/artifacts/${encodeURIComponent(runId)}/predictions.parquet` : null,
  }), [runId, name, config, hasPredictions]);
  const { state, start, cancel } = useReproduce(target);
  const blocker = reproduceBlocker({ config, protocol: report.protocol });
  const kind = config.models.primary.kind;

  const comparison = useMemo(() => {
    if (state.status !== 'done') return null;
    const figures = compareHeadlines(report.headline, state.result.headline);
    return { figures, verdict: reproductionVerdict(figures, state.result.predictions) };
  }, [state, report.headline]);

  const running = state.status === 'running';
  const button = (
    <button type="button" className="sk-btn sk-btn-primary" onClick={start} disabled={blocker !== null || running} data-testid="reproduce-start"
      title={blocker ?? undefined}>
      {state.status === 'done' || state.status === 'cancelled' || state.status === 'failed' ? 'Reproduce again' : 'Reproduce in this browser'}
    </button>
  );

  return (
    <Section id="reproduce" title="Reproduce in this browser" testId="reproduce-section"
      description={<>Re-runs this run's stored config here, in a Web Worker, with the same pipeline and the same <b>{kind}</b> model code as the server, then compares every headline figure and each out-of-sample prediction. Nothing is uploaded; the server's result is not changed.</>}
      actions={running ? <button type="button" className="sk-btn sk-btn-danger" onClick={cancel} data-testid="reproduce-cancel">Cancel</button> : button}>
      {blocker && <p className="repro-blocked" data-testid="reproduce-blocked">{blocker}</p>}

      {state.status === 'running' && (
        <div className="repro-live" data-testid="reproduce-progress">
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <span><b>{state.stage === 'queued' ? 'Starting the worker' : STAGE_LABEL[state.stage] ?? state.stage}</b>{state.message ? <span className="stage"> {state.message}</span> : null}</span>
            <span>{Math.round(state.percent)}%</span>
          </div>
          <ProgressBar value={state.percent / 100} label="Reproduction progress" testId="reproduce-progress-bar" />
          <LossSparkline points={state.training} />
        </div>
      )}
      {state.status === 'cancelled' && <p className="repro-note" data-testid="reproduce-cancelled">Cancelled: the worker was stopped and its memory freed.</p>}
      {state.status === 'failed' && <ErrorState title="The reproduction failed" message={state.error} />}

      {state.status === 'done' && comparison && (
        <div className="repro-result">
          <div className={`repro-verdict repro-${comparison.verdict.kind}`} data-testid="reproduce-verdict" data-verdict={comparison.verdict.kind}>
            <span className="repro-verdict-word">{VERDICT_WORD[comparison.verdict.kind]}</span>
            <span>{comparison.verdict.text.replace(/^[^:]+: /, '')}</span>
          </div>
          <ul className="repro-facts">
            <li data-testid="reproduce-backend"><b>Backend:</b> {backendText(state.result.backend)}</li>
            <li><b>Took</b> {fmtMs(state.result.ms)} in this browser (the server's run took {fmtMs(report.durationMs)}).</li>
            {comparison.verdict.kind === 'rounding' && (
              <li data-testid="reproduce-rounding-note"><b>Why not bit for bit:</b> differences this small (≤ {ROUNDING_TOLERANCE}) are far below float32's resolution (≈ 6e-8), so the models' TensorFlow.js arithmetic agrees; they come from float64 <code>Math.exp</code> / <code>Math.log</code>, which ECMAScript lets each JavaScript engine round in its own way — this browser's and the server's Node.js differ in the last bit for some inputs.</li>
            )}
            {state.result.predictions ? (
              <li data-testid="reproduce-predictions" data-max-delta={state.result.predictions.maxAbsDiff}><b>Out-of-sample predictions:</b> {fmtInt(state.result.predictions.compared)} compared of {fmtInt(state.result.predictions.serverRows)} rows, max |Δ| <code>{state.result.predictions.maxAbsDiff === 0 ? '0' : state.result.predictions.maxAbsDiff.toPrecision(3)}</code>{state.result.predictions.differing ? `, ${fmtInt(state.result.predictions.differing)} rows differ` : ''}</li>
            ) : <li><b>Out-of-sample predictions:</b> this run stored no predictions table, so only the headline is compared.</li>}
          </ul>
          <FiguresTable figures={comparison.figures} />
          <LossSparkline points={state.training} />
        </div>
      )}
    </Section>
  );
}

function FiguresTable({ figures }: { figures: FigureDiff[] }) {
  const byKey = new Map(figures.map((f) => [f.key, f]));
  const rows = SHOWN_FIGURES.flatMap((s) => { const f = byKey.get(s.key); return f ? [{ ...f, label: s.label }] : []; });
  const others = figures.filter((f) => !SHOWN_FIGURES.some((s) => s.key === f.key));
  const othersDiffer = others.filter((f) => !f.identical);
  const columns: Column<FigureDiff & { label: string }>[] = [
    { key: 'label', label: 'Figure', render: (r) => r.label },
    { key: 'server', label: 'Server', align: 'right', render: (r) => <span title={exact(r.server)}>{FORMAT[r.key]?.(r.server) ?? exact(r.server)}</span> },
    { key: 'browser', label: 'This browser', align: 'right', render: (r) => <span title={exact(r.browser)}>{FORMAT[r.key]?.(r.browser) ?? exact(r.browser)}</span> },
    { key: 'delta', label: '|Δ| (exact)', align: 'right', title: 'absolute difference of the unrounded numbers; 0 = bit-for-bit equal', render: (r) => <span className={r.identical ? 'pos' : withinRounding(r) ? 'repro-delta-rounding' : 'neg'}>{fmtDelta(r)}</span> },
  ];
  return (
    <>
      <SortableTable caption="Server vs this browser" columns={columns} rows={rows} rowKey={(r) => r.key} testId="reproduce-table" />
      <p className="unit">
        {others.length} more headline figures compared ({others.map((f) => f.key).join(', ')}): {othersDiffer.length === 0 ? 'all identical' : `${othersDiffer.map((f) => `${f.key} |Δ| ${fmtDelta(f)}`).join(', ')}`}.
      </p>
    </>
  );
}
