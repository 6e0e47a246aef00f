import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { isUserInputError } from '@skippy/core';
import { loadData } from '@skippy/core/pipeline';
import { frozenModel, replayParity } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { openPaperStore } from '@skippy/io/paper';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { PaperManager } from '../services/paperManager.ts';
import { appRouter } from '../trpc/router.ts';
import type { Context } from '../trpc/trpc.ts';
import type { PaperView } from '../services/paperManager.ts';
import { paperTestHome, storeFrozenRun, untilSession } from './paperHarness.ts';

const { home, runsRoot, db, close } = paperTestHome('skippy-paper-book-server-');
let frozen: FrozenArtifact;
afterAll(close);

beforeAll(async () => {
  // the default config: microstructure on (spread_pct, depth_imbalance, ofi, mlofi), one synthetic day with a planted edge
  ({ frozen } = await storeFrozenRun(runsRoot, { name: 'paperbook', data: { synthetic: { days: 1, edge: { strength: 0.3 } } }, evaluation: { n_splits: 3, cscv_partitions: 8 } }, 'book1'));
}, 120_000);

// persisted at most every 250 ms (and on shutdown): the state carries the book fed so far
const manager = () => new PaperManager({ store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), persistEveryMs: 250 });
const until = (m: PaperManager, id: string, pred: (v: PaperView) => boolean) => untilSession(m, id, pred, 4000);

describe('PaperManager on a run whose features read the L2 book', () => {
  it('a replay fed the run\'s book, restarted mid-session, ends with the uninterrupted result and fill_mismatches 0; a live start without websocket books is refused', async () => {
    expect(frozen.featureNames).toEqual(expect.arrayContaining(['spread_pct', 'ofi']));
    const m1 = manager();
    const events = m1.subscribe(null);
    const v = await m1.start({ runId: 'book1', feed: 'replay', speed: Infinity });
    let steps = 0;
    for await (const e of events) if (e.kind === 'step' && ++steps === 40) break;
    await m1.shutdown();
    expect(m1.get(v.id)!.status).toBe('running');
    const m2 = manager();
    expect(await m2.resumeRunning()).toEqual([v.id]);
    const done = await until(m2, v.id, (x) => x.status === 'done');
    const d = loadData(frozen.config, null);
    const direct = await replayParity(frozen, frozenModel(frozen.model), d.bars, { funding: d.funding!, openInterest: d.openInterest!, sentiment: d.sentiment!, snapshots: d.snapshots!, events: d.events! });
    expect(direct.drift.fillMismatches).toBe(0);
    expect(done.summary.bars).toBe(direct.summary.bars);
    expect(done.summary.fills).toBe(direct.summary.fills);
    expect(done.summary.fills).toBeGreaterThan(10);
    expect(done.summary.equity).toBe(direct.summary.equity);
    expect(done.health.parity).toMatchObject({ fillMismatches: 0, flags: [] });
    // a server whose live sessions poll REST only (no websocket order books) refuses a book-feature run (the websocket path: paperLive.test.ts)
    const rest = new PaperManager({ store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), liveWebsocket: false });
    const live = await rest.start({ runId: 'book1', feed: 'live', speed: 1 }).catch((x: unknown) => x);
    expect(isUserInputError(live)).toBe(true);
    expect((live as Error).message).toMatch(/^run features: a feed that delivers the L2 book .*spread_pct/);

    // the HTTP wire format `skippy-train paper status|stop --server` relies on (apps/cli/src/commands/paperRemote.ts):
    // queries GET /trpc/<path>?input=<JSON> → {result: {data}}, mutations POST JSON, refusals {error: {message, data: {code}}}
    const app = express();
    app.use('/trpc', express.json(), createExpressMiddleware({ router: appRouter, createContext: () => ({ services: { paper: m2 } as unknown as Context['services'] }) }));
    const http = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => http.once('listening', () => r()));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/trpc`;
    try {
      const got = await (await fetch(`${base}/paper.get?input=${encodeURIComponent(JSON.stringify({ id: v.id }))}`)).json() as { result: { data: PaperView } };
      expect(got.result.data.summary.fills).toBe(done.summary.fills);
      expect(got.result.data.health.parity!.fillMismatches).toBe(0);
      const list = await (await fetch(`${base}/paper.list?input=${encodeURIComponent(JSON.stringify({ limit: 100 }))}`)).json() as { result: { data: { id: string }[] } };
      expect(list.result.data.some((r) => r.id === v.id)).toBe(true);
      const res = await fetch(`${base}/paper.stop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: v.id }) });
      expect(res.status).toBe(400);
      const err = await res.json() as { error: { message: string; data: { code: string } } };
      expect(err.error.data.code).toBe('BAD_REQUEST');
      expect(err.error.message).toMatch(/^stop: a running or paused session, got ".* is done"/);
      const nf = await fetch(`${base}/paper.get?input=${encodeURIComponent(JSON.stringify({ id: 'p404' }))}`);
      expect(nf.status).toBe(404);
      expect((await nf.json() as { error: { data: { code: string } } }).error.data.code).toBe('NOT_FOUND');
    } finally {
      await new Promise<void>((r) => http.close(() => r()));
      await m2.shutdown();
    }
  }, 90_000);
});
