import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { isUserInputError } from '@skippy/core';
import { loadData } from '@skippy/core/pipeline';
import { frozenModel, replayParity } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { openPaperStore, startMockExchange } from '@skippy/io/paper';
import type { BarSeries } from '@skippy/core';
import { PaperManager } from '../services/paperManager.ts';
import { appRouter } from '../trpc/router.ts';
import type { Context } from '../trpc/trpc.ts';
import type { PaperView } from '../services/paperManager.ts';
import { paperTestHome, storeFrozenRun, untilSession } from './paperHarness.ts';

const { home, runsRoot, db, close } = paperTestHome('skippy-paper-server-');
let frozen: FrozenArtifact;
afterAll(close);

beforeAll(async () => {
  ({ frozen } = await storeFrozenRun(runsRoot, { name: 'paper', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } }, 'run1'));
}, 120_000);

const manager = () => new PaperManager({ store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), persistEveryMs: 0 });
const until = (m: PaperManager, id: string, pred: (v: PaperView) => boolean) => untilSession(m, id, pred);

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

  it('a live session on the mock exchange: warm-up from its recent bars, closed bars as they close, a restart during a 10-minute outage back-fills every missed bar once', async () => {
    const MIN = 60_000, n = 1400, T0 = Date.UTC(2024, 2, 1);
    const walk = (symbol: string, p0: number): BarSeries => {
      const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
      let p = p0;
      for (let i = 0; i < n; i++) { ts[i] = T0 + i * MIN; open[i] = p; p *= 1 + 0.002 * Math.sin(i * 0.7 + p0) + 0.001 * Math.cos(i * 1.3); close[i] = p; high[i] = Math.max(open[i], p) * 1.0003; low[i] = Math.min(open[i], p) * 0.9997; volume[i] = 10 + (i % 9); }
      return { symbol, intervalMs: MIN, ts, open, high, low, close, volume };
    };
    const data = { BTC: walk('BTC', 42_000), ETH: walk('ETH', 2_300) };
    const ex = await startMockExchange(data, { now: T0 + 1340 * MIN + 5_000 });
    const timer = setInterval(() => { ex.now += 20_000; }, 10); // the exchange's clock: a bar every 30 ms
    const opts = { store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), persistEveryMs: 0, liveApiUrl: ex.url, liveWsUrl: ex.wsUrl, livePollMs: 10, liveStreamPollMs: 5, liveBackoffMs: 20, now: () => ex.now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5))), liveSettleMs: 1000 };
    try {
      const m1 = new PaperManager(opts);
      const v = await m1.start({ runId: 'run1', feed: 'live', speed: 1 });
      const first = v.summary.bars;
      expect(first).toBe(0);
      const a = await until(m1, v.id, (x) => x.summary.bars >= 5);
      expect(a.feed).toBe('live');
      await m1.shutdown(); // the server stops …
      ex.downUntil(ex.now + 10 * MIN); // … and the exchange is unreachable for 10 minutes meanwhile
      const stoppedAt = m1.get(v.id)!.summary.lastTs!;
      const m2 = new PaperManager(opts);
      expect(await m2.resumeRunning()).toEqual([v.id]);
      const b = await until(m2, v.id, (x) => x.summary.lastTs !== null && x.summary.lastTs >= stoppedAt + 20 * MIN);
      // every bar from the first live one on, once, in order: the session's own state holds them
      const st = (b.equity.ts as number[]);
      for (let k = 1; k < st.length; k++) expect(st[k] - st[k - 1]).toBe(MIN);
      expect(b.summary.gaps).toBe(0);
      expect(b.health.reconnects).toBeGreaterThan(0);
      expect(b.health.backfills).toBeGreaterThan(0);
      expect(b.health.lagMs).not.toBeNull();
      // klines on the websocket (the server's live sessions use it by default), REST for the warm-up and back-fills
      expect(ex.requests.some((r) => r.method === 'WS')).toBe(true);
      for (const r of ex.requests) { expect(r.method === 'WS' || ['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/ping', '/api/v3/time'].includes(r.path), r.path).toBe(true); expect(r.authenticated).toBe(false); }
      await m2.stop(v.id);
      expect(m2.get(v.id)!.status).toBe('stopped');
      await m2.shutdown();
    } finally {
      clearInterval(timer);
      await ex.close();
    }
  }, 60_000);
});
