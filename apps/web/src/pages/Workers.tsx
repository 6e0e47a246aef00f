import { useQuery } from '@tanstack/react-query';
import { ErrorState, Loading, MetricCard, MetricGrid, SortableTable, fmtDateTime, fmtInt } from '@skippy/ui';
import type { Column } from '@skippy/ui';
import type { RouterOutputs } from '@skippy/server/router';
import { errorMessage, trpc } from '../trpc.ts';

type ClusterState = NonNullable<RouterOutputs['workers']['list']>;
type WorkerRow = ClusterState['workers'][number];

const COLUMNS: Column<WorkerRow>[] = [
  { key: 'host', label: 'Host', render: (w) => w.host, sortValue: (w) => w.host },
  { key: 'id', label: 'Worker', render: (w) => <code>{w.id}</code>, sortValue: (w) => w.id },
  { key: 'concurrency', label: 'Concurrency', align: 'right', render: (w) => fmtInt(w.concurrency), sortValue: (w) => w.concurrency },
  { key: 'current', label: 'Current job', render: (w) => (w.current.length ? w.current.join(', ') : 'idle'), sortValue: (w) => w.current.length },
  { key: 'perMinute', label: 'Jobs / min', align: 'right', render: (w) => fmtInt(w.perMinute), sortValue: (w) => w.perMinute, title: 'jobs completed in the last minute' },
  { key: 'completed', label: 'Completed', align: 'right', render: (w) => fmtInt(w.completed), sortValue: (w) => w.completed },
  { key: 'failed', label: 'Failed', align: 'right', render: (w) => fmtInt(w.failed), sortValue: (w) => w.failed },
  { key: 'code', label: 'Code', render: (w) => <code>{w.codeVersion}</code>, sortValue: (w) => w.codeVersion },
  { key: 'seen', label: 'Last seen (UTC)', render: (w) => fmtDateTime(w.seenAt), sortValue: (w) => w.seenAt },
];

/** One line for the Runs page: where runs execute and how deep the queue is. */
export function QueueDepthLine({ state }: { state: ClusterState }) {
  const q = state.queue;
  const where = state.mode === 'redis' ? `BullMQ on ${state.redis} · ${state.workers.length} worker${state.workers.length === 1 ? '' : 's'}` : `embedded pool · ${fmtInt(state.workers[0]?.concurrency ?? 0)} worker threads`;
  return (
    <p className="page-sub" data-testid="queue-depth">
      {`Queue: ${fmtInt(q.waiting)} waiting, ${fmtInt(q.active)} running${q.delayed ? `, ${fmtInt(q.delayed)} retrying` : ''} — ${where}`}
    </p>
  );
}

/** The Workers page body for a known engine state (rendered by the page and by the render test). */
export function WorkersView({ state }: { state: ClusterState }) {
  const q = state.queue;
  const capacity = state.workers.reduce((n, w) => n + w.concurrency, 0);
  return (
    <>
      <MetricGrid>
        <MetricCard label="Engine" value={state.mode === 'redis' ? 'BullMQ (Redis)' : 'Embedded pool'} hint={state.redis ?? 'no Redis: runs execute in this server'} />
        <MetricCard label="Waiting" value={fmtInt(q.waiting)} hint={q.delayed ? `${fmtInt(q.delayed)} waiting to retry` : undefined} testId="queue-waiting" />
        <MetricCard label="Running" value={fmtInt(q.active)} hint={`capacity ${fmtInt(capacity)}`} />
        <MetricCard label="Failed (kept)" value={fmtInt(q.failed)} tone={q.failed ? 'warn' : 'neutral'} />
        <MetricCard label="Code version" value={<code>{state.codeVersion}</code>} title="workers must run the same code version as the server" />
      </MetricGrid>
      <SortableTable columns={COLUMNS} rows={state.workers} rowKey={(w) => w.id} caption={state.mode === 'redis' ? `${state.workers.length} connected worker${state.workers.length === 1 ? '' : 's'}` : 'the server\'s own worker threads'}
        initialSort={{ key: 'host', dir: 'asc' }} testId="workers-table"
        emptyText="No worker is connected: start one with skippy-train worker --redis URL --server URL on any machine." />
    </>
  );
}

/** Workers: the run engine (embedded pool or BullMQ), queue depth and the connected workers, refreshed every 2 s. */
export function WorkersPage() {
  const state = useQuery(trpc.workers.list.queryOptions(undefined, { refetchInterval: 2000 }));
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Workers</h1>
          <p className="page-sub">Where runs, study trials and ablation sets execute. With SKIPPY_REDIS set they go to BullMQ and any machine can add workers with <code>skippy-train worker --redis URL --server URL</code>.</p>
        </div>
      </div>
      {state.isPending ? <Loading>Loading workers…</Loading> : state.error ? (
        <ErrorState title="Could not load the workers" message={errorMessage(state.error)} onRetry={() => void state.refetch()} />
      ) : state.data ? <WorkersView state={state.data} /> : <ErrorState title="No engine" message="This server does not report its run engine." />}
    </div>
  );
}
