import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarSeries } from '@skippy/core';
import { openDataStore } from '../openDataStore.ts';
import { datasetSource, escapeSource, legacySource } from '../datasetSource.ts';
import { barsParquetBytes } from '../../parquet.ts';
import { readBarsFile } from '../../readers/index.ts';
import { sharedDataPath, SHARED_DATA_MISSING } from '../../shared.ts';

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-src-'));
    try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}
const H = 3_600_000;
/** n hourly bars from `start`, close = base + k. */
function hourly(symbol: string, start: number, n: number, base: number): BarSeries {
  const ts = Float64Array.from({ length: n }, (_, k) => start + k * H);
  const c = Float64Array.from({ length: n }, (_, k) => base + k);
  return { symbol, intervalMs: H, ts, open: c, high: c, low: c, close: c, volume: new Float64Array(n).fill(1) };
}
const Y2019 = Date.UTC(2019, 0, 1), Y2024 = Date.UTC(2024, 0, 1);

describe('datasetSource(label)', () => {
  it('maps labels to source keys: synthetic, ccxt:<exchange>, file:<name without extensions>; keys map to themselves', () => {
    expect(datasetSource('synthetic:seed=42')).toBe('synthetic');
    expect(datasetSource('ccxt:Binance')).toBe('ccxt:binance');
    expect(datasetSource('file:Binance_BTCUSDT_1h.csv.gz')).toBe('file:Binance_BTCUSDT_1h');
    expect(datasetSource('file:../data/BTC_USDT-5m.json.gz')).toBe('file:BTC_USDT-5m');
    for (const k of ['synthetic', 'ccxt:binance', 'file:Binance_BTCUSDT_1h', 'test']) expect(datasetSource(k)).toBe(k);
    expect(escapeSource('file:BTC 1h/x')).toBe('file%3ABTC%201h%2Fx');
    expect(legacySource(['synthetic:seed=1', 'synthetic:seed=2'])).toBe('synthetic');
    expect(legacySource(['synthetic:seed=1', 'file:btc.csv'])).toBe('legacy-mixed');
  });
});

describe('openDataStore(dir): datasets kept apart by source', () => {
  it('a 2019 file does not merge into synthetic 2024 bars of the same symbol and interval; reads pick the source', withDir(async (dir) => {
    const store = openDataStore(dir);
    const syn = await store.writeBars(hourly('BTC', Y2024, 48, 40_000), { source: 'synthetic:seed=42' });
    const file = await store.writeBars(hourly('BTC', Y2019, 24, 4_000), { source: 'file:Binance_BTCUSDT_1h.csv.gz' });
    expect([syn.dataset, syn.rows, file.dataset, file.rows, file.added]).toEqual(['synthetic', 48, 'file:Binance_BTCUSDT_1h', 24, 24]);
    expect(file.file).toBe('bars/source=file%3ABinance_BTCUSDT_1h/symbol=BTC/interval=1h/bars.parquet');
    const ls = await store.listDatasets();
    expect(ls.map((e) => e.kind === 'bars' && [e.source, e.symbol, e.interval, e.rows, e.gaps, e.sources])).toEqual([
      ['file:Binance_BTCUSDT_1h', 'BTC', '1h', 24, 0, ['file:Binance_BTCUSDT_1h.csv.gz']],
      ['synthetic', 'BTC', '1h', 48, 0, ['synthetic:seed=42']],
    ]);
    expect(await store.sources('BTC', '1h')).toEqual(['file:Binance_BTCUSDT_1h', 'synthetic']);
    await expect(store.readBars('BTC', '1h')).rejects.toThrow('BTC 1h: expected one source; the data directory holds 2: file:Binance_BTCUSDT_1h, synthetic (choose one: data.source in the config, or --source)');
    await expect(store.coverage('BTC', '1h')).rejects.toThrow(/expected one source/);
    expect((await store.readBars('BTC', '1h', { source: 'synthetic' })).ts[0]).toBe(Y2024);
    expect((await store.readBars('BTC', '1h', { source: 'file:Binance_BTCUSDT_1h.csv.gz' })).ts.length).toBe(24);
    // the ccxt planner asks for its own source: nothing stored yet, so everything is missing
    expect(await store.coverage('BTC', '1h', { source: 'ccxt:binance' })).toEqual([]);
    expect(await store.coverage('BTC', '1h', { source: 'synthetic' })).toEqual([[Y2024, Y2024 + 48 * H]]);
    await expect(store.readBars('BTC', '1h', { source: 'ccxt:binance' })).rejects.toThrow('BTC 1h source ccxt:binance: expected a stored dataset; stored sources: file:Binance_BTCUSDT_1h, synthetic');
    expect(await store.coverage('SOL', '1h')).toEqual([]);
  }));

  it('reads the old layout (no source level) as its recorded source, and moves it on the next write', withDir(async (dir) => {
    const old = (symbol: string, sources: string[], bars: BarSeries) => {
      mkdirSync(join(dir, `bars/symbol=${symbol}/interval=1h`), { recursive: true });
      writeFileSync(join(dir, `bars/symbol=${symbol}/interval=1h/bars.parquet`), barsParquetBytes(bars, { 'skippy.sources': JSON.stringify(sources), 'skippy.fetched': '[]' }));
    };
    old('BTC', ['synthetic:seed=42'], hourly('BTC', Y2024, 10, 100));
    old('ETH', ['file:eth.csv', 'synthetic:seed=42'], hourly('ETH', Y2024, 5, 10));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, datasets: [] }));
    const store = openDataStore(dir);
    const ls = await store.listDatasets();
    expect(ls.map((e) => e.kind === 'bars' && [e.source, e.symbol, e.rows, e.legacyLayout])).toEqual([['legacy-mixed', 'ETH', 5, true], ['synthetic', 'BTC', 10, true]]);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).version).toBe(2);
    expect((await store.readBars('BTC', '1h')).ts.length).toBe(10);
    const r = await store.writeBars(hourly('BTC', Y2024 + 10 * H, 5, 110), { source: 'synthetic:seed=42' });
    expect([r.rows, r.added, r.file]).toEqual([15, 5, 'bars/source=synthetic/symbol=BTC/interval=1h/bars.parquet']);
    expect(existsSync(join(dir, 'bars/symbol=BTC/interval=1h/bars.parquet'))).toBe(false);
    const after = await openDataStore(dir).listDatasets();
    expect(after.map((e) => e.kind === 'bars' && [e.source, e.symbol, e.rows, e.legacyLayout ?? false])).toEqual([['legacy-mixed', 'ETH', 5, true], ['synthetic', 'BTC', 15, false]]);
    // a leftover old file (crash after the move, before the delete) is ignored in favour of the new one
    old('BTC', ['synthetic:seed=42'], hourly('BTC', Y2024, 3, 1));
    expect((await openDataStore(dir).readBars('BTC', '1h')).ts.length).toBe(15);
  }));
});

