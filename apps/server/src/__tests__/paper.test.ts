import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isUserInputError } from '@skippy/core';
import { validateConfig } from '@skippy/core/config';
import { runExperiment, loadData } from '@skippy/core/pipeline';
import { frozenModel, replayParity } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { runArtifactDir, writeRunReport } from '@skippy/io/artifacts';
import { openPaperStore, writeFrozenArtifact } from '@skippy/io/paper';
import { PaperManager } from '../services/paperManager.ts';
import { appRouter } from '../trpc/router.ts';
import type { Context } from '../trpc/trpc.ts';
import type { PaperView } from '../services/paperManager.ts';

const home = mkdtempSync(join(tmpdir(), 'skippy-paper-server-'));
const runsRoot = join(home, 'runs');
const db = new Database(join(home, 'skippy.db'));
let frozen: FrozenArtifact;
afterAll(() => { db.close(); rmSync(home, { recursive: true, force: true }); });

beforeAll(async () => {
  const r = validateConfig({ name: 'paper', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } });
  if (!r.ok) throw new Error('config');
  let c = 0;
  const res = await runExperiment(r.config, null, { now: () => ++c, runId: 'run1' });
  const dir = runArtifactDir(runsRoot, 'run1');
  writeRunReport(dir, res.report);
  writeFrozenArtifact(dir, res.frozen!);
  frozen = res.frozen!;
}, 120_000);

const manager = () => new PaperManager({ store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), persistEveryMs: 0 });
async function until(m: PaperManager, id: string, pred: (v: PaperView) => boolean): Promise<PaperView> {
  for (let k = 0; k < 2000; k++) {
    const v = m.get(id)!;
    if (pred(v)) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`session ${id} never reached the state (status ${m.get(id)?.status})`);
}

describe('PaperManager (server paper sessions, SQLite-persisted)', () => {
  it('a restart mid-session loses nothing: the new server resumes from the stored state and ends with the uninterrupted result (fill_mismatches 0)', async () => {
    const m1 = manager();
    const events = m1.subscribe(null);
    const v = await m1.start({ runId: 'run1', feed: 'replay', speed: Infinity });
    let steps = 0;
    for await (const e of events) if (e.kind === 'step' && ++steps === 40) break;
    await m1.shutdown(); // the server goes away mid-session
    const stored = m1.get(v.id)!;
    expect(stored.summary.bars).toBeGreaterThanOrEqual(40);
    expect(stored.status).toBe('running');
    const m2 = manager();
    expect(await m2.resumeRunning()).toEqual([v.id]);
    const done = await until(m2, v.id, (x) => x.status === 'done');
    const d = loadData(frozen.config, null); // the run's market with its funding series (the engine charges funding as in the run)
    const direct = await replayParity(frozen, frozenModel(frozen.model), d.bars, { ...(d.funding ? { funding: d.funding } : {}), ...(d.openInterest ? { openInterest: d.openInterest } : {}), ...(d.sentiment ? { sentiment: d.sentiment } : {}) });
    expect(done.summary.funding).not.toBe(0); // the replay was fed the run's funding
    expect(done.summary.bars).toBe(direct.summary.bars);
    expect(done.summary.equity).toBe(direct.summary.equity);
    expect(done.summary.fills).toBe(direct.summary.fills);
    expect(done.fills.map((f) => f.price)).toEqual(direct.drift.rows.map((r) => r.paper!.price).slice(-done.fills.length));
    expect(done.health.parity).toMatchObject({ fillMismatches: 0, flags: [] });
    expect(done.equity.ts.length).toBe(done.summary.bars);
    expect(done.equity.drawdown.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(done.tca.orders).toBe(done.summary.orders);
  }, 60_000);

  it('pause / resume / stop, and bad commands are refused without touching the session', async () => {
    const m = manager();
    const events = m.subscribe(null);
    const v = await m.start({ runId: 'run1', feed: 'replay', speed: Infinity });
    let steps = 0;
    for await (const e of events) if (e.kind === 'step' && e.id === v.id && ++steps === 10) break;
    const paused = await m.pause(v.id);
    expect(paused.status).toBe('paused');
    const before = JSON.stringify(m.get(v.id)!.summary);
    for (const bad of [() => m.pause(v.id), () => m.start({ runId: 'nope', feed: 'replay', speed: 1 }), () => m.start({ runId: '../x', feed: 'replay', speed: 1 })]) {
      const e = await bad().catch((x: unknown) => x);
      expect(isUserInputError(e), String(e)).toBe(true);
    }
    expect(JSON.stringify(m.get(v.id)!.summary)).toBe(before);
    await m.resume(v.id);
    const done = await until(m, v.id, (x) => x.status === 'done');
    expect(done.health.parity!.fillMismatches).toBe(0);
    const e = await m.stop(v.id).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/^stop: a running or paused session, got ".* is done"/);
    expect(m.list().find((r) => r.id === v.id)?.status).toBe('done');
    const noFrozen = await m.start({ runId: 'run2', feed: 'replay', speed: 1 }).catch((x: unknown) => x);
    expect((noFrozen as Error).message).toMatch(/^run run2: a finished supervised run with frozen\.json/);
    await m.shutdown();
  }, 60_000);

  it('paper.* over tRPC: inputs checked by zod (400 naming the field), UserInputErrors as 400, unknown sessions 404', async () => {
    const m = manager();
    const caller = appRouter.createCaller({ services: { paper: m } as unknown as Context['services'] });
    const codeOf = async (p: Promise<unknown>) => { const e = await p.catch((x: unknown) => x) as { code?: string; message?: string }; return `${e.code}: ${e.message}`; };
    expect(await codeOf(caller.paper.start({ runId: 'run1', feed: 'replay', speed: 5000 }))).toMatch(/^BAD_REQUEST: [\s\S]*speed/);
    expect(await codeOf(caller.paper.start({ runId: '../etc', feed: 'replay', speed: 1 }))).toMatch(/^BAD_REQUEST: [\s\S]*run id/);
    expect(await codeOf(caller.paper.start({ runId: 'run2', feed: 'replay', speed: 1 }))).toMatch(/^BAD_REQUEST: run run2: a finished supervised run with frozen\.json/);
    expect(await codeOf(caller.paper.get({ id: 'p404' }))).toMatch(/^NOT_FOUND/);
    const v = await caller.paper.start({ runId: 'run1', feed: 'replay', speed: 'max' });
    const done = await until(m, v.id, (x) => x.status === 'done');
    expect((await caller.paper.get({ id: v.id })).summary.fills).toBe(done.summary.fills);
    expect((await caller.paper.list({ limit: 10 })).some((r) => r.id === v.id)).toBe(true);
    expect(await codeOf(caller.paper.pause({ id: v.id }))).toMatch(/^BAD_REQUEST: pause: a running session/);
    await m.shutdown();
  }, 60_000);
});
