import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarSeries } from '@skippy/core';
import { loadData } from '@skippy/core/pipeline';
import { PaperSession, decodePaperState, encodePaperState, frozenModel, paperStateBook } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { emptyBookRows, liveBookDepths, mockBookStates, readFrozenArtifact, startMockExchange, tradesFromBars } from '@skippy/io/paper';
import type { MockExchange } from '@skippy/io/paper';
import { runCommand } from '../run.ts';
import { paperCommand } from '../paper.ts';
import { runInProcess } from './cliHarness.ts';

const MIN = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'skippy-paper-live-cli-'));
const out = join(dir, 'run');
let mock: MockExchange | null = null;
afterAll(async () => { await mock?.close(); rmSync(dir, { recursive: true, force: true }); });

beforeAll(async () => {
  // the default config (book features) on one synthetic day
  const cfg = join(dir, 'default.yml');
  writeFileSync(cfg, 'name: liverun\ndata:\n  synthetic: { days: 1, edge: { strength: 0.3 } }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
  const r = await runInProcess(runCommand, '--config', cfg, '--json', '--out', out);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

const shiftBars = (b: BarSeries, d: number): BarSeries => ({ ...b, ts: b.ts.map((t) => t + d) });

describe('skippy-train paper start --feed live --ws (io openLiveSessionFeed, the server\'s live path too)', () => {
  it('resumes a --state session of a book-feature run: the bars closed since are back-filled over REST, in order, with all-NaN book rows and trade checks "incomplete" (not watched); only public endpoints', async () => {
    const frozen = readFrozenArtifact(out, 'test') as FrozenArtifact;
    const data = loadData(frozen.config, null);
    const symbols = frozen.symbols, s0 = symbols[0], k = frozen.window.startBar;
    // the synthetic market moved to real time: bar k opened 8 minutes ago, so 8 bars have closed since the stored session's last
    const d = Math.floor(Date.now() / MIN) * MIN - 8 * MIN - data.bars[s0].ts[k];
    const bars = Object.fromEntries(symbols.map((s) => [s, shiftBars(data.bars[s], d)]));
    mock = await startMockExchange(bars, { now: Date.now(), books: Object.fromEntries(symbols.map((s) => [s, mockBookStates(data.events![s], d)])), trades: Object.fromEntries(symbols.map((s, j) => [s, tradesFromBars(bars[s], 1 + j * 1e6)])) });
    const m = mock;
    const timer = setInterval(() => { m.now = Date.now(); }, 20);
    try {
      const depths = liveBookDepths(frozen)!;
      const history = Object.fromEntries(symbols.map((s) => { const b = bars[s]; return [s, { ...b, ts: b.ts.slice(0, k), open: b.open.slice(0, k), high: b.high.slice(0, k), low: b.low.slice(0, k), close: b.close.slice(0, k), volume: b.volume.slice(0, k) }]; }));
      const session = PaperSession.create({ frozen, model: frozenModel(frozen.model), history, ...emptyBookRows(symbols, depths.snapshotDepth, depths.eventDepth, Float64Array.from(history[s0].ts, (t) => t + MIN)) });
      const state = join(dir, 'live.state.json');
      writeFileSync(state, encodePaperState(session.state()));
      const r = await runInProcess(paperCommand, 'start', '--run-dir', out, '--feed', 'live', '--ws', '--exchange-url', m.url, '--exchange-ws-url', m.wsUrl, '--state', state, '--max-bars', '5', '--json');
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as { bars: number; gaps: number; feed_events: Record<string, number>; trade_checks: { checked: number; incomplete: number; mismatches: number } };
      expect(j.bars).toBe(5); // session bars (the warm-up not counted)
      expect(j.gaps).toBe(0);
      expect(j.feed_events.gap).toBe(0);
      expect(j.trade_checks).toMatchObject({ checked: 10, incomplete: 10, mismatches: 0 });
      const st = decodePaperState(readFileSync(state, 'utf8'));
      expect(Array.from(st.bars[s0].ts.slice(-5))).toEqual([0, 1, 2, 3, 4].map((i) => bars[s0].ts[k + i]));
      expect(Array.from(st.bars[s0].close.slice(-5))).toEqual([0, 1, 2, 3, 4].map((i) => bars[s0].close[k + i]));
      const snap = paperStateBook(st).snapshots![s0];
      expect(snap.ts.length).toBe(k + 5);
      expect(Array.from(snap.bidPx.slice(-5 * snap.depth)).every((x) => Number.isNaN(x))).toBe(true);
      expect(m.wsMessages.some((x) => x.includes('@depth@100ms'))).toBe(true);
      expect(m.wsMessages.some((x) => x.includes('@trade'))).toBe(true);
      for (const q of m.requests) { expect(q.method === 'WS' || ['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/depth', '/api/v3/ping', '/api/v3/time'].includes(q.path), q.path).toBe(true); expect(q.authenticated).toBe(false); }
    } finally {
      clearInterval(timer);
    }
  }, 60_000);
});
