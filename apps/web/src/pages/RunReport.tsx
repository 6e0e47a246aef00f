import { useDeferredValue } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EmptyState, ErrorState, Loading, ProgressBar, StatusBadge, fmtDateTime } from '@skippy/ui';
import type { RunReportSummary } from '@skippy/core/reports';
import { errorMessage, trpc } from '../trpc.ts';
import { useRunStream } from '../report/useRunStream.ts';
import { EquitySection } from '../report/EquitySection.tsx';
import { TcaSection } from '../report/TcaSection.tsx';
import { RiskHeatSection } from '../report/RiskHeatSection.tsx';
import { OverfittingSectionView } from '../report/OverfittingSection.tsx';
import { LabelsSectionView } from '../report/LabelsSection.tsx';
import { FoldsSectionView } from '../report/FoldsSection.tsx';
import { Headline } from '../report/Headline.tsx';
import { ProtocolSectionView } from '../report/ProtocolSection.tsx';
import { MetaSectionView } from '../report/MetaSection.tsx';
import { ModelSectionView } from '../report/ModelSection.tsx';
import { PolicyTrainingSectionView } from '../report/PolicyTrainingSection.tsx';
import { DataQcSectionView } from '../report/DataQcSection.tsx';
import { describeConfig } from '../lib/describe.ts';
import { STAGE_LABEL } from '../lib/stages.ts';
import { ReproduceSection } from '../reproduce/ReproduceSection.tsx';


