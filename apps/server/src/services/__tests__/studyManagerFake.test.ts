/**
 * StudyManager with a stand-in run service (no workers). Pruning: the median pruner stops a trial whose running
 * mean of per-fold OOS Sharpe falls below the median of the complete trials at that step, and its run
 * is cancelled at once – no fold after the pruning step is produced. Resume: after a restart a trial whose run a
 * persistent pool still runs is followed to its end; one whose run died with the server is retried once.
 */
import { describe, expect, it } from 'vitest';
import { INTERRUPTED, createMemoryStorage } from '@skippy/core/hpo';
import { defaultConfig } from '@skippy/core/config';
import type { RunProgress, RunStatus } from '@skippy/core/reports';
import { memoryJobs } from './memoryJobs.ts';
import { AsyncQueue } from '../asyncQueue.ts';
import { StudyManager } from '../studyManager.ts';
import type { StudyRunService } from '../studyManager.ts';

/** Each run emits 4 folds, one every `ms` ms, each with OOS Sharpe = −|log10 l2| (best at l2 = 1); runs outlive a manager, as in a persistent pool. */
function fakeRuns(ms = 5) {
  const runs = new Map<string, { l2: number; folds: number; status: RunStatus; queue: AsyncQueue<RunProgress> | null; timer: NodeJS.Timeout | null; foldsAtCancel: number | null }>();
  let n = 0;
  const end = (id: string, status: RunStatus) => {
    const r = runs.get(id)!;
    if (r.timer) clearTimeout(r.timer);
    r.status = status;
    r.queue?.push({ runId: id, stage: status === 'done' ? 'done' : 'cancelled', percent: 100, status });
  };
  const service: StudyRunService = {
    start: ({ config }) => {
      const id = `run${n++}`;
      const r = { l2: (config.models.primary as { l2: number }).l2, folds: 0, status: 'running' as RunStatus, queue: null as AsyncQueue<RunProgress> | null, timer: null as NodeJS.Timeout | null, foldsAtCancel: null as number | null };
      runs.set(id, r);
      const tick = () => {
        if (r.folds === 4) { end(id, 'done'); return; }
        const index = r.folds++;
        r.queue?.push({ runId: id, stage: 'cv', percent: 50, status: 'running', partial: { fold: { index, oosSharpe: -Math.abs(Math.log10(r.l2)) } as never } });
        r.timer = setTimeout(tick, ms);
      };
      r.timer = setTimeout(tick, ms);
      return { id, status: 'queued' };
    },
    subscribe: (id, signal) => { const q = new AsyncQueue<RunProgress>(signal); runs.get(id!)!.queue = q; return q; },
    cancel: async (id) => { const r = runs.get(id)!; if (r.status === 'running') { r.foldsAtCancel = r.folds; end(id, 'cancelled'); } return r.status; },
    get: (id) => { const r = runs.get(id); return r ? ({ status: r.status }) as never : null; },
    report: (id) => ({ headline: { sharpe: -Math.abs(Math.log10(runs.get(id)!.l2)) } }) as never,
  };
  return { service, runs };
}