describe('writeBars(bars, {source, duplicates}) resolves incoming rows that share a timestamp by a stated rule', () => {
  const dup = (): BarSeries => {
    // descending file order; hour 1 twice: a 2-decimal row, then a full-precision row
    const ts = Float64Array.of(2 * H, H, H, 0).map((t) => t + Y2024);
    const close = Float64Array.of(102, 101.25, 101.2468, 100);
    return { symbol: 'BTC', intervalMs: H, ts, open: close, high: close, low: close, close, volume: new Float64Array(4).fill(1) };
  };
  for (const [rule, close, notFirst] of [['precision', 101.2468, 1], ['first', 101.25, 0], ['last', 101.2468, 1]] as const) {
    it(`duplicates: "${rule}" keeps close ${close} and says so`, withDir(async (dir) => {
      const store = openDataStore(dir);
      const r = await store.writeBars(dup(), { source: 'file:x.csv', duplicates: rule });
      expect(r.duplicates).toMatchObject({ rule, times: 1, rows_dropped: 1, kept_not_first: notFirst, ohlc_differ: 1 });
      expect(r.rows).toBe(3);
      expect(Array.from((await store.readBars('BTC', '1h')).close)).toEqual([100, close, 102]);
    }));
  }
  it('refuses an unknown rule', withDir(async (dir) => {
    await expect(openDataStore(dir).writeBars(dup(), { source: 'file:x.csv', duplicates: 'newest' as never })).rejects.toThrow('duplicates: expected precision | first | last, got "newest"');
  }));
});

const cdd = sharedDataPath('binance-spot-btc-eth-1h-2017-2021/Binance_BTCUSDT_1h.csv.gz');
describe.runIf(cdd)('writeBars on the CryptoDataDownload hourly BTC file (needs ../shared/data)', () => {
  it('stores 33,413 hours: 2,649 duplicate hours resolved by precision, keeping the millisecond-format rows', withDir(async (dir) => {
    const store = openDataStore(dir);
    await store.writeBars(hourly('BTC', Y2024, 24, 40_000), { source: 'synthetic:seed=42' });
    const bars = await readBarsFile(cdd!);
    expect([bars.symbol, bars.intervalMs]).toEqual(['BTC', H]);
    const r = await store.writeBars(bars, { source: 'file:Binance_BTCUSDT_1h.csv.gz' });
    expect(r).toMatchObject({ dataset: 'file:Binance_BTCUSDT_1h', rows: 33_413, added: 33_413, replaced: 0 });
    expect(r.duplicates).toMatchObject({ rule: 'precision', times: 2649, rows_dropped: 2649, ohlc_identical: 1207, ohlc_differ: 1442 });
    const stored = await store.readBars('BTC', '1h', { source: 'file:Binance_BTCUSDT_1h' });
    const k = stored.ts.indexOf(Date.UTC(2020, 8, 15, 11));
    expect([stored.open[k], stored.volume[k], stored.columns!.trades[k]]).toEqual([10847.29, 3766.621196, 55439]);
    expect((await store.readBars('BTC', '1h', { source: 'synthetic' })).ts.length).toBe(24);
  }));
});
if (!cdd) it.skip(`writeBars on the CryptoDataDownload hourly BTC file: ${SHARED_DATA_MISSING}`, () => undefined);
