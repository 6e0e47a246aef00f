/**
 * Studies: the hyper-parameter studies of the workbench database (`skippy-train hpo:optuna`), and for
 * one study its trials and the optuna-dashboard charts. Refetches every 2 s while a trial runs; every
 * chart's per-trial preparation runs in the studyPrep worker.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { EmptyState, ErrorState, Loading, MetricCard, MetricGrid, Section, fmtDateTime } from '@skippy/ui';
import { errorMessage, trpc } from '../trpc.ts';
import type { StudyDetail } from '../studies/prep.ts';
import { useStudyPrep } from '../studies/usePrep.ts';
import { StudyList, TrialCounts, configText } from '../studies/StudyList.tsx';
import { TrialsTable } from '../studies/TrialsTable.tsx';
import { fmtValue } from '../studies/options.ts';
import { ContourSection, HistorySection, ImportanceSection, IntermediateSection, ParallelSection, ParetoSection, SliceSection } from '../studies/StudyCharts.tsx';

/** Refetch interval while a trial runs. */
export const LIVE_MS = 2000;

export function StudiesPage() {
  const { name } = useParams();
  return name ? <StudyPage name={name} /> : <StudiesListPage />;
}

function StudiesListPage() {
  const list = useQuery({ ...trpc.studies.list.queryOptions(), refetchInterval: (q) => (q.state.data?.some((s) => s.counts.running > 0) ? LIVE_MS : false) });
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Studies</h1>
          <p className="page-sub">Hyper-parameter studies in this workbench&apos;s database: each trial is one configuration tried. Open a study for its trials, optimisation history, parameter importance and the charts to read where the good region is.</p>
        </div>
      </div>
      {list.isPending ? <Loading>Loading studies…</Loading> : list.error ? <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
        <EmptyState title="No studies yet">Start one from the <Link to="/">New experiment</Link> form (mark settings as searched, then Start study), or from a terminal: <code>npx skippy-train hpo:optuna --trials 20</code> (a run per trial), or <code>--objective bench:branin</code> to try the sampler. Studies appear here as their trials stream in.</EmptyState>
      ) : <section className="sk-card"><StudyList studies={list.data} /></section>}
    </div>
  );
}

function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const id = setInterval(() => setNow(Date.now()), LIVE_MS);
    return () => clearInterval(id);
  }, [live]);
  return now;
}

function StudyPage({ name }: { name: string }) {
  // live while a trial runs or while this server's job for the study is still going (between two trials)
  const q = useQuery({ ...trpc.studies.get.queryOptions({ name }), refetchInterval: (x) => (x.state.data && (x.state.data.counts.running > 0 || x.state.data.job?.running) ? LIVE_MS : false) });
  return (
    <div className="page">
      <p style={{ margin: 0 }}><Link to="/studies">← All studies</Link></p>
      {q.isPending ? <Loading>Loading study {name}…</Loading> : q.error ? (
        <ErrorState title="Could not open this study" message={errorMessage(q.error)} onRetry={() => void q.refetch()} />
      ) : <StudyView study={q.data} />}
    </div>
  );
}

/** StudyView(study) – the header, the charts (from the worker) and the trials table of one study. */
export function StudyView({ study }: { study: StudyDetail }) {
  const live = study.counts.running > 0 || study.job?.running === true;
  const now = useNow(live);
  const prep = useStudyPrep(study);
  return (
    <>
      <StudyHeader study={study} live={live} />
      {prep.error ? <ErrorState title="Could not prepare the charts" message={errorMessage(prep.error)} /> : !prep.data ? <Loading>Preparing charts…</Loading> : (
        <>
          {prep.data.pareto && <ParetoSection prep={prep.data} directions={study.directions} />}
          <HistorySection prep={prep.data} directions={study.directions} />
          <div className="grid-2">
            <ImportanceSection prep={prep.data} directions={study.directions} />
            <IntermediateSection prep={prep.data} />
          </div>
          <ParallelSection prep={prep.data} directions={study.directions} />
          <ContourSection study={study} directions={study.directions} importance={prep.data.importance[0]} />
          <SliceSection prep={prep.data} directions={study.directions} nTrials={study.trialRows.length} />
        </>
      )}
      <Section id="study-trials" title="Trials" testId="study-trials-section"
        description="Every trial in the order it started: click a header to sort, untick a state to hide its trials. ★ marks the best trial; a trial that produced a run links to its report.">
        <TrialsTable study={study} now={now} />
      </Section>
    </>
  );
}