describe('StudyManager pruning', () => {
  it('a pruned trial is stored as pruned and its run cancelled right after the step it was pruned at', async () => {
    const storage = createMemoryStorage();
    const { service, runs } = fakeRuns();
    let clock = 1_700_000_000_000;
    const m = new StudyManager({ storage, jobs: memoryJobs(), runs: service, runsRoot: '/nonexistent', now: () => (clock += 1000) });
    m.start({ name: 'p', config: defaultConfig(), space: { 'models.primary.l2': { type: 'float', low: 0.001, high: 1000, log: true } }, nTrials: 14, parallel: 1, sampler: 'random', pruner: 'median', seed: 4 });
    await m.settled('p');
    const trials = storage.listTrials('p');
    expect(trials).toHaveLength(14);
    const pruned = trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(trials.slice(0, 5).every((t) => t.state === 'complete')).toBe(true); // median pruner: 5 startup trials
    for (const t of pruned) {
      const run = runs.get(t.runId!)!;
      const step = t.intermediate[t.intermediate.length - 1].step;
      expect(run.status).toBe('cancelled');
      expect(run.foldsAtCancel).toBe(step + 1);
      // below the median of the complete trials before it at that step (all folds equal, so the values themselves)
      const earlier = trials.filter((u) => u.state === 'complete' && u.finishedAt! < t.startedAt).map((u) => u.values![0]).sort((a, b) => a - b);
      const h = (earlier.length - 1) / 2, med = earlier[Math.floor(h)] + (h - Math.floor(h)) * ((earlier[Math.ceil(h)] ?? 0) - earlier[Math.floor(h)]);
      expect(t.values![0]).toBeLessThan(med);
      expect(step).toBe(0);
    }
    for (const t of trials.filter((u) => u.state === 'complete')) expect(runs.get(t.runId!)!.status).toBe('done');
    expect(m.view('p')).toMatchObject({ status: 'done', running: false });
  });
});

describe('StudyManager resume', () => {
  const start = (m: StudyManager) => m.start({ name: 'r', config: defaultConfig(), space: { 'models.primary.l2': { type: 'float', low: 0.001, high: 1000, log: true } }, nTrials: 3, parallel: 1, sampler: 'random', pruner: 'none', seed: 2 });
  const until = async (cond: () => boolean) => { for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 2)); expect(cond()).toBe(true); };

  it('a trial whose run a persistent pool still runs is followed to its end after a restart, not retried', async () => {
    const storage = createMemoryStorage(), jobs = memoryJobs();
    const { service, runs } = fakeRuns(20);
    const m1 = new StudyManager({ storage, jobs, runs: service, runsRoot: '/nonexistent' });
    start(m1);
    await until(() => storage.listTrials('r').some((t) => t.number === 1 && t.state === 'running' && t.runId !== null));
    m1.shutdown(); // the server stops; the pool keeps running trial 1's run
    const m2 = new StudyManager({ storage, jobs, runs: service, runsRoot: '/nonexistent' });
    expect(m2.resumeActive()).toEqual(['r']);
    await m2.settled('r');
    const trials = storage.listTrials('r');
    expect(trials.map((t) => [t.number, t.state, t.retryOf])).toEqual([[0, 'complete', null], [1, 'complete', null], [2, 'complete', null]]);
    expect(trials[1].values).toEqual([-Math.abs(Math.log10(runs.get(trials[1].runId!)!.l2))]);
    expect(trials[1].intermediate.map((p) => p.step)).toEqual([0, 1, 2, 3]);
    expect(runs.size).toBe(3);
    expect(m2.view('r')).toMatchObject({ status: 'done' });
  });

  it('a trial whose run ended with the server is failed as interrupted and retried once', async () => {
    const storage = createMemoryStorage(), jobs = memoryJobs();
    const { service, runs } = fakeRuns(20);
    const m1 = new StudyManager({ storage, jobs, runs: service, runsRoot: '/nonexistent' });
    start(m1);
    await until(() => storage.listTrials('r').some((t) => t.number === 1 && t.state === 'running' && t.runId !== null));
    m1.shutdown();
    await service.cancel(storage.listTrials('r')[1].runId!); // an embedded pool's run dies with its server
    const m2 = new StudyManager({ storage, jobs, runs: service, runsRoot: '/nonexistent' });
    m2.resumeActive();
    await m2.settled('r');
    const trials = storage.listTrials('r');
    expect(trials.map((t) => [t.number, t.state, t.retryOf])).toEqual([[0, 'complete', null], [1, 'failed', null], [2, 'complete', 1], [3, 'complete', null]]);
    expect(trials[1].error).toBe(INTERRUPTED);
    expect(trials[2].params).toEqual(trials[1].params);
    expect(runs.size).toBe(4);
  });
});
