/**
 * Studies run by the server (studies.start|stop): a small synthetic config, a few trials as real runs
 * in the worker pool with parallel 2, per-fold OOS Sharpe as intermediate values, bad input as one
 * 400 line, and a server stop in the middle of a study resumed by the next server (the trial caught
 * running is failed as interrupted and retried once; finished trials are kept).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { INTERRUPTED } from '@skippy/core/hpo';
import { openStudyStorage } from '@skippy/io/studies';
import { readTableParquet } from '@skippy/io';
import { runArtifactDir } from '@skippy/io/artifacts';
import { createServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

/** 1 synthetic day, 3 folds, 8 CSCV partitions: a run takes about a second. */
const TINY = { name: 'tiny', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
const SPACE = { 'models.primary.l2': { type: 'float' as const, low: 0.01, high: 10, log: true } };

let home: string;
let server: RunningServer;
let c: ReturnType<typeof createTRPCClient<AppRouter>>;

async function boot(): Promise<void> {
  server = await createServer({ port: 0, home, workers: 2, webDist: join(home, 'no-web') });
  c = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.url}/trpc` })] });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'skippy-study-manager-'));
  await boot();
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('studies.start|stop on the server', () => {
  it('runs the trials as runs in the pool, two in flight, each valued by its run\'s OOS Sharpe with per-fold intermediate values', async () => {
    const started = await c.studies.start.mutate({ name: 'srv-l2', config: TINY, space: SPACE, trials: 4, parallel: 2, sampler: 'random', pruner: 'none', seed: 5 });
    expect(started).toMatchObject({ study: 'srv-l2', status: 'active', nTrials: 4, parallel: 2, running: true });
    await server.studies.settled('srv-l2');
    const s = await c.studies.get.query({ name: 'srv-l2' });
    expect(s.job).toMatchObject({ status: 'done', running: false });
    expect(s.objective).toBe('run:oos_sharpe_after_costs');
    expect(s.trialRows.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    // two in flight: trial 1 started before trial 0 finished
    expect(s.trialRows[1].startedAt).toBeLessThan(s.trialRows[0].finishedAt!);
    for (const t of s.trialRows) {
      const run = await c.runs.get.query({ id: t.runId! });
      expect(run.status).toBe('done');
      expect(run.config.models.primary).toMatchObject({ kind: 'logistic', l2: t.params['models.primary.l2'] });
      const report = await c.reports.get.query({ id: t.runId! }) as unknown as { headline: { sharpe: number } };
      expect(t.values).toEqual([report.headline.sharpe]);
      // intermediate value at step = fold index: running mean of the folds' OOS Sharpe (the run's stored fold events)
      const folds = run.events.filter((e) => e.kind === 'fold').map((e) => e.data as { index: number; oosSharpe: number | null });
      expect(folds.length).toBe(3);
      let sum = 0, k = 0;
      const expected = folds.flatMap((f) => (f.oosSharpe === null ? [] : [{ step: f.index, value: (sum += f.oosSharpe) / ++k }]));
      expect(t.intermediate.map((p) => p.step)).toEqual(expected.map((p) => p.step));
      t.intermediate.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i].value, 12));
    }
    expect(s.bestValue).toBe(Math.max(...s.trialRows.map((t) => t.values![0]!)));
  }, 120_000);

  it('answers 400 with one line for a bad space or setting, 404 to stop an unknown study', async () => {
    const bad = async (input: Record<string, unknown>) => {
      const e = await c.studies.start.mutate({ name: 'bad', config: TINY, space: SPACE, trials: 3, ...input } as never).catch((x: unknown) => x) as TRPCClientError<AppRouter>;
      expect(e).toBeInstanceOf(TRPCClientError);
      expect(e.data?.httpStatus).toBe(400);
      expect(e.message).not.toContain('\n');
      return e.message;
    };
    expect(await bad({ space: { 'models.primary.l2': { type: 'float', low: 10, high: 1 } } })).toBe('space.models.primary.l2: expected low < high (an empty or inverted range), got "low 10, high 1"');
    expect(await bad({ space: { 'models.primary.l2': { type: 'float', low: 0, high: 1, log: true } } })).toBe('space.models.primary.l2.low: expected a positive lower bound on a log scale, got 0');
    expect(await bad({ space: { 'models.primary.nope': { type: 'float', low: 0, high: 1 } } })).toMatch(/^space\.models\.primary\.nope: expected a dotted path to an existing config setting/);
    expect(await bad({ space: { 'data.synthetic.days': { type: 'int', low: 1, high: 3 } } })).toMatch(/^space\.data\.synthetic\.days: expected a dotted path to an existing config setting outside data/);
    expect(await bad({ space: { 'models.primary.kind': { choices: ['logistic'] } } })).toMatch(/^space\.models\.primary\.kind\.choices: expected at least two choices/);
    expect(await bad({ space: { '__proto__.x': { type: 'float', low: 0, high: 1 } } })).toMatch(/^space\.__proto__\.x: expected a dotted path to an existing config setting/);
    expect(await bad({ trials: 0 })).toMatch(/^trials: expected at least 1 trial/);
    expect(await bad({ parallel: 17 })).toMatch(/^parallel: expected at most 16 trials in flight/);
    expect(await bad({ sampler: 'cmaes' })).toMatch(/^sampler: expected tpe, random or grid/);
    // the same name with a different space
    expect(await bad({ name: 'srv-l2', space: { 'models.primary.max_iter': { type: 'int', low: 10, high: 50 } } })).toMatch(/^--study: study "srv-l2" exists with a different search space/);
    const e = await c.studies.stop.mutate({ name: 'never-started' }).catch((x: unknown) => x) as TRPCClientError<AppRouter>;
    expect(e.data?.httpStatus).toBe(404);
  });

  it('a server stop mid-study leaves the trial running; the next server fails it as interrupted, retries it once and finishes the budget', async () => {
    await c.studies.start.mutate({ name: 'srv-resume', config: TINY, space: SPACE, trials: 3, parallel: 1, sampler: 'tpe', pruner: 'median', seed: 9 });
    const trials = () => openStudyStorage(server.db).listTrials('srv-resume');
    await until(() => trials().some((t) => t.number === 1 && t.state === 'running' && t.runId !== null));
    await server.close();
    await boot();
    await server.studies.settled('srv-resume');
    const s = await c.studies.get.query({ name: 'srv-resume' });
    expect(s.job).toMatchObject({ status: 'done', running: false });
    const rows = s.trialRows.map((t) => ({ number: t.number, state: t.state, error: t.error, retryOf: t.retryOf }));
    expect(rows).toEqual([
      { number: 0, state: 'complete', error: null, retryOf: null },
      { number: 1, state: 'failed', error: INTERRUPTED, retryOf: null },
      { number: 2, state: 'complete', error: null, retryOf: 1 },
      { number: 3, state: 'complete', error: null, retryOf: null },
    ]);
    expect(s.trialRows[2].params).toEqual(s.trialRows[1].params);
    expect((await c.runs.get.query({ id: s.trialRows[1].runId! })).status).toBe('interrupted');
  }, 180_000);

  it('studies.stop cancels the runs in flight and starts no new trial', async () => {
    await c.studies.start.mutate({ name: 'srv-stop', config: TINY, space: SPACE, trials: 50, parallel: 2, sampler: 'random', pruner: 'none', seed: 2 });
    const trials = () => openStudyStorage(server.db).listTrials('srv-stop');
    await until(() => trials().filter((t) => t.state === 'running' && t.runId !== null).length === 2);
    const stopped = await c.studies.stop.mutate({ name: 'srv-stop' });
    expect(stopped).toMatchObject({ status: 'stopped', running: false });
    const ts = trials();
    expect(ts.length).toBeLessThan(50);
    expect(ts.every((t) => t.state !== 'running')).toBe(true);
    const cancelled = ts.filter((t) => t.state === 'failed');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const t of cancelled) {
      expect(t.error).toBe('stopped: the study was stopped while this trial ran');
      expect((await c.runs.get.query({ id: t.runId! })).status).toBe('cancelled');
    }
  }, 120_000);

  it('nested evaluation: trials select on the data before outerFrom; the best is run on the whole range and reported from outerFrom on', async () => {
    const config = { name: 'nested', data: { synthetic: { days: 3 }, range: { start: '2024-01-01' } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
    const e = await c.studies.start.mutate({ name: 'srv-nested', config, space: SPACE, trials: 2, outerFrom: '2023-12-31' }).catch((x: unknown) => x) as TRPCClientError<AppRouter>;
    expect(e.data?.httpStatus).toBe(400);
    expect(e.message).toBe('outerFrom: expected a day after data.range.start (2024-01-01), got "2023-12-31"');
    await c.studies.start.mutate({ name: 'srv-nested', config, space: SPACE, trials: 2, parallel: 2, sampler: 'random', pruner: 'none', seed: 1, outerFrom: '2024-01-03' });
    await server.studies.settled('srv-nested');
    const s = await c.studies.get.query({ name: 'srv-nested' });
    expect(s.job).toMatchObject({ status: 'done', outerFrom: '2024-01-03' });
    const cut = Date.parse('2024-01-03');
    for (const t of s.trialRows) {
      expect((await c.runs.get.query({ id: t.runId! })).config.data.range.end).toBe('2024-01-03');
      const oos = await readTableParquet(join(runArtifactDir(join(server.home, 'runs'), t.runId!), 'oos_returns.parquet'));
      expect(Math.max(...(oos.columns.ts as Float64Array))).toBeLessThan(cut);
    }
    const n = s.job!.nested!;
    expect(n).toMatchObject({ outerFrom: '2024-01-03', innerBestTrial: s.bestTrial, innerBestValue: s.bestValue, error: null });
    const outer = await c.runs.get.query({ id: n.outerRun! });
    expect(outer.config.data.range.end).toBeNull();
    expect(outer.config.models.primary).toMatchObject({ l2: s.bestParams!['models.primary.l2'] });
    // the outer figure by hand: mean / sample SD × √periodsPerYear of the outer run's OOS returns from the cut on
    const tab = await readTableParquet(join(runArtifactDir(join(server.home, 'runs'), n.outerRun!), 'oos_returns.parquet'));
    const ts = tab.columns.ts as Float64Array;
    const w = Array.from(tab.columns.r as Float64Array).filter((_, i) => ts[i] >= cut);
    expect(w.length).toBe(n.outerBars);
    const mean = w.reduce((x, y) => x + y, 0) / w.length, sd = Math.sqrt(w.reduce((x, y) => x + (y - mean) ** 2, 0) / (w.length - 1));
    const report = await c.reports.get.query({ id: n.outerRun! }) as unknown as { headline: { periodsPerYear: number } };
    expect(n.outerSharpe).toBeCloseTo((mean / sd) * Math.sqrt(report.headline.periodsPerYear), 9);
  }, 180_000);
});
