import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ReplayResult } from '@skippy/core';
import { isUserInputError, replayBinanceCapture } from '@skippy/core';
import { captureLineLabel, loadCaptureText, readCapture, readCaptureLines } from '../capture.ts';
import { sharedDataPath } from '../shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-capture-'));
const snap = '1 {"lastUpdateId":8,"bids":[["100","1"]],"asks":[["101","1"]]}';
const diff = (E: number, U: number, u: number, pu: number, q: string) =>
  `2 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":${E},"T":${E},"s":"BTCUSDT","U":${U},"u":${u},"pu":${pu},"b":[["100","${q}"]],"a":[]}}`;

describe('readCaptureLines(paths) / readCapture(paths, opts)', () => {
  it('reads plain and gzip files (by magic bytes) and concatenates several files into one stream', () => {
    const a = join(dir, 'a.gz');
    const b = join(dir, 'b.txt');
    writeFileSync(a, gzipSync(`${diff(1000, 1, 9, 0, '2')}\n${snap}\n`));
    writeFileSync(b, `${diff(1500, 10, 12, 9, '3')}\n`);
    expect(readCaptureLines([a, b])).toHaveLength(3);
    const r = readCapture([a, b], { barMs: 1000 });
    expect(r.stats).toMatchObject({ diffsApplied: 2, chainBreaks: 0, bars: 1 });
    expect(Array.from(r.events.bidQty.filter((_, i) => i % 5 === 0))).toEqual([2, 3]);
  });
  it('names file:line in errors across files and rejects unreadable gzip and empty files', () => {
    const a = join(dir, 'c.txt');
    const b = join(dir, 'd.txt');
    writeFileSync(a, `${snap}\n${diff(1000, 1, 9, 0, '2')}\n`);
    writeFileSync(b, `${diff(1500, 10, 12, 9, '3')}\nnot a message\n`);
    expect(() => readCapture([a, b])).toThrow(`${b}:2: expected a line`);
    expect(captureLineLabel(loadCaptureText([a, b]).files)(1)).toBe(`${a}:2`);
    const bad = join(dir, 'bad.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => readCaptureLines(bad)).toThrow(/bad\.gz: expected a readable gzip file/);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    try {
      readCaptureLines(empty);
      expect.unreachable();
    } catch (e) {
      expect(isUserInputError(e)).toBe(true);
      expect((e as Error).message).toMatch(/empty\.txt: expected a capture with at least one line/);
    }
  });
});

const D = 'binance-l2-hftbacktest-2024-08-08/';
const usdmBtc = sharedDataPath(`${D}usdm/btcusdt_20240808.gz`);
const spot0808 = sharedDataPath(`${D}spot/btcusdt_20240808.gz`);
const spot0809 = sharedDataPath(`${D}spot/btcusdt_20240809.gz`);

/** Best bid/ask of the replayed book against every bookTicker whose update id equals a diff's final id. */
function crossCheckBookTicker(lines: string[], r: ReplayResult): { matched: number; equal: number } {
  const row = new Map<number, number>();
  r.eventUpdateIds.forEach((u, i) => row.set(u, i));
  const L = r.events.depth;
  let matched = 0, equal = 0;
  for (const l of lines) {
    if (!l.includes('@bookTicker')) continue;
    const i = row.get(Number(/"u":(\d+)/.exec(l)![1]));
    if (i === undefined) continue;
    const d = JSON.parse(l.slice(l.indexOf(' ') + 1)).data as { u: number; b: string; B: string; a: string; A: string };
    if (r.eventUpdateIds[i] !== d.u) continue;
    matched++;
    const e = r.events;
    if (e.bidPx[i * L] === Number(d.b) && e.bidQty[i * L] === Number(d.B) && e.askPx[i * L] === Number(d.a) && e.askQty[i * L] === Number(d.A)) equal++;
  }
  return { matched, equal };
}

