/** The studies list: one row per study with its objective, direction, sampler, pruner, trials by state and best value. */
import { Link } from 'react-router-dom';
import { SortableTable, fmtDateTime } from '@skippy/ui';
import type { Column } from '@skippy/ui';
import type { RouterOutputs } from '@skippy/server/router';
import { fmtValue } from './options.ts';
import { TRIAL_STATES, TrialStateBadge } from './TrialsTable.tsx';

export type StudyRow = RouterOutputs['studies']['list'][number];

/** samplerText(s) – `tpe (multivariate)`, `random`, `median (startup 5)` … */
export function configText(c: { kind: string } & Record<string, unknown>): string {
  const opts = Object.entries(c).filter(([k, v]) => k !== 'kind' && v !== undefined).map(([k, v]) => `${k} ${String(v)}`);
  return opts.length ? `${c.kind} (${opts.join(', ')})` : c.kind;
}

export function TrialCounts({ counts }: { counts: StudyRow['counts'] }) {
  return (
    <span className="row" style={{ gap: 4 }}>
      {TRIAL_STATES.filter((s) => counts[s] > 0).map((s) => <span key={s} title={`${counts[s]} ${s}`}><TrialStateBadge state={s} /> {counts[s]}</span>)}
    </span>
  );
}

const COLUMNS: Column<StudyRow>[] = [
  { key: 'name', label: 'Study', render: (s) => <Link to={`/studies/${encodeURIComponent(s.name)}`}><b>{s.name}</b></Link>, sortValue: (s) => s.name },
  { key: 'objective', label: 'Objective', render: (s) => <code>{s.objective}</code>, sortValue: (s) => s.objective },
  { key: 'direction', label: 'Direction', render: (s) => s.directions.join(', '), sortValue: (s) => s.directions.join(',') },
  { key: 'sampler', label: 'Sampler', render: (s) => configText(s.sampler), sortValue: (s) => s.sampler.kind },
  { key: 'pruner', label: 'Pruner', render: (s) => configText(s.pruner), sortValue: (s) => s.pruner.kind },
  { key: 'trials', label: 'Trials', align: 'right', render: (s) => s.trials, sortValue: (s) => s.trials },
  { key: 'states', label: 'By state', render: (s) => <TrialCounts counts={s.counts} /> },
  {
    key: 'best', label: 'Best value', align: 'right', title: 'best complete value (single objective) or the size of the Pareto front',
    render: (s) => (s.directions.length > 1 ? <span className="unit">{s.paretoSize} on the front</span> : s.bestValue === null ? '–' : <span>{fmtValue(s.bestValue)} <span className="unit">#{s.bestTrial}</span></span>),
    sortValue: (s) => s.bestValue ?? Number.NaN,
  },
  { key: 'last', label: 'Last activity', render: (s) => fmtDateTime(s.lastActivity), sortValue: (s) => s.lastActivity },
];

export function StudyList({ studies }: { studies: StudyRow[] }) {
  return <SortableTable columns={COLUMNS} rows={studies} caption={`${studies.length} ${studies.length === 1 ? 'study' : 'studies'}`} rowKey={(s) => s.name} testId="studies-table" initialSort={{ key: 'last', dir: 'desc' }} />;
}
