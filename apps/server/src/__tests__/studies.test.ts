/**
 * studies.list|get: a study created with core's engine (openStudy + runTrials) in the server's own
 * database (openStudyStorage from @skippy/io/studies on <home>/skippy.db), read back over tRPC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { BENCHMARK_OBJECTIVES, TrialPrunedError, localTrialQueue, openStudy, runTrials } from '@skippy/core/hpo';
import { openDatabase } from '@skippy/io/db';
import { openStudyStorage } from '@skippy/io/studies';
import { createServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

let server: RunningServer;
let home: string;
let c: ReturnType<typeof createTRPCClient<AppRouter>>;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'skippy-studies-'));
  // written by a separate connection to the same file, as `skippy-train hpo:optuna --home` does
  const db = openDatabase(join(home, 'skippy.db'));
  const storage = openStudyStorage(db);
  let clock = 1_700_000_000_000;
  const now = () => (clock += 1000);
  const branin = BENCHMARK_OBJECTIVES['bench:branin'];
  const study = openStudy(storage, { name: 'bench-branin', directions: ['minimize'], space: branin.space, sampler: { kind: 'tpe' }, pruner: { kind: 'median', nStartupTrials: 100 }, seed: 3, objective: 'bench:branin' }, { now: now() });
  await runTrials(localTrialQueue(study, { nTrials: 8, now }), async (t) => {
    const v = branin.evaluate(t.params);
    for (let step = 0; step < 3; step++) {
      await t.reportOrPrune(step, v * (3 - step));
      if (t.number === 4 && step === 1) throw new TrialPrunedError(step);
    }
    if (t.number === 5) throw new Error('objective exploded');
    if (t.number === 6) await t.setRunId('r-trial-6');
    return v;
  });
  const pareto = openStudy(storage, { name: 'two:objectives@v1', directions: ['minimize', 'maximize'], space: { x: { type: 'float', low: 0, high: 1, log: false, step: null } }, sampler: { kind: 'random' }, pruner: { kind: 'none' }, seed: 1, objective: 'cmd:pareto' }, { now: now() });
  await runTrials(localTrialQueue(pareto, { nTrials: 6, now }), (t) => [Number(t.params.x), Number(t.params.x) ** 2]);
  const running = pareto.ask(now());
  expect(running?.state).toBe('running');
  db.close();
  server = await createServer({ port: 0, home, workers: 1, warmWorkers: false, webDist: join(home, 'no-web') });
  c = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.url}/trpc` })] });
});

afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('studies router', () => {
  it('studies.list() names each study with its objective, directions, sampler, pruner, trials by state and best value', async () => {
    const list = await c.studies.list.query();
    expect(list.map((s) => s.name).sort()).toEqual(['bench-branin', 'two:objectives@v1']);
    const b = list.find((s) => s.name === 'bench-branin')!;
    expect(b).toMatchObject({ objective: 'bench:branin', directions: ['minimize'], sampler: { kind: 'tpe' }, pruner: { kind: 'median' }, seed: 3, trials: 8, params: ['x1', 'x2'] });
    expect(b.counts).toEqual({ complete: 6, pruned: 1, failed: 1, running: 0 });
    expect(typeof b.bestValue).toBe('number');
    const p = list.find((s) => s.name === 'two:objectives@v1')!;
    expect(p.counts.running).toBe(1);
    expect(p.bestValue).toBeNull();
    expect(p.paretoSize).toBeGreaterThan(0);
  });

  it('studies.get({name}) returns every trial with params, values, intermediate values, duration, run id and error', async () => {
    const s = await c.studies.get.query({ name: 'bench-branin' });
    expect(Object.keys(s.space)).toEqual(['x1', 'x2']);
    expect(s.trialRows.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const done = s.trialRows.filter((t) => t.state === 'complete');
    expect(Math.min(...done.map((t) => t.values![0]!))).toBe(s.bestValue);
    expect(s.bestParams).toEqual(s.trialRows[s.bestTrial!].params);
    expect(s.trialRows[0].intermediate.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(s.trialRows[0].durationMs).toBeGreaterThan(0);
    expect(s.trialRows[4]).toMatchObject({ state: 'pruned', values: [s.trialRows[4].intermediate[1].value] });
    expect(s.trialRows[5]).toMatchObject({ state: 'failed', values: null, error: 'objective exploded' });
    expect(s.trialRows[6]).toMatchObject({ state: 'complete', runId: 'r-trial-6' });
  });

  it('studies.get({name}) of a two-objective study carries its Pareto front and the running trial', async () => {
    const s = await c.studies.get.query({ name: 'two:objectives@v1' });
    expect(s.directions).toEqual(['minimize', 'maximize']);
    expect(s.paretoFront.length).toBeGreaterThan(0);
    const running = s.trialRows.filter((t) => t.state === 'running');
    expect(running).toHaveLength(1);
    expect(running[0].durationMs).toBeNull();
  });

  it('studies.get({name}) of an unknown study is NOT_FOUND with the name; a malformed name is BAD_REQUEST', async () => {
    const e1 = await c.studies.get.query({ name: 'nope' }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TRPCClientError);
    expect((e1 as TRPCClientError<AppRouter>).data?.code).toBe('NOT_FOUND');
    expect((e1 as Error).message).toMatch(/study "nope" not found/);
    for (const name of ['', 'a b', 'x'.repeat(101), '../etc']) {
      const e = await c.studies.get.query({ name }).catch((err: unknown) => err);
      expect((e as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
      expect((e as Error).message).toMatch(/name: expected a study name/);
    }
  });
});
