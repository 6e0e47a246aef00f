import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCHMARK_OBJECTIVES, INTERRUPTED, localTrialQueue, openStudy, runTrials } from '@skippy/core/hpo';
import type { StudyDefinition } from '@skippy/core/hpo';
import { openDatabase } from '../../db/index.ts';
import { openStudyStorage, deleteStudy, STUDY_MIGRATIONS } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-studies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bench = BENCHMARK_OBJECTIVES['bench:branin'];
const def: StudyDefinition = { name: 'b', directions: ['minimize'], space: bench.space, sampler: { kind: 'tpe' }, pruner: { kind: 'median' }, seed: 7, objective: 'bench:branin' };

describe('openStudyStorage(db)', () => {
  it('stores trials with params, state, intermediate values, timings and run ids', () => {
    const db = openDatabase(':memory:');
    const s = openStudyStorage(db);
    s.createStudy({ ...def, createdAt: 1 });
    const t = s.createTrial('b', { params: { x1: 1, x2: 2 }, startedAt: 10, retryOf: null });
    s.reportIntermediate('b', t.number, 0, 0.5);
    s.reportIntermediate('b', t.number, 1, NaN);
    s.setRunId('b', t.number, 'r1');
    s.finishTrial('b', t.number, { state: 'pruned', values: [0.5], finishedAt: 20, error: null });
    expect(() => s.finishTrial('b', t.number, { state: 'complete', values: [1], finishedAt: 21, error: null })).toThrow(/not running/);
    expect(s.listTrials('b')).toEqual([{ number: 0, state: 'pruned', params: { x1: 1, x2: 2 }, values: [0.5], intermediate: [{ step: 0, value: 0.5 }, { step: 1, value: NaN }], startedAt: 10, finishedAt: 20, runId: 'r1', error: null, retryOf: null }]);
    expect(s.getStudy('b')).toMatchObject({ name: 'b', space: bench.space, directions: ['minimize'] });
    expect(deleteStudy(db, 'b')).toBe(true);
    db.close();
  });

  it('a study survives a crash: reopened from disk, the running trial is failed and retried once, finished trials are not repeated', async () => {
    const path = join(dir, 'skippy.db');
    let db = openDatabase(path);
    const a = openStudy(openStudyStorage(db), def, { now: 0 });
    await runTrials(localTrialQueue(a, { nTrials: 12, now: () => 0 }), (t) => bench.evaluate(t.params));
    const stuck = a.ask(1)!;
    db.close(); // the process dies with trial 12 running
    db = openDatabase(path);
    const b = openStudy(openStudyStorage(db), def, { now: 2 });
    const before = b.trials();
    expect(before[12]).toMatchObject({ state: 'failed', error: INTERRUPTED });
    await runTrials(localTrialQueue(b, { nTrials: 15, now: () => 3 }), (t) => bench.evaluate(t.params));
    const after = b.trials();
    expect(after.slice(0, 12)).toEqual(before.slice(0, 12));
    expect(after[13]).toMatchObject({ retryOf: 12, state: 'complete', params: stuck.params });
    expect(after.filter((t) => t.state === 'complete')).toHaveLength(15);
    db.close();
  });

  it('with the same seed, a resumed study equals an uninterrupted one trial by trial', async () => {
    const mk = () => openStudyStorage(openDatabase(':memory:'));
    const one = openStudy(mk(), def, { now: 0 });
    await runTrials(localTrialQueue(one, { nTrials: 16, now: () => 0 }), (t) => bench.evaluate(t.params));
    const store = mk();
    await runTrials(localTrialQueue(openStudy(store, def, { now: 0 }), { nTrials: 9, now: () => 0 }), (t) => bench.evaluate(t.params));
    const two = openStudy(store, def, { now: 0 });
    await runTrials(localTrialQueue(two, { nTrials: 16, now: () => 0 }), (t) => bench.evaluate(t.params));
    expect(two.trials().map((t) => t.params)).toEqual(one.trials().map((t) => t.params));
  });

  it('keeps the sampler streams\' positions with each trial; a database of schema 3 (no stream_draws) opens and its trials read as before', () => {
    const db = openDatabase(':memory:');
    const s = openStudyStorage(db);
    s.createStudy({ ...def, createdAt: 1 });
    expect(s.createTrial('b', { params: { x1: 1, x2: 2 }, startedAt: 10, retryOf: null, streamDraws: [336, 4] }).streamDraws).toEqual([336, 4]);
    expect(s.createTrial('b', { params: { x1: 1, x2: 2 }, startedAt: 11, retryOf: 0 }).streamDraws).toBeUndefined();
    expect(s.listTrials('b').map((t) => t.streamDraws)).toEqual([[336, 4], undefined]);
    db.close();

    const old = openDatabase(':memory:');
    old.raw.exec('CREATE TABLE study_schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL, description TEXT NOT NULL)');
    for (const m of STUDY_MIGRATIONS.filter((x) => x.version <= 3)) { old.raw.exec(m.up); old.raw.prepare('INSERT INTO study_schema_version VALUES (?, 0, ?)').run(m.version, m.description); }
    old.raw.prepare("INSERT INTO hpo_studies VALUES ('b', 1, '[\"minimize\"]', ?, '{\"kind\":\"tpe\"}', '{\"kind\":\"none\"}', 7, 'bench:branin', NULL)").run(JSON.stringify(bench.space));
    old.raw.prepare("INSERT INTO hpo_trials (study, number, state, params, \"values\", started_at, finished_at) VALUES ('b', 0, 'complete', '{\"x1\":1,\"x2\":2}', '[3]', 5, 6)").run();
    const migrated = openStudyStorage(old);
    expect(migrated.listTrials('b')).toEqual([{ number: 0, state: 'complete', params: { x1: 1, x2: 2 }, values: [3], intermediate: [], startedAt: 5, finishedAt: 6, runId: null, error: null, retryOf: null }]);
    // an old study resumes: its streams start from the seed (no stored position)
    const st = openStudy(migrated, { ...def, pruner: { kind: 'none' } }, { now: 7 });
    expect(st.ask(8)!.streamDraws).toEqual([0, 4]);
    old.close();
  });
});
