/** The trials table of a study: sortable by every column, filterable by state, runs linked. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { SortableTable, fmtDateTime, fmtMs } from '@skippy/ui';
import type { Column } from '@skippy/ui';
import type { TrialState } from '@skippy/core/hpo';
import type { StudyDetail } from './prep.ts';
import { fmtValue } from './options.ts';

type Trial = StudyDetail['trialRows'][number];
export const TRIAL_STATES: TrialState[] = ['complete', 'pruned', 'failed', 'running'];
const TONE: Record<TrialState, string> = { complete: 'good', pruned: 'warn', failed: 'bad', running: 'info' };

/** TrialStateBadge – a trial's state as a coloured pill; a failed trial's error on hover. */
export function TrialStateBadge({ state, title }: { state: TrialState; title?: string }) {
  return <span className={`sk-badge sk-badge-${TONE[state]}`} data-state={state} title={title}>{state}</span>;
}

const numOrNaN = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);

export function TrialsTable({ study, now }: { study: StudyDetail; now: number }) {
  const [shown, setShown] = useState<Set<TrialState>>(() => new Set(TRIAL_STATES));
  const rows = useMemo(() => study.trialRows.filter((t) => shown.has(t.state)), [study.trialRows, shown]);
  const toggle = (s: TrialState) => setShown((prev) => { const n = new Set(prev); if (n.has(s)) n.delete(s); else n.add(s); return n; });
  const columns = useMemo<Column<Trial>[]>(() => {
    const params = Object.keys(study.space);
    const multi = study.directions.length > 1;
    return [
      { key: 'number', label: '#', align: 'right', render: (t) => (t.number === study.bestTrial ? <b title="best trial">{t.number} ★</b> : t.number), sortValue: (t) => t.number },
      { key: 'state', label: 'State', render: (t) => <TrialStateBadge state={t.state} title={t.error ?? undefined} />, sortValue: (t) => t.state },
      ...study.directions.map((d, k): Column<Trial> => ({
        key: `v${k}`, label: multi ? `Value ${k + 1}` : 'Value', align: 'right', title: `objective${multi ? ` ${k + 1}` : ''} (${d})`,
        render: (t) => fmtValue(t.values?.[k] ?? null), sortValue: (t) => numOrNaN(t.values?.[k]),
      })),
      ...params.map((p): Column<Trial> => ({
        key: `p:${p}`, label: p, align: study.space[p].type === 'categorical' ? 'left' : 'right',
        render: (t) => fmtValue(t.params[p] ?? null), sortValue: (t) => { const v = t.params[p]; return typeof v === 'number' ? v : v === undefined ? Number.NaN : String(v); },
      })),
      { key: 'duration', label: 'Duration', align: 'right', render: (t) => (t.durationMs === null ? <span className="unit">{fmtMs(now - t.startedAt)} so far</span> : fmtMs(t.durationMs)), sortValue: (t) => t.durationMs ?? now - t.startedAt },
      { key: 'started', label: 'Started', render: (t) => fmtDateTime(t.startedAt), sortValue: (t) => t.startedAt },
      { key: 'run', label: 'Run', render: (t) => (t.runId ? <Link to={`/runs/${encodeURIComponent(t.runId)}`}>{t.runId.slice(0, 10)}</Link> : <span className="unit">–</span>), sortValue: (t) => t.runId ?? '' },
      { key: 'note', label: 'Note', render: (t) => (t.error ? <span className="unit" title={t.error} style={{ whiteSpace: 'normal', display: 'inline-block', minWidth: 180 }}>{t.error.split('\n')[0].slice(0, 80)}</span> : t.retryOf !== null ? <span className="unit">retry of #{t.retryOf}</span> : null) },
    ];
  }, [study, now]);
  return (
    <div style={{ display: 'grid', gap: 10 }}>
      <div className="row" role="group" aria-label="Show trials by state">
        <span className="unit">Show:</span>
        {TRIAL_STATES.map((s) => (
          <label key={s} className="row" style={{ gap: 4, border: '1px solid var(--line)', borderRadius: 8, padding: '3px 8px', background: '#fff', cursor: 'pointer' }}>
            <input type="checkbox" checked={shown.has(s)} onChange={() => toggle(s)} aria-label={`Show ${s} trials`} />
            <TrialStateBadge state={s} /> <span className="unit">{study.counts[s]}</span>
          </label>
        ))}
      </div>
      <SortableTable columns={columns} rows={rows} caption={`Trials of ${study.name} (${rows.length} of ${study.trialRows.length} shown)`} rowKey={(t) => String(t.number)}
        initialSort={{ key: 'number', dir: 'asc' }} pageSize={50} testId="study-trials" emptyText="No trial in the chosen states." />
    </div>
  );
}