export function StudyHeader({ study, live }: { study: StudyDetail; live: boolean }) {
  const multi = study.directions.length > 1;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Study {study.name}</h1>
          <p className="page-sub">
            <code>{study.objective}</code>, {study.directions.join(' × ')} · sampler {configText(study.sampler)} · pruner {configText(study.pruner)} · seed {study.seed} · created {fmtDateTime(study.createdAt)}
          </p>
        </div>
        <div className="row" style={{ gap: 8 }}>
          {live && <span className="sk-badge sk-badge-info" data-testid="study-live" role="status">● live – {study.counts.running} running, refreshing every {LIVE_MS / 1000} s</span>}
          {study.job && <StudyJobControl study={study} />}
        </div>
      </div>
      <MetricGrid label="Study summary">
        <MetricCard label="Trials" value={study.trials} hint={<TrialCounts counts={study.counts} />} testId="study-trial-count" />
        {multi ? (
          <MetricCard label="Pareto front" value={`${study.paretoFront.length} trials`} hint={`#${study.paretoFront.slice(0, 12).join(', #')}${study.paretoFront.length > 12 ? ' …' : ''}`} />
        ) : (
          <MetricCard label={`Best value (${study.directions[0]})`} value={study.bestValue === null ? '–' : fmtValue(study.bestValue)} hint={study.bestTrial === null ? 'no complete trial yet' : `trial #${study.bestTrial}`} tone={study.bestValue === null ? 'neutral' : 'good'} testId="study-best-value" />
        )}
        {!multi && (
          <MetricCard label="Best parameters" value={<span style={{ fontSize: 13, fontWeight: 500, display: 'block', lineHeight: 1.5 }}>{study.bestParams ? Object.entries(study.bestParams).map(([k, v]) => <span key={k} style={{ display: 'inline-block', marginRight: 10 }}><code>{k}</code> = {fmtValue(v)}</span>) : '–'}</span>} />
        )}
      </MetricGrid>
    </>
  );
}

/** A study run by this server: its budget and state, and a Stop button while it runs. */
function StudyJobControl({ study }: { study: StudyDetail }) {
  const client = useQueryClient();
  const stop = useMutation(trpc.studies.stop.mutationOptions({ onSettled: () => client.invalidateQueries({ queryKey: trpc.studies.get.queryKey({ name: study.name }) }) }));
  const job = study.job!;
  return (
    <span className="row" style={{ gap: 6 }} data-testid="study-job">
      <span className="sk-badge">{job.running ? 'running on the server' : job.status} · {job.nTrials} trials, {job.parallel} in flight</span>
      {job.running && <button type="button" className="sk-btn sk-btn-small" disabled={stop.isPending} onClick={() => stop.mutate({ name: study.name })}>{stop.isPending ? 'Stopping…' : 'Stop study'}</button>}
      {stop.error && <span className="field-error" role="alert">{errorMessage(stop.error)}</span>}
      {job.error && <span className="field-error" role="alert">{job.error}</span>}
      {job.outerFrom && (
        <span className="sk-badge" data-testid="study-nested" title="Nested evaluation: the trials selected on the data before this day; the best configuration's out-of-sample figures on the window from it on">
          {job.nested ? (job.nested.error ? `outer window from ${job.outerFrom}: ${job.nested.error}` : `outer window from ${job.outerFrom}: Sharpe ${job.nested.outerSharpe === null ? '–' : fmtValue(job.nested.outerSharpe)} over ${job.nested.outerBars} bars (best inner trial #${job.nested.innerBestTrial})`) : `selecting on data before ${job.outerFrom}`}
        </span>
      )}
    </span>
  );
}