describe.runIf(usdmBtc)('readCapture(usdm BTCUSDT 2024-08-08) (needs ../shared/data)', () => {
  let lines: string[];
  let r: ReplayResult;
  beforeAll(() => {
    lines = readCaptureLines(usdmBtc!);
    r = replayBinanceCapture(lines, { eventLevels: 20 });
  });
  it('finds the counts and sequencing that SOURCE.md lists', () => {
    expect(r.symbol).toBe('BTCUSDT');
    expect(r.stats).toMatchObject({
      market: 'usdm', messages: 93_954, depthUpdates: 6_551, trades: 21_313, bookTickers: 66_089, snapshots: 1,
      snapshotLastUpdateId: 5_123_107_852_948, chainBreaks: 0, syncFailures: 0, tradeIdGaps: 0, crossedStates: 0,
      diffsUnused: 0, eventTimeReversals: 0,
    });
    // the bracketing diff (line 42: U 5123107850310, u 5123107853551) is the first applied one
    expect(r.eventUpdateIds[0]).toBe(5_123_107_853_551);
    expect(r.stats.diffsApplied + r.stats.diffsDropped).toBe(r.stats.depthUpdates);
    expect(r.stats.crossedChecks).toBe(r.stats.diffsApplied);
    let vol = 0;
    for (const q of r.trades.qty) vol += q;
    expect(vol).toBeCloseTo(2429.366, 6);
    for (const p of r.trades.price) expect(p >= 61590.3 && p <= 61839.9).toBe(true);
  });
  it('agrees exactly with every bookTicker that carries the same update id as an applied diff', () => {
    const { matched, equal } = crossCheckBookTicker(lines, r);
    expect(matched).toBeGreaterThan(500);
    expect(equal).toBe(matched);
  });
  it('builds 1 s trade bars whose volume is the traded volume inside the grid', () => {
    const b = r.bars;
    expect(b.ts[0]).toBe(Math.floor(r.stats.firstSyncedE / 1000) * 1000);
    expect(b.ts[b.ts.length - 1]).toBe(Math.floor(r.stats.lastDiffE / 1000) * 1000);
    let inGrid = 0, barVol = 0;
    const end = b.ts[b.ts.length - 1] + 1000;
    for (let i = 0; i < r.trades.ts.length; i++) if (r.trades.ts[i] >= b.ts[0] && r.trades.ts[i] < end) inGrid += r.trades.qty[i];
    for (const v of b.volume) barVol += v;
    expect(barVol).toBeCloseTo(inGrid, 6);
    for (let i = 0; i < b.ts.length; i++) {
      expect(b.low[i] <= Math.min(b.open[i], b.close[i]) && b.high[i] >= Math.max(b.open[i], b.close[i])).toBe(true);
    }
  });
  it('detects a chain break in a doctored stream (one diff removed) and stops applying', () => {
    const depthLines = lines.map((l, i) => (l.includes('@depth') ? i : -1)).filter((i) => i >= 0);
    const cut = depthLines[3000];
    const doctored = lines.filter((_, i) => i !== cut);
    const d = replayBinanceCapture(doctored);
    expect(d.stats.chainBreaks).toBe(1);
    expect(d.stats.breaks[0].rule).toBe('pu == previous u');
    expect(d.stats.breaks[0].line).toBe(depthLines[3001] - 1);
    // no snapshot follows, so everything after the break is buffered and unused
    expect(d.stats.diffsApplied).toBe(3000 - r.stats.diffsDropped);
    expect(d.stats.diffsUnused).toBe(r.stats.depthUpdates - 3001);
    const lastRow = d.events.ts.length - 1;
    expect(d.events.bidPx[lastRow * 5]).toBeNaN();
    expect(d.snapshots.bidPx[(d.snapshots.ts.length - 1) * 5]).toBeNaN();
  });
});

describe.runIf(spot0808 && spot0809)('readCapture(spot BTCUSDT 0808 + 0809 as one stream) (needs ../shared/data)', () => {
  it('continues the U = previous u + 1 chain and the trade ids across the file boundary', () => {
    const lines = readCaptureLines([spot0808!, spot0809!]);
    const r = replayBinanceCapture(lines);
    expect(r.stats).toMatchObject({
      market: 'spot', depthUpdates: 3_451 + 3_044, trades: 9_757 + 10_147, bookTickers: 28_040 + 45_134, snapshots: 1,
      snapshotLastUpdateId: 50_093_239_218, chainBreaks: 0, overlaps: 0, tradeIdGaps: 0, crossedStates: 0,
    });
    expect(r.stats.diffsApplied + r.stats.diffsDropped).toBe(r.stats.depthUpdates);
    // ≈ 11 minutes of 1 s bars
    expect(r.bars.ts.length).toBeGreaterThan(640);
    const { matched, equal } = crossCheckBookTicker(lines, r);
    expect(matched).toBeGreaterThan(500);
    expect(equal).toBe(matched);
    // the 0808 file alone has the snapshot; 0809 alone cannot sync
    expect(() => readCapture(spot0809!)).toThrow(/expected a REST depth snapshot line/);
  });
});
