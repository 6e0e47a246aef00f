import { describe, expect, it } from 'vitest';
import { replayBinanceCapture } from '../replayBinanceCapture.ts';

type Lv = [string, string][];
let ts = 1_700_000_000_000_000_000n;
const line = (json: unknown) => `${(ts += 1000n)} ${JSON.stringify(json)}`;
const usdmDiff = (E: number, U: number, u: number, pu: number, b: Lv, a: Lv) =>
  line({ stream: 'btcusdt@depth@0ms', data: { e: 'depthUpdate', E, T: E - 1, s: 'BTCUSDT', U, u, pu, b, a } });
const spotDiff = (E: number, U: number, u: number, b: Lv, a: Lv) =>
  line({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E, s: 'BTCUSDT', U, u, b, a } });
const snap = (lastUpdateId: number, bids: Lv, asks: Lv) => line({ lastUpdateId, bids, asks });
const trade = (T: number, t: number, p: string, q: string, m: boolean) =>
  line({ stream: 'btcusdt@trade', data: { e: 'trade', E: T + 1, T, s: 'BTCUSDT', t, p, q, X: 'MARKET', m } });
const ticker = (u: number) => line({ stream: 'btcusdt@bookTicker', data: { u, s: 'BTCUSDT', b: '1', B: '1', a: '2', A: '1' } });

/** A small usdm stream: one diff before the bracketing one, two chained diffs after the snapshot. */
function usdmStream(): string[] {
  return [
    trade(900, 1, '100.5', '0.1', false),
    usdmDiff(1000, 1, 5, 0, [['100', '9']], []),
    usdmDiff(1100, 6, 10, 5, [['100', '1.5'], ['98', '4']], [['101', '0']]),
    ticker(10),
    snap(8, [['100', '1'], ['99', '2']], [['101', '1'], ['102', '3']]),
    trade(1500, 2, '101', '0.5', false),
    trade(1600, 3, '100', '2', true),
    usdmDiff(2500, 11, 12, 10, [['100.5', '0.7']], [['102', '0.000'], ['103', '1']]),
    trade(2600, 4, '100.4', '1', true),
  ];
}

