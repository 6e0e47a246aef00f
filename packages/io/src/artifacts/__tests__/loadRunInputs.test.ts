import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentSchema } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { syntheticMarket } from '@skippy/core/data';
import type { BookSnapshots } from '@skippy/core';
import { sharedDataPath } from '../../shared.ts';
import { openDataStore } from '../../store/openDataStore.ts';
import { ingestSynthetic } from '../../ingest/ingestSynthetic.ts';
import { ingestFile, ingestFundingFile } from '../../ingest/ingestFile.ts';
import { bookAtBarClose, loadedAvailability, loadRunInputs } from '../loadRunInputs.ts';

const config = (data: Record<string, unknown>): ExperimentConfig => experimentSchema.parse({ data: { source: 'store', ...data } });

describe('loadRunInputs(config, dataDir)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skippy-load-'));
    await ingestSynthetic(openDataStore(dir), { days: 1, seed: 5, intervals: ['1m', '5m'] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns null for the synthetic source (the pipeline generates it)', async () => {
    expect(await loadRunInputs(experimentSchema.parse({}), dir)).toBeNull();
  });

  it('loads bars and every auxiliary series the directory holds, and says so per symbol', async () => {
    const inputs = (await loadRunInputs(config({ bar_interval: '5m' }), dir))!;
    const m = syntheticMarket({ days: 1, seed: 5 });
    expect(inputs.source).toBe('store');
    expect(inputs.loaded.map((l) => `${l.symbol} ${l.series} ${l.present} ${l.rows}`)).toEqual([
      'BTC bars true 288', 'BTC funding true 3', 'BTC open_interest true 25', 'BTC book true 288', 'BTC book_events true 5760',
      'ETH bars true 288', 'ETH funding true 3', 'ETH open_interest true 25', 'ETH book true 288', 'ETH book_events true 5760',
      '* sentiment true 1',
    ]);
    expect(Array.from(inputs.funding!.ETH.value)).toEqual(Array.from(m.funding.ETH.value));
    expect(Array.from(inputs.openInterest!.BTC.availableAt!)).toEqual(Array.from(m.openInterest.BTC.availableAt!));
    expect(Array.from(inputs.sentiment!.value)).toEqual(Array.from(m.sentiment.value));
    // one book row per 5m bar: the 1m snapshot taken at the 5m close
    const snap = inputs.snapshots!.BTC;
    const b = inputs.bars.BTC;
    expect(snap.ts.length).toBe(b.ts.length);
    const d = snap.depth;
    for (const i of [0, 7, 287]) {
      const j = 5 * i + 4; // the 1m bar whose close is the 5m close
      expect(snap.ts[i]).toBe(b.ts[i] + 300_000);
      expect(m.book!.BTC.ts[j]).toBe(snap.ts[i]);
      expect(Array.from(snap.askPx.subarray(i * d, i * d + d))).toEqual(Array.from(m.book!.BTC.askPx.subarray(j * d, j * d + d)));
    }
    expect(inputs.events!.ETH.ts.length).toBe(m.bookEvents!.ETH.ts.length);
    expect(loadedAvailability(inputs.loaded, ['BTC', 'ETH'])).toEqual({
      source: 'store', sentiment: true,
      series: { BTC: { funding: true, book: true, bookEvents: true, openInterest: true }, ETH: { funding: true, book: true, bookEvents: true, openInterest: true } },
    });
  });

  it('skips the series whose data.sources switch is off and restricts bars and book events to the range', async () => {
    const inputs = (await loadRunInputs(config({ symbols: ['ETH'], sources: { funding: false, book: true, sentiment: false }, range: { start: '2024-01-01T06:00:00Z', end: '2024-01-01T12:00:00Z' } }), dir))!;
    expect(inputs.bars.ETH.ts.length).toBe(360);
    expect(inputs.funding).toBeUndefined();
    expect(inputs.sentiment).toBeUndefined();
    expect(inputs.loaded.filter((l) => l.switchedOff).map((l) => `${l.symbol} ${l.series}`)).toEqual(['ETH funding', '* sentiment']);
    const ev = inputs.events!.ETH.ts;
    expect(ev[0]).toBeGreaterThanOrEqual(Date.parse('2024-01-01T06:00:00Z'));
    expect(ev[ev.length - 1]).toBeLessThanOrEqual(Date.parse('2024-01-01T12:00:00Z'));
    expect(inputs.snapshots!.ETH.ts.length).toBe(360);
  });

  it('reports what a bars-only directory lacks instead of failing', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'skippy-load-'));
    try {
      await ingestSynthetic(openDataStore(bare), { days: 1, seed: 5, symbols: ['BTC'], tables: false });
      const inputs = (await loadRunInputs(config({ symbols: ['BTC'] }), bare))!;
      expect(inputs.loaded.filter((l) => !l.present).map((l) => l.series)).toEqual(['funding', 'open_interest', 'book', 'book_events', 'sentiment']);
      expect([inputs.funding, inputs.openInterest, inputs.snapshots, inputs.events, inputs.sentiment]).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(loadedAvailability(inputs.loaded, ['BTC'])).toEqual({ source: 'store', sentiment: false, series: { BTC: { funding: false, book: false, bookEvents: false, openInterest: false } } });
      await expect(loadRunInputs(config({ symbols: ['BTC', 'SOL'] }), bare)).rejects.toThrow(/SOL 1m: expected a stored dataset/);
    } finally { rmSync(bare, { recursive: true, force: true }); }
  });
});