/** One run: live progress while it runs, then the full report. */
export function RunReportPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const run = useQuery(trpc.runs.get.queryOptions({ id }));
  const status = run.data?.status;
  const active = status === 'queued' || status === 'running';
  const stream = useRunStream(id, active);
  const hasReport = run.data?.hasReport === true;
  const report = useQuery(trpc.reports.get.queryOptions({ id }, { enabled: hasReport, staleTime: Infinity }));
  // reports.get leaves out the CSCV arrays (the chart worker fetches and parses them); render the finished report as a transition: React time-slices it instead of one long task
  const deferredReport = useDeferredValue(report.data);

  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.runs.get.queryFilter({ id })) }));
  const rerun = useMutation(trpc.runs.start.mutationOptions({ onSuccess: (r) => navigate(`/runs/${encodeURIComponent(r.id)}`) }));

  if (run.isPending) return <div className="page"><Loading>Loading the run…</Loading></div>;
  if (run.error) {
    return (
      <div className="page">
        <h1>Run report</h1>
        <ErrorState title="This run cannot be shown" message={errorMessage(run.error)} onRetry={() => void run.refetch()} />
        <p><Link to="/runs">Back to all runs</Link></p>
      </div>
    );
  }
  const r = run.data;
  const rep: RunReportSummary | undefined = deferredReport;
  const live = active && !stream.finished;
  const stageKey = live ? (stream.stage ?? r.progress?.stage ?? 'queued') : r.status;
  const percent = live ? (stream.stage ? stream.percent : r.progress?.percent ?? 0) : 100;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <div className="row"><h1>{r.name || 'Run'}</h1><StatusBadge status={r.status} testId="run-status" /></div>
          <p className="page-sub">Run <code>{r.id}</code> · config <code>{r.configHash.slice(0, 12)}</code> · created {fmtDateTime(r.createdAt)}{r.rerunOf ? <> · re-run of <Link to={`/runs/${encodeURIComponent(r.rerunOf)}`}>{r.rerunOf}</Link></> : null}</p>
        </div>
        <div className="row">
          {active && <button type="button" className="sk-btn sk-btn-danger" onClick={() => cancel.mutate({ id })} disabled={cancel.isPending}>Cancel run</button>}
          {!active && <button type="button" className="sk-btn" onClick={() => rerun.mutate({ config: r.config, rerunOf: r.id, name: r.name })} disabled={rerun.isPending}>Re-run</button>}
          {!active && hasReport && <Link className="sk-btn" to={`/compare?ids=${encodeURIComponent(id)}`}>Compare with…</Link>}
          {r.status === 'done' && hasReport && <Link className="sk-btn" to={`/paper?run=${encodeURIComponent(id)}`} data-testid="paper-trade">Paper trade</Link>}
          {!active && hasReport && <a className="sk-btn sk-btn-primary" href={`/artifacts/${encodeURIComponent(id)}/report.html`} download data-testid="export-html">Export report (HTML)</a>}
        </div>
      </div>
      {(cancel.error || rerun.error) && <ErrorState message={errorMessage(cancel.error ?? rerun.error)} />}

      {live && (
        <section className="sk-card" aria-label="Progress" data-testid="run-progress" style={{ display: 'grid', gap: 8 }}>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <span><b>{STAGE_LABEL[stageKey] ?? stageKey}</b>{stream.message ? <span className="stage">{stream.message}</span> : null}</span>
            <span>{Math.round(percent)}%</span>
          </div>
          <ProgressBar value={percent / 100} label={`Run progress: ${STAGE_LABEL[stageKey] ?? stageKey}`} testId="run-progress-bar" />
          {stream.connection === 'error' && <p className="field-error">Lost the live connection; retrying…</p>}
        </section>
      )}
      {r.status === 'failed' && <ErrorState title="The run failed" message={r.error ?? 'No error message was stored.'} />}
      {r.status === 'interrupted' && <ErrorState title="The run was interrupted" message="The server stopped while this run was queued or running. Re-run it to get a report." />}
      {r.status === 'cancelled' && !hasReport && <EmptyState title="Cancelled">This run was cancelled before it finished. Re-run it to get a report.</EmptyState>}

      {rep ? <Headline report={rep} dataset={r.config.data.dataset} /> : (
        <section className="sk-card" aria-label="What this run tests">
          <h3>What this run tests</h3>
          <ul className="tested-list">{describeConfig(r.config).map((s) => <li key={s.topic}><strong>{s.topic}</strong><span>{s.text}</span></li>)}</ul>
        </section>
      )}
      {hasReport && report.isPending && <Loading>Loading the report…</Loading>}
      {report.error && <ErrorState title="Could not load the report" message={errorMessage(report.error)} onRetry={() => void report.refetch()} />}

      {(live || rep) && (
        <>
          <nav className="toc" aria-label="Report sections">
            {['equity:Equity curve', ...(rep?.policyTraining || (!rep && r.config.trainer === 'ppo') ? ['ppo:PPO training'] : []), 'protocol:Protocol', 'tca:Transaction costs', 'risk:Risk heat map', 'overfitting:Backtest overfitting', ...(rep?.meta ? ['meta:Meta-labelling'] : []), ...(rep?.model ? ['model:Model'] : []), 'labels:Labels', 'dataqc:Data QC', 'folds:Model scoring'].map((s) => {
              const [anchor, label] = s.split(':');
              return <a key={anchor} href={`#${anchor}`}>{label}</a>;
            })}
          </nav>
          {rep?.equity ? (
            <EquitySection cacheKey={`${id}:final`} ts={rep.equity.ts} equity={rep.equity.equity} live={false} initialCash={rep.equity.initialCash} maxDrawdown={rep.equity.maxDrawdown} totalPoints={rep.equity.points} oosStart={rep.headline.oosStart} />
          ) : (
            <EquitySection cacheKey={`${id}:live`} ts={stream.ts} equity={stream.equity} live={live} initialCash={r.config.execution.initial_cash} />
          )}
          {rep?.policyTraining || (!rep && r.config.trainer === 'ppo') ? <PolicyTrainingSectionView section={rep?.policyTraining} live={stream.policy} symbols={r.config.data.symbols} chartGroup={`ppo-${id}`} running={live} /> : null}
          {rep ? <ProtocolSectionView protocol={rep.protocol} /> : <PendingSection id="protocol" title="Protocol" />}
          {rep ? <TcaSection tca={rep.tca} realism={rep.realism} costs={rep.costs} oosBars={rep.headline.oosBars} /> : <PendingSection id="tca" title="Transaction costs" />}
          {rep ? <RiskHeatSection cacheKey={id} risk={rep.risk} /> : <PendingSection id="risk" title="Risk heat map" />}
          {rep ? <OverfittingSectionView cacheKey={id} data={rep.overfitting} runId={id} variants={rep.variants} /> : <PendingSection id="overfitting" title="Backtest overfitting" />}
          {rep?.meta ? <MetaSectionView meta={rep.meta} /> : null}
          {rep?.model || (!rep && stream.training.length) ? <ModelSectionView model={rep?.model} live={stream.training} /> : null}
          {rep ? <LabelsSectionView labels={rep.labels} /> : <PendingSection id="labels" title="Labels" />}
          {rep?.dataset.qc ? <DataQcSectionView dataset={rep.dataset} labels={rep.labels} maxGapBars={rep.config.data.max_gap_bars ?? 5} /> : null}
          <FoldsSectionView folds={rep?.folds} live={stream.folds} diagnosticsOnly={rep ? rep.protocol != null : true} />
          {rep && r.status === 'done' && <ReproduceSection runId={id} name={r.name} config={r.config} report={rep} />}
          {rep && (
            <section className="sk-card" aria-label="Downloads" data-testid="downloads">
              <h3>Downloads</h3>
              <p className="unit">The report as one self-contained HTML file to mail, the report as JSON, and the full tables as Parquet (every trade, the equity curve bar by bar, every prediction with its walk-forward window).</p>
              <div className="row">
                <a className="sk-btn sk-btn-small" href={`/artifacts/${encodeURIComponent(id)}/report.html`} download>report.html</a>
                <a className="sk-btn sk-btn-small" href={`/artifacts/${encodeURIComponent(id)}/report.json`} download>report.json</a>
                {rep.artifacts.map((a) => <a key={a.file} className="sk-btn sk-btn-small" href={`/artifacts/${encodeURIComponent(id)}/${encodeURIComponent(a.file)}`} download>{a.file} <span className="unit">({a.rows.toLocaleString('en-US')} rows)</span></a>)}
              </div>
            </section>
          )}
          {rep && (
            <section className="sk-card" aria-label="Stage timings">
              <h3>Stages</h3>
              <ul className="summary-list">{rep.stages.map((s) => <li key={s.stage}><b>{STAGE_LABEL[s.stage] ?? s.stage}</b>: {s.status} in {s.ms < 1000 ? `${Math.round(s.ms)} ms` : `${(s.ms / 1000).toFixed(1)} s`}{s.note ? ` — ${s.note}` : ''}</li>)}</ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function PendingSection({ id, title }: { id: string; title: string }) {
  return (
    <section className="sk-card sk-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <Loading>Available when the run finishes.</Loading>
    </section>
  );
}
