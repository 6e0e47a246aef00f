/**
 * useRunStream(runId, active) – follows a run's progress subscription (SSE). Equity points are
 * appended to growing Float64Arrays outside React state; the component re-renders at most every
 * `throttleMs` (the first event after a quiet spell, and the first equity point, at once),
 * so a fast stream never floods the main thread.
 */
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { skipToken } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { FoldResult, PolicyHistoryPoint, RunProgress } from '@skippy/core/reports';
import { trpc } from '../trpc.ts';
import { createThrottle } from './throttle.ts';

export interface RunStreamState {
  stage: RunProgress['stage'] | null;
  percent: number;
  message: string | null;
  /** Equity so far (views of length `points`). */
  ts: Float64Array;
  equity: Float64Array;
  points: number;
  folds: FoldResult[];
  /** Training points streamed while the walk-forward models train (the last 2,000). */
  training: TrainingPoint[];
  /** A PPO run's training points (core buckets them: ≤ 200 per window and agent), catch-up snapshot included. */
  policy: Partial<PolicyHistoryPoint>[];
  /** Terminal status once the stream ended. */
  finished: RunProgress['status'] | null;
  /** Wall-clock ms (performance.now) when the first equity point arrived. */
  firstPointAt: number | null;
  connection: 'idle' | 'connecting' | 'pending' | 'error';
}

/** One streamed training point of a supervised model (iteration / epoch). */
export type TrainingPoint = NonNullable<NonNullable<RunProgress['partial']>['training']>;

/** Policy points kept on the page (the server keeps 12,800 for a late subscriber). */
const MAX_POLICY_POINTS = 20_000;

class Growable {
  ts = new Float64Array(4096);
  eq = new Float64Array(4096);
  n = 0;
  push(t: number, e: number) {
    if (this.n === this.ts.length) {
      const ts = new Float64Array(this.ts.length * 2); ts.set(this.ts); this.ts = ts;
      const eq = new Float64Array(this.eq.length * 2); eq.set(this.eq); this.eq = eq;
    }
    // a reconnect replays the snapshot: skip points we already have
    if (this.n > 0 && t <= this.ts[this.n - 1]) return;
    this.ts[this.n] = t; this.eq[this.n] = e; this.n++;
  }
}

export function useRunStream(runId: string, active: boolean, throttleMs = 300): RunStreamState {
  const qc = useQueryClient();
  const buf = useRef(new Growable());
  const meta = useRef({ stage: null as RunStreamState['stage'], percent: 0, message: null as string | null, folds: [] as FoldResult[], training: [] as TrainingPoint[], policy: [] as Partial<PolicyHistoryPoint>[], finished: null as RunStreamState['finished'], firstPointAt: null as number | null });
  const [tick, setTick] = useState(0);
  const throttle = useRef<ReturnType<typeof createThrottle> | null>(null);
  throttle.current ??= createThrottle(() => setTick((t) => t + 1), throttleMs);
  const schedule = () => throttle.current!.request();
  useEffect(() => () => throttle.current?.cancel(), []);

  const sub = useSubscription(trpc.runs.onProgress.subscriptionOptions(active ? { runId } : skipToken, {
    onData: (ev) => {
      const m = meta.current;
      m.stage = ev.stage;
      m.percent = ev.percent;
      m.message = ev.message ?? null;
      const pts = ev.partial?.equityPoints;
      if (pts && pts.length) {
        if (m.firstPointAt === null) {
          m.firstPointAt = performance.now();
          performance.mark('skippy:first-equity-point', { detail: { runId } });
          // progress events keep the throttle window busy: the first point is drawn at once, not up to throttleMs later
          throttle.current!.flush();
        }
        for (const p of pts) buf.current.push(p.ts, p.equity);
      }
      const tp = ev.partial?.training;
      if (tp) { m.training.push(tp); if (m.training.length > 2000) m.training = m.training.slice(-2000); }
      // policy points: a new array when they change, so memoised chart preparation sees them
      const pp = [...(ev.partial?.policyHistory ?? []), ...(ev.partial?.policy ? [ev.partial.policy as Partial<PolicyHistoryPoint>] : [])];
      if (pp.length && m.policy.length < MAX_POLICY_POINTS) m.policy = [...m.policy, ...pp].slice(0, MAX_POLICY_POINTS);
      const fold = ev.partial?.fold;
      if (fold && !m.folds.some((f) => f.index === fold.index)) m.folds = [...m.folds, fold].sort((a, b) => a.index - b.index);
      if (ev.status && ev.status !== 'running' && ev.status !== 'queued') {
        m.finished = ev.status;
        performance.mark('skippy:run-finished', { detail: { runId, status: ev.status } });
        void qc.invalidateQueries(trpc.runs.get.queryFilter({ id: runId }));
        void qc.invalidateQueries(trpc.runs.list.pathFilter());
        void qc.invalidateQueries(trpc.reports.get.queryFilter({ id: runId }));
      }
      schedule();
    },
  }));

  void tick;
  const b = buf.current;
  const m = meta.current;
  return {
    stage: m.stage, percent: m.percent, message: m.message,
    ts: b.ts.subarray(0, b.n), equity: b.eq.subarray(0, b.n), points: b.n,
    folds: m.folds, training: m.training, policy: m.policy, finished: m.finished, firstPointAt: m.firstPointAt, connection: sub.status,
  };
}
