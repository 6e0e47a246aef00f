/**
 * A default-config (book-feature) run deployed LIVE by the server's PaperManager on the local mock exchange: klines,
 * order books and trades on its websocket (io openLiveSessionFeed, the CLI's live path). A few bars, a websocket drop,
 * a dropped trade message (back-filled over public REST) whose price disagrees with its kline (flagged on its bar), a server restart mid-session that resumes from the stored state and
 * back-fills the missed bars; nothing private is ever called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadData } from '@skippy/core/pipeline';
import type { PipelineInputs } from '@skippy/core/pipeline';
import { bookNeeds, decodePaperState, paperStateBook } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { mockBookStates, openPaperStore, startMockExchange, tradesFromBars } from '@skippy/io/paper';
import type { MockTrade } from '@skippy/io/paper';
import { PaperManager } from '../services/paperManager.ts';
import type { PaperEvent, PaperView } from '../services/paperManager.ts';
import { paperTestHome, storeFrozenRun, untilSession } from './paperHarness.ts';

const MIN = 60_000;
const { home, runsRoot, db, close } = paperTestHome('skippy-paper-live-');
let frozen: FrozenArtifact;
let data: PipelineInputs;
afterAll(close);

beforeAll(async () => {
  // the DEFAULT config: microstructure on (spread_pct, depth_imbalance from snapshots; ofi, mlofi from book updates)
  const run = await storeFrozenRun(runsRoot, { name: 'live', data: { synthetic: { days: 1, edge: { strength: 0.3 } } }, evaluation: { n_splits: 3, cscv_partitions: 8 } }, 'live1');
  frozen = run.frozen;
  data = loadData(run.config, null);
}, 120_000);


const until = (m: PaperManager, id: string, pred: (v: PaperView) => boolean, what: string) => untilSession(m, id, pred, 6000, what);

describe('PaperManager: a default-config run live on the mock exchange (websocket klines, books, trades)', () => {
  it('deploys, trades bars with their books, survives a websocket drop, back-fills a dropped trade and flags its bar (its price disagrees), resumes after a restart; only public endpoints', async () => {
    expect(bookNeeds(frozen)).toEqual({ snapshots: true, events: true });
    const symbols = frozen.symbols, s0 = symbols[0];
    const from = frozen.window.startBar, start = data.bars[s0].ts[from];
    const books = Object.fromEntries(symbols.map((s) => [s, mockBookStates(data.events![s])]));
    const trades: Record<string, MockTrade[]> = Object.fromEntries(symbols.map((s, k) => [s, tradesFromBars(data.bars[s], 1 + k * 1_000_000)]));
    const ex = await startMockExchange(data.bars, { now: start + 5_000, books, trades });
    // the session's 4th bar (open start + 3 min): the first symbol's trade at its high never arrives on the stream (it is
    // back-filled over REST), and the exchange's trade is 1 above the kline's high (a bar that disagrees with its trades)
    const lost = trades[s0].find((t) => t.ts === start + 3 * MIN + 21_000)!;
    lost.price += 1;
    ex.dropTrades([lost.id]);
    const opts = {
      store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), persistEveryMs: 200, liveApiUrl: ex.url, liveWsUrl: ex.wsUrl,
      now: () => ex.now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 10))),
      // a bar's book and trades wait for a later update of every symbol (not the racing test clock)
      liveSettleMs: 10 * MIN, livePollMs: 10, liveStreamPollMs: 5, liveBackoffMs: 20,
    };
    let timer: ReturnType<typeof setInterval> | null = null;
    try {
      const m1 = new PaperManager(opts);
      const feedEvents: PaperEvent[] = [];
      const sub = (async () => { for await (const e of m1.subscribe(null)) if (e.kind === 'feed') feedEvents.push(e); })();
      const v = await m1.start({ runId: 'live1', feed: 'live', speed: 1 });
      expect(v.feed).toBe('live');
      expect(v.summary.bars).toBe(0);
      timer = setInterval(() => { ex.now += 10_000; }, 20); // the exchange clock: a bar every 120 ms
      const a = await until(m1, v.id, (x) => x.summary.bars >= 6, '6 bars');
      ex.disconnectWs(); // every websocket drops: klines, books and trades re-subscribe
      const b = await until(m1, v.id, (x) => x.summary.bars >= a.summary.bars + 5, '5 more bars after the drop');
      expect(b.health.books!.map((h) => h.symbol)).toEqual(symbols);
      for (const h of b.health.books!) { expect(h.states).toBeGreaterThan(0); expect(h.reconnects + h.chainBreaks).toBeGreaterThan(0); }
      // the dropped trade is back-filled and its bar flagged (its high), and only there; the other covered bars agree with their trades
      const tc = b.health.tradeChecks!;
      expect(tc.mismatches).toBe(1);
      expect(tc.recent[0]).toMatchObject({ symbol: s0, ts: start + 3 * MIN, status: 'mismatch', trades: 4, expected: 4 });
      expect(tc.recent[0].reasons).toEqual([`high ${data.bars[s0].high[from + 3]} vs max trade ${lost.price}`]);
      expect(b.health.trades!.find((h) => h.symbol === s0)!.backfilled).toBeGreaterThanOrEqual(1);
      expect(tc.ok).toBeGreaterThan(2 * symbols.length);
      expect(tc.ok + tc.incomplete + tc.mismatches).toBe(tc.checked);
      expect(b.health.trades!.every((h) => h.received > 0 && h.duplicates === 0)).toBe(true);
      await m1.shutdown(); // the server goes away mid-session
      const stored = m1.get(v.id)!;
      expect(stored.status).toBe('running');
      const stoppedAt = stored.summary.lastTs!;
      await new Promise((r) => setTimeout(r, 400)); // bars close while no server runs
      const m2 = new PaperManager(opts);
      expect(await m2.resumeRunning()).toEqual([v.id]);
      const c = await until(m2, v.id, (x) => x.summary.lastTs !== null && x.summary.lastTs >= stoppedAt + 12 * MIN, 'bars past the restart');
      clearInterval(timer); timer = null;
      // every bar from the first live one on, once, in order (the missed ones back-filled): no gap
      const ts = c.equity.ts;
      expect(ts[0]).toBe(start);
      for (let k = 1; k < ts.length; k++) expect(ts[k] - ts[k - 1]).toBe(MIN);
      expect(c.summary.gaps).toBe(0);
      expect(c.health.backfills).toBeGreaterThan(0);
      // the checks go on from the stored ones: the bar flagged before the restart stays flagged, no new mismatch
      expect(c.health.tradeChecks!.ok).toBeGreaterThan(tc.ok);
      expect(c.health.tradeChecks!.mismatches).toBe(1);
      expect(c.health.tradeChecks!.recent.map((x) => x.ts)).toEqual([start + 3 * MIN]);
      // the book fed to the session: real close snapshots on live bars, all-NaN rows on the warm-up and on the
      // bars back-filled after the restart (their books were not watched)
      const snap = paperStateBook(decodePaperState(opts.store.get(v.id)!.state)).snapshots![s0];
      const rowAt = (t: number) => { const i = Array.from(snap.ts).indexOf(t + MIN); return i < 0 ? null : Number(snap.bidPx[i * snap.depth]); };
      const last = data.bars[s0].ts.findIndex((t) => t === stoppedAt);
      expect(Number.isNaN(rowAt(data.bars[s0].ts[from - 1]))).toBe(true); // warm-up
      for (const k of [2, 3, 4]) {
        const close = start + (k + 1) * MIN, j = books[s0].findLastIndex((x) => x.ts <= close);
        expect(rowAt(start + k * MIN)).toBe(books[s0][j].bids[0][0]);
      }
      // after the restart: the first back-filled bar (opened after the stored state's last) has no book
      expect(Number.isNaN(rowAt(stoppedAt + MIN))).toBe(true);
      expect(last).toBeGreaterThan(from);
      expect(feedEvents.some((e) => e.kind === 'feed' && e.event.kind === 'mismatch')).toBe(true);
      expect(feedEvents.some((e) => e.kind === 'feed' && e.event.kind === 'reconnect')).toBe(true);
      // public endpoints only, nothing signed
      for (const r of ex.requests) { expect(r.method === 'WS' || ['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/depth', '/api/v3/ping', '/api/v3/time', '/api/v3/historicalTrades'].includes(r.path), r.path).toBe(true); expect(r.authenticated).toBe(false); }
      expect(ex.wsMessages.some((x) => x.includes('@trade') && x.includes('SUBSCRIBE'))).toBe(true);
      expect(ex.wsMessages.some((x) => x.includes('@depth@100ms') && x.includes('SUBSCRIBE'))).toBe(true);
      await m2.stop(v.id);
      await m2.shutdown();
      void sub;
    } finally {
      if (timer) clearInterval(timer);
      await ex.close();
    }
  }, 120_000);
});