describe('replayBinanceCapture(lines, opts) on hand-made streams', () => {
  it('buffers diffs before the snapshot, drops stale ones, applies the bracketing diff and the chain', () => {
    const r = replayBinanceCapture(usdmStream(), { barMs: 1000, depth: 3, eventLevels: 2 });
    expect(r.symbol).toBe('BTCUSDT');
    expect(r.stats).toMatchObject({
      market: 'usdm', messages: 9, depthUpdates: 3, diffsBuffered: 2, diffsDropped: 1, diffsApplied: 2, chainBreaks: 0,
      snapshots: 1, snapshotLastUpdateId: 8, firstSyncedE: 1100, lastDiffE: 2500, trades: 4, tradeIdGaps: 0, bookTickers: 1,
      crossedChecks: 2, crossedStates: 0, bars: 2,
    });
    // events: after diff 6..10 (ask 101 removed), after diff 11..12
    expect(Array.from(r.events.ts)).toEqual([1100, 2500]);
    expect(Array.from(r.eventUpdateIds)).toEqual([10, 12]);
    expect(Array.from(r.events.bidPx)).toEqual([100, 99, 100.5, 100]);
    expect(Array.from(r.events.bidQty)).toEqual([1.5, 2, 0.7, 1.5]);
    expect(Array.from(r.events.askPx)).toEqual([102, NaN, 103, NaN]);
    expect(Array.from(r.events.askQty)).toEqual([3, NaN, 1, NaN]);
    // bars on the 1 s grid from the bar holding E=1100 to the bar holding E=2500
    expect(Array.from(r.bars.ts)).toEqual([1000, 2000]);
    expect(Array.from(r.snapshots.ts)).toEqual([2000, 3000]);
    expect(Array.from(r.snapshots.bidPx)).toEqual([100, 99, 98, 100.5, 100, 99]);
    expect(Array.from(r.snapshots.askPx)).toEqual([102, NaN, NaN, 103, NaN, NaN]);
    // OHLCV from trades by T: bar 1000 has 101 (buy 0.5) then 100 (sell 2); bar 2000 has 100.4 (sell 1)
    expect(Array.from(r.bars.open)).toEqual([101, 100.4]);
    expect(Array.from(r.bars.high)).toEqual([101, 100.4]);
    expect(Array.from(r.bars.low)).toEqual([100, 100.4]);
    expect(Array.from(r.bars.close)).toEqual([100, 100.4]);
    expect(Array.from(r.bars.volume)).toEqual([2.5, 1]);
    expect(Array.from(r.bars.columns!.trade_count)).toEqual([2, 1]);
    expect(Array.from(r.bars.columns!.buy_volume)).toEqual([0.5, 0]);
    expect(Array.from(r.trades.side)).toEqual([1, 1, -1, -1]);
    expect(Array.from(r.trades.ts)).toEqual([900, 1500, 1600, 2600]);
  });

  it('fills bars without trades with the previous close and volume 0, seeded by trades before the grid', () => {
    const lines = usdmStream().filter((l) => !l.includes('"t":2,') && !l.includes('"t":3,') && !l.includes('"t":4,'));
    const r = replayBinanceCapture(lines, { barMs: 500 });
    expect(Array.from(r.bars.ts)).toEqual([1000, 1500, 2000, 2500]);
    expect(Array.from(r.bars.close)).toEqual([100.5, 100.5, 100.5, 100.5]);
    expect(Array.from(r.bars.volume)).toEqual([0, 0, 0, 0]);
    // the state after E=1100 is carried through the bars without diffs
    expect(Array.from(r.snapshots.ts)).toEqual([1500, 2000, 2500, 3000]);
    expect(Array.from(r.snapshots.bidPx.filter((_, i) => i % 5 === 0))).toEqual([100, 100, 100, 100.5]);
    const noSeed = replayBinanceCapture(lines.slice(1), { barMs: 500 });
    expect(Array.from(noSeed.bars.close)).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('uses the spot rules: drop u <= lastUpdateId, bracket U <= L+1 <= u, chain U == previous u + 1', () => {
    const lines = [
      spotDiff(1000, 5, 10, [['100', '5']], []), // u == L: already in the snapshot, dropped
      spotDiff(1100, 11, 12, [['99', '3']], [['101', '2']]), // brackets L+1 = 11
      snap(10, [['100', '1']], [['101', '1']]),
      spotDiff(1200, 13, 15, [['100', '0']], []),
    ];
    const r = replayBinanceCapture(lines);
    expect(r.stats).toMatchObject({ market: 'spot', diffsDropped: 1, diffsApplied: 2, chainBreaks: 0, firstSyncedE: 1100 });
    expect(Array.from(r.events.bidPx.subarray(0, 2))).toEqual([100, 99]);
    expect(Array.from(r.events.bidPx.subarray(5, 7))).toEqual([99, NaN]);
    // the same ids under the usdm rules (drop u < L, bracket U <= L <= u): 5..10 is applied
    const usdm = replayBinanceCapture([
      usdmDiff(1000, 5, 10, 4, [['100', '5']], []),
      usdmDiff(1100, 11, 12, 10, [['99', '3']], [['101', '2']]),
      snap(10, [['100', '1']], [['101', '1']]),
    ]);
    expect(usdm.stats).toMatchObject({ market: 'usdm', diffsDropped: 0, diffsApplied: 2, firstSyncedE: 1000 });
    expect(() => replayBinanceCapture(lines, { market: 'usdm' })).toThrow(/capture:1: expected a depthUpdate with integer E, U, u, pu/);
  });

  it('records a chain break, marks the book unknown, and resyncs on the next snapshot', () => {
    const lines = [
      usdmDiff(1000, 1, 10, 0, [], []),
      snap(8, [['100', '1']], [['101', '1']]),
      usdmDiff(1500, 11, 12, 10, [['100', '2']], []),
      usdmDiff(2500, 20, 21, 19, [['100', '3']], []), // pu 19 != 12: break
      usdmDiff(3500, 22, 30, 21, [['100', '4']], []), // buffered: the book is unknown
      snap(25, [['100', '5'], ['99', '1']], [['101', '1']]),
      usdmDiff(4500, 31, 33, 30, [['99', '2']], []),
    ];
    const r = replayBinanceCapture(lines, { barMs: 1000 });
    expect(r.stats).toMatchObject({ chainBreaks: 1, syncFailures: 0, snapshots: 2, snapshotsUsed: 2, diffsApplied: 4, diffsUnused: 0 });
    expect(r.stats.breaks).toEqual([{ line: 3, E: 2500, expected: 12, got: 19, rule: 'pu == previous u' }]);
    expect(Array.from(r.events.ts)).toEqual([1000, 1500, 2500, 3500, 4500]);
    expect(Array.from(r.eventUpdateIds)).toEqual([10, 12, NaN, 30, 33]);
    expect(Array.from(r.events.bidQty.filter((_, i) => i % 5 === 0))).toEqual([1, 2, NaN, 4, 4]);
    // bar closes: 2000 (valid, qty 2), 3000 (unknown), 4000 (resynced at 3500, qty 4), 5000 (qty 4 at 100)
    expect(Array.from(r.snapshots.ts)).toEqual([2000, 3000, 4000, 5000]);
    expect(Array.from(r.snapshots.bidQty.filter((_, i) => i % 5 === 0))).toEqual([2, NaN, 4, 4]);
  });

  it('counts a snapshot that no diff brackets as a sync failure and waits for another', () => {
    const lines = [
      snap(8, [['100', '1']], [['101', '1']]),
      usdmDiff(1000, 12, 14, 11, [], []), // U 12 > 8: the snapshot is too old
      snap(13, [['100', '2']], [['101', '1']]),
      usdmDiff(1100, 15, 16, 14, [['99', '1']], []),
    ];
    const r = replayBinanceCapture(lines);
    expect(r.stats).toMatchObject({ syncFailures: 1, chainBreaks: 0, diffsApplied: 2, snapshotLastUpdateId: 8 });
    expect(r.stats.breaks[0]).toMatchObject({ rule: 'first diff brackets the snapshot', expected: 8, got: 12 });
  });

  it('drops a duplicated diff after sync as stale, accepts a spot overlap, and reads CRLF and raw (non-combined) lines', () => {
    const lines = [
      snap(10, [['100', '1']], [['101', '1']]),
      spotDiff(1100, 11, 12, [['99', '3']], []),
      spotDiff(1100, 11, 12, [['99', '3']], []), // the same message twice: u <= last u
      spotDiff(1200, 12, 14, [['98', '1']], []), // overlaps 12 but brings 13..14
      `5 {"e":"depthUpdate","E":1300,"s":"BTCUSDT","U":15,"u":16,"b":[],"a":[["101","2"]]}\r`,
      `6 {"e":"trade","E":1301,"s":"BTCUSDT","t":9,"p":"100.5","q":"1","T":1300,"m":false,"M":true}`,
    ];
    const r = replayBinanceCapture(lines);
    expect(r.stats).toMatchObject({ diffsApplied: 3, diffsDropped: 1, overlaps: 1, chainBreaks: 0, trades: 1 });
    expect(Array.from(r.eventUpdateIds)).toEqual([12, 14, 16]);
    expect(r.events.askQty[10]).toBe(2);
    expect(Array.from(r.bars.close)).toEqual([100.5]);
  });

  it('throws UserInputError naming the line for malformed input, mixed symbols, or no snapshot', () => {
    expect(() => replayBinanceCapture(['123 not json'])).toThrow(/^capture:1: expected a line/);
    const bad = usdmStream();
    bad[5] = bad[5].replace('"101"', '"x"');
    expect(() => replayBinanceCapture(bad, { source: 'f.gz' })).toThrow(/^f\.gz:6: expected a trade/);
    const mixed = usdmStream();
    mixed[6] = mixed[6].replace('BTCUSDT', 'ETHUSDT');
    expect(() => replayBinanceCapture(mixed)).toThrow(/capture:7: s: expected one symbol per capture \(BTCUSDT\), got "ETHUSDT"/);
    expect(() => replayBinanceCapture(usdmStream().filter((l) => !l.includes('lastUpdateId')))).toThrow(/REST depth snapshot/);
    expect(() => replayBinanceCapture(usdmStream(), { barMs: 0 })).toThrow(/barMs: expected a positive integer/);
  });
});