describe('bookAtBarClose(barTs, intervalMs, book)', () => {
  it('takes the last snapshot inside each bar (ts in (open, close]) and never carries a stale one', () => {
    const book: BookSnapshots = { symbol: 'X', depth: 1, ts: Float64Array.from([60, 100, 130, 300]), bidPx: Float64Array.from([1, 2, 3, 4]), bidQty: new Float64Array(4), askPx: new Float64Array(4), askQty: new Float64Array(4) };
    const r = bookAtBarClose(Float64Array.from([0, 100, 200, 300]), 100, book);
    // bar 0 → close 100: last ≤ 100 is ts 100; bar 1 → close 200: ts 130; bar 2 → close 300: ts 300; bar 3 → close 400: ts 300 is the open, stale
    expect(Array.from(r.book.bidPx)).toEqual([2, 3, 4, NaN]);
    expect(Array.from(r.book.ts)).toEqual([100, 200, 300, 400]);
    expect(r.matched).toBe(3);
  });
});

const btc1m = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
const btcFunding = sharedDataPath('funding-rates-binance-bybit-2020-2023/BTC-USDT_binance_2020-01-01_2024-01-01_funding_history.csv');
describe.runIf(btc1m && btcFunding)('loadRunInputs on real bars + the shared funding CSV (needs ../shared/data)', () => {
  it('loads the ingested funding rates next to the bars; the book and open interest are reported missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-load-'));
    try {
      const store = openDataStore(dir);
      await ingestFile(store, btc1m!);
      await ingestFundingFile(store, btcFunding!, { timezone: '+03:00' });
      const inputs = (await loadRunInputs(config({ symbols: ['BTC'] }), dir))!;
      const f = inputs.funding!.BTC;
      const b = inputs.bars.BTC;
      expect(f.ts.length).toBeGreaterThan(4000); // 8-hourly over 2020–2023
      // settlements at 00/08/16 UTC once the +03:00 offset is applied
      expect(new Set(Array.from(f.ts.subarray(0, 50), (t) => Math.round((t % 28_800_000) / 1000)))).toEqual(new Set([0]));
      // funding covers the bars' month
      expect(f.ts[0]).toBeLessThan(b.ts[0]);
      expect(f.ts[f.ts.length - 1]).toBeGreaterThan(b.ts[b.ts.length - 1]);
      expect(loadedAvailability(inputs.loaded, ['BTC']).series.BTC).toEqual({ funding: true, book: false, bookEvents: false, openInterest: false });
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
