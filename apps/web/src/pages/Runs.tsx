import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { Link, useNavigate } from 'react-router-dom';
import { EmptyState, ErrorState, Loading, ProgressBar, StatusBadge, fmtDateTime, fmtMs, fmtPct, fmtRatio } from '@skippy/ui';
import type { RunProgress } from '@skippy/core/reports';
import { storedVerdict } from '@skippy/core/reports';
import type { RouterOutputs } from '@skippy/server/router';
import { errorMessage, trpc } from '../trpc.ts';
import { STAGE_LABEL } from '../lib/stages.ts';
import { QueueDepthLine } from './Workers.tsx';

type Run = RouterOutputs['runs']['list'][number];
type Live = Record<string, { stage: RunProgress['stage']; percent: number }>;

const ACTIVE = new Set(['queued', 'running']);

/** All runs: status, live progress (one SSE stream for every run), open / cancel / delete / re-run, pick runs to compare. */
export function RunsPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const runs = useQuery(trpc.runs.list.queryOptions(undefined, { refetchInterval: (q) => (q.state.data?.some((r) => ACTIVE.has(r.status)) ? 3000 : false) }));
  const engine = useQuery(trpc.workers.list.queryOptions(undefined, { refetchInterval: (q) => ((q.state.data?.queue.waiting ?? 0) + (q.state.data?.queue.active ?? 0) > 0 ? 2000 : 10_000) }));
  const [live, setLive] = useState<Live>({});
  const [picked, setPicked] = useState<string[]>([]);
  const anyActive = runs.data?.some((r) => ACTIVE.has(r.status)) ?? false;

  useSubscription(trpc.runs.onProgress.subscriptionOptions({}, {
    enabled: anyActive,
    onData: (ev) => {
      setLive((l) => (l[ev.runId]?.percent === ev.percent && l[ev.runId]?.stage === ev.stage ? l : { ...l, [ev.runId]: { stage: ev.stage, percent: ev.percent } }));
      if (ev.status && !ACTIVE.has(ev.status)) void qc.invalidateQueries(trpc.runs.list.pathFilter());
    },
  }));

  const refresh = () => qc.invalidateQueries(trpc.runs.list.pathFilter());
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: refresh }));
  const del = useMutation(trpc.runs.delete.mutationOptions({ onSuccess: refresh }));
  const rerun = useMutation(trpc.runs.start.mutationOptions({ onSuccess: (r) => navigate(`/runs/${encodeURIComponent(r.id)}`) }));
  const rerunOf = async (id: string) => {
    const detail = await qc.fetchQuery(trpc.runs.get.queryOptions({ id }));
    rerun.mutate({ config: detail.config, rerunOf: id, name: detail.name });
  };

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const error = cancel.error ?? del.error ?? rerun.error;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Runs</h1>
          <p className="page-sub">Every experiment run on this server, newest first. Tick two or more finished runs to compare them.</p>
          {engine.data && <QueueDepthLine state={engine.data} />}
        </div>
        <div className="row">
          <button type="button" className="sk-btn" disabled={picked.length < 2} onClick={() => navigate(`/compare?ids=${picked.map(encodeURIComponent).join(',')}`)}>
            Compare selected ({picked.length})
          </button>
          <Link to="/" className="sk-btn sk-btn-primary">New experiment</Link>
        </div>
      </div>
      {error && <ErrorState message={errorMessage(error)} />}
      {runs.isPending ? <Loading>Loading runs…</Loading> : runs.error ? (
        <ErrorState title="Could not load the runs" message={errorMessage(runs.error)} onRetry={() => void runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <EmptyState title="No runs yet" action={<Link to="/" className="sk-btn sk-btn-primary">Set up an experiment</Link>}>Start a run from the New experiment page; it will show up here with live progress.</EmptyState>
      ) : (
        <div className="sk-table-wrap">
          <table className="sk-table runs-table" data-testid="runs-table">
            <caption>{runs.data.length} run{runs.data.length === 1 ? '' : 's'}</caption>
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">Select</span></th>
                <th scope="col">Run</th><th scope="col">Status</th><th scope="col">Verdict</th>
                <th scope="col" className="num">Return</th><th scope="col" className="num">Sharpe</th><th scope="col" className="num">Max DD</th>
                <th scope="col">Created (UTC)</th><th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => <RunRow key={r.id} run={r} live={live[r.id]} picked={picked.includes(r.id)} onPick={() => toggle(r.id)}
                onCancel={() => cancel.mutate({ id: r.id })} onDelete={() => { if (window.confirm(`Delete run "${r.name}" (${r.id}) and its artifacts?`)) del.mutate({ id: r.id }); }}
                onRerun={() => void rerunOf(r.id)} />)}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function RunRow({ run: r, live, picked, onPick, onCancel, onDelete, onRerun }: {
  run: Run; live?: { stage: string; percent: number }; picked: boolean; onPick: () => void; onCancel: () => void; onDelete: () => void; onRerun: () => void;
}) {
  const active = ACTIVE.has(r.status);
  const p = live ?? r.progress;
  const m = r.metrics;
  const ret = m.totalReturn ?? null;
  return (
    <tr data-testid="run-row" data-run-id={r.id} data-status={r.status}>
      <td><input type="checkbox" checked={picked} onChange={onPick} disabled={r.status !== 'done'} aria-label={`Select ${r.name} (${r.id}) for comparison`} /></td>
      <td className="runs-name"><Link to={`/runs/${encodeURIComponent(r.id)}`}><b>{r.name}</b></Link><div className="unit"><code>{r.id}</code></div></td>
      <td>
        <StatusBadge status={r.status} />
        {active ? (
          <div className="runs-progress">
            <ProgressBar value={(p?.percent ?? 0) / 100} label={`Progress of ${r.name}`} testId="run-row-progress" />
            <span className="unit">{Math.round(p?.percent ?? 0)}% · {STAGE_LABEL[p?.stage ?? 'queued'] ?? p?.stage}</span>
          </div>
        ) : null}
        {r.error ? <div className="field-error" title={r.error}>{r.error.slice(0, 60)}</div> : null}
      </td>
      <td><VerdictPill metrics={m} /></td>
      <td className="num"><span className={ret === null ? '' : ret >= 0 ? 'pos' : 'neg'}>{fmtPct(ret)}</span></td>
      <td className="num">{fmtRatio(m.sharpe ?? null)}</td>
      <td className="num">{fmtPct(m.maxDrawdown ?? null)}</td>
      <td>{fmtDateTime(r.createdAt)}<div className="unit">{r.startedAt && r.finishedAt ? `took ${fmtMs(r.finishedAt - r.startedAt)}` : '\u00a0'}</div></td>
      <td>
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <Link className="sk-btn sk-btn-small" to={`/runs/${encodeURIComponent(r.id)}`} aria-label={`Open report of ${r.name}`}>Open</Link>
          {active && <button type="button" className="sk-btn sk-btn-small sk-btn-danger" onClick={onCancel} aria-label={`Cancel ${r.name}`}>Cancel</button>}
          {!active && <button type="button" className="sk-btn sk-btn-small" onClick={onRerun} aria-label={`Re-run ${r.name}`}>{r.status === 'interrupted' ? 'Re-run interrupted' : 'Re-run'}</button>}
          {!active && <button type="button" className="sk-btn sk-btn-small sk-btn-danger" onClick={onDelete} aria-label={`Delete ${r.name}`}>Delete</button>}
        </div>
      </td>
    </tr>
  );
}

/** GO / NO-GO (with the failed gate count) / INCONCLUSIVE as stored with the run; a dash before it finishes or for runs stored without one. */
function VerdictPill({ metrics }: { metrics: Run['metrics'] }) {
  const v = storedVerdict(metrics);
  if (!v) return <span className="unit">–</span>;
  const word = v.decision === 'go' ? 'GO' : v.decision === 'no-go' ? 'NO-GO' : 'INCONCLUSIVE';
  const tone = v.decision === 'go' ? 'good' : v.decision === 'no-go' ? 'bad' : 'neutral';
  const detail = v.decision === 'go' ? 'all gates passed'
    : v.decision === 'no-go' ? `${v.gatesFailed} gate${v.gatesFailed === 1 ? '' : 's'} failed`
      : `${v.gatesNotComputable} not computable`;
  return (
    <span className="runs-verdict" data-testid="run-verdict" data-verdict={v.decision} data-gates-failed={v.gatesFailed}>
      <span className={`sk-badge sk-badge-${tone}`}>{word}</span>
      <span className="unit">{detail}</span>
    </span>
  );
}
