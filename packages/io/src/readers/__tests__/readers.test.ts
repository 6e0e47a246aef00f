import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBarsCsv, parseOhlcvJson, isoUtc, type BarSeries } from '@skippy/core/data';
import { runQc } from '@skippy/core/qc';
import { sharedDataPath } from '../../shared.ts';
import { writeBarsParquet } from '../../parquet.ts';
import { readBarsFile, parseBarsBytes } from '../readBarsFile.ts';
import { readFundingFile } from '../readFundingFile.ts';
import { symbolFromFileName, intervalFromFileName } from '../fileNames.ts';

const btc1m = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
const btc5m = sharedDataPath('binance-spot-btc-5m-2019-11/BTC_USDT-5m.json.gz');
const fundingBinance = sharedDataPath('funding-rates-binance-bybit-2020-2023/BTC-USDT_binance_2020-01-01_2024-01-01_funding_history.csv');
const fundingBybit = sharedDataPath('funding-rates-binance-bybit-2020-2023/ETH-USDT_bybit_2021-01-01_2024-01-01_funding_history.csv');
const dollarBars = sharedDataPath('mlfinlab-es-test-data/dollar_bar_sample.csv');

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'skippy-readers-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('symbolFromFileName(path) / intervalFromFileName(path)', () => {
  it('reads the symbol and interval conventions of freqtrade, Binance dumps and the funding files', () => {
    expect(symbolFromFileName('/x/BTC_USDT-1m.json.gz')).toBe('BTC');
    expect(symbolFromFileName('ETH-USDT_bybit_2021-01-01_2024-01-01_funding_history.csv')).toBe('ETH');
    expect(symbolFromFileName('BTCUSDT-1m-2024-01.csv')).toBe('BTC');
    expect(symbolFromFileName('sol.csv')).toBe('SOL');
    expect(intervalFromFileName('BTC_USDT-5m.json.gz')).toBe(300_000);
    expect(intervalFromFileName('BTCUSDT-1m-2024-01.csv')).toBe(60_000);
    expect(intervalFromFileName('dollar_bar_sample.csv')).toBeNull();
  });
});

describe.runIf(btc1m && btc5m)('readBarsFile(path) on the shared freqtrade files (needs ../shared/data)', () => {
  let real: BarSeries;
  beforeAll(async () => { real = await readBarsFile(btc1m!); });

  it('reads the 1m JSON.gz with SOURCE.md row count, first record and symbol', async () => {
    expect(real.symbol).toBe('BTC');
    expect(real.intervalMs).toBe(60_000);
    expect(real.ts.length).toBe(42_915);
    expect([real.ts[0], real.open[0], real.high[0], real.low[0], real.close[0], real.volume[0]]).toEqual([1618951320000, 56738.76, 56840.3, 56733.23, 56813.98, 50.9752]);
    expect(isoUtc(real.ts[real.ts.length - 1])).toBe('2021-05-20T20:40:00.000Z');
    let hi = 0;
    for (const h of real.high) hi = Math.max(hi, h);
    expect(hi).toBe(59500);
    const b5 = await readBarsFile(btc5m!);
    expect([b5.ts.length, b5.intervalMs, b5.close[0]]).toEqual([33_960, 300_000, 8645.55]);
  });

  it('reads the same bars from a plain JSON, a header CSV (ISO in +03:00), a gzip CSV and a kline CSV made from them', async () => {
    const n = 5000;
    const sub: BarSeries = { ...real, ts: real.ts.slice(0, n), open: real.open.slice(0, n), high: real.high.slice(0, n), low: real.low.slice(0, n), close: real.close.slice(0, n), volume: real.volume.slice(0, n) };
    const json = join(dir, 'BTC_USDT-1m.json');
    writeFileSync(json, gunzipSync(readFileSync(btc1m!)));
    expect((await readBarsFile(json)).ts.length).toBe(42_915);

    const csv = formatBarsCsv(sub);
    writeFileSync(join(dir, 'BTC-1m.csv'), csv);
    writeFileSync(join(dir, 'BTC-1m.csv.gz'), gzipSync(csv));
    // naive local times in UTC+3
    const local = csv.split('\n').map((l, k) => (k === 0 || !l ? l : l.replace(/^[^,]+/, isoUtc(sub.ts[k - 1] + 3 * 3_600_000).replace('T', ' ').replace('Z', ''))));
    writeFileSync(join(dir, 'BTC-local.csv'), local.join('\r\n'));
    const kline = Array.from({ length: n }, (_, i) => [sub.ts[i] * 1000, sub.open[i], sub.high[i], sub.low[i], sub.close[i], sub.volume[i], sub.ts[i] * 1000 + 59_999_999, sub.volume[i] * sub.close[i], 100 + i, sub.volume[i] / 2, 0, 0].join(',')).join('\n');
    writeFileSync(join(dir, 'BTCUSDT-1m-2021-04.csv'), `${kline}\n\n`);
    writeBarsParquet(join(dir, 'BTC-1m.parquet'), sub);

    for (const [name, opts] of [['BTC-1m.csv', {}], ['BTC-1m.csv.gz', {}], ['BTC-local.csv', { timezone: '+03:00' }], ['BTCUSDT-1m-2021-04.csv', {}], ['BTC-1m.parquet', {}]] as const) {
      const b = await readBarsFile(join(dir, name), opts);
      expect(b.symbol, name).toBe('BTC');
      expect(b.intervalMs, name).toBe(60_000);
      expect(Array.from(b.ts), name).toEqual(Array.from(sub.ts));
      expect(Array.from(b.close), name).toEqual(Array.from(sub.close));
      expect(Array.from(b.volume), name).toEqual(Array.from(sub.volume));
    }
    const k = await readBarsFile(join(dir, 'BTCUSDT-1m-2021-04.csv'));
    expect(k.columns!.trades[3]).toBe(103);
    expect(k.columns!.close_time[0]).toBe((sub.ts[0] * 1000 + 59_999_999) / 1000);
  });
});

describe.runIf(dollarBars)('readBarsFile(path) on mlfinlab dollar_bar_sample.csv (needs ../shared/data)', () => {
  it('reads date_time bars with cum_vol as volume and the other columns as extras; irregular, so no grid', async () => {
    const b = await readBarsFile(dollarBars!);
    expect(b.ts.length).toBe(1000);
    expect(b.intervalMs).toBeNull();
    expect(isoUtc(b.ts[0])).toBe('2015-01-01T23:00:23.723Z');
    expect(isoUtc(b.ts[999])).toBe('2015-01-29T15:41:28.570Z');
    expect([b.open[0], b.high[0], b.low[0], b.close[0], b.volume[0]]).toEqual([2053, 2056.75, 2051, 2056.75, 34102]);
    expect(Object.keys(b.columns!)).toEqual(['cum_dollar', 'cum_ticks']);
    let lo = Infinity, hi = -Infinity;
    for (const c of b.close) { lo = Math.min(lo, c); hi = Math.max(hi, c); }
    expect([lo, hi]).toEqual([1972, 2066]);
    const { report } = runQc(b);
    expect(report.grid_ms).toBeNull();
    expect(report.counts).toMatchObject({ duplicates: 0, out_of_order: 0, gaps: 0 });
  });
});

describe.runIf(fundingBinance && fundingBybit)('readFundingFile(path, {timezone}) (needs ../shared/data)', () => {
  it('reads the UTC+3 files as UTC settlements at 00/08/16h', async () => {
    const s = await readFundingFile(fundingBinance!, { timezone: '+03:00' });
    expect([s.name, s.symbol, s.ts.length]).toEqual(['funding_rate', 'BTC', 4383]);
    expect(isoUtc(s.ts[0])).toBe('2020-01-01T00:00:00.000Z');
    expect(s.value[0]).toBe(-0.00012359);
    expect(Array.from(s.availableAt!.subarray(0, 5))).toEqual(Array.from(s.ts.subarray(0, 5)));
    let min = Infinity;
    for (const v of s.value) min = Math.min(min, v);
    expect(min).toBe(-0.003);
    const e = await readFundingFile(fundingBybit!, { timezone: '+03:00' });
    expect([e.symbol, e.ts.length, isoUtc(e.ts[e.ts.length - 1])]).toEqual(['ETH', 3285, '2023-12-31T16:00:00.000Z']);
    for (let i = 0; i < e.ts.length; i++) expect(e.ts[i] % (8 * 3_600_000)).toBe(0);
  });
});

describe('readBarsFile(path) on bad input', () => {
  const T = 1618951320000;
  const cases: [string, string | Uint8Array, string][] = [
    ['BTC.csv', `ts,open,high,low,close,volume\n${T},1,1,1,1,1\n${T + 60000},1,1,1,abc,1\n`, 'BTC.csv:3: close: expected a number, got "abc"'],
    ['empty.csv', '', 'empty.csv: expected bar data; the file is empty'],
    ['blank.csv', '\n\n  \n', 'blank.csv: expected a CSV header and data rows; the file is empty'],
    ['cols.csv', 'time,price,qty\n1,2,3\n', 'cols.csv:1: expected columns time, open, high, low, close, volume; missing open, high, low, close, volume, got "time,price,qty"'],
    ['mixed.csv', `timestamp,open,high,low,close,volume\n${T},1,1,1,1,1\n${(T + 60000) * 1000},1,1,1,1,1\n`, 'mixed.csv:3: timestamp: expected epoch milliseconds like the rest of the column (from line 2); mixed time units, got "1618951380000000 (microseconds)"'],
    ['bad.json.gz', gzipSync(`[[${T},1,1,1,1,1]]`.repeat(50)).subarray(0, 30), 'bad.json.gz: expected a readable gzip file (unexpected end of file)'],
    ['plain.json.gz', '[[1,2,3,4,5,6]]', 'plain.json.gz: expected a readable gzip file (no gzip header)'],
    ['BTC.json', `[[${T},1,1,1,1,1],[${T + 60000},1,1,1,1]]`, 'BTC.json:1: row 2: row: expected 6 values [open_time, open, high, low, close, volume], got "5 values"'],
  ];
  it.each(cases)('%s gives the one-line message', async (name, content, expected) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    const m = await message(readBarsFile(p));
    expect(m).toBe(expected);
    expect(m).not.toContain('\n');
  });
  it('names a missing file', async () => {
    expect(await message(readBarsFile(join(dir, 'nope.csv')))).toBe(`${join(dir, 'nope.csv')}: expected an existing file (ENOENT)`);
  });
  it('parseBarsBytes(bytes, name) gunzips by magic bytes whatever the extension', () => {
    const b = parseBarsBytes(gzipSync(`[[${T},1,2,0.5,1.5,3]]`), 'x.dat');
    expect(b.close[0]).toBe(1.5);
    expect(parseOhlcvJson(`[[${T},1,2,0.5,1.5,3]]`).close[0]).toBe(1.5);
  });
});

describe('parseBarsBytes(bytes, name) on the CryptoDataDownload layout', () => {
  it('reads a URL line, unix seconds and ms mixed, two date forms, named volumes, NULL tradecount; symbol from the symbol column', () => {
    const csv = [
      'https://www.CryptoDataDownload.com',
      'unix,date,symbol,open,high,low,close,Volume ETH,Volume USDT,tradecount',
      '1600171200000,2020-09-15 12:00:00,ETH/USDT,365.1,366.2,364.3,365.5,100.123456,36550.1234,812',
      '1600167600.0,2020-09-15 11-AM,ETH/USDT,364,365,363,365.1,90.12,32900.5,NULL',
      '1600164000.0,2020-09-15 10-AM,ETH/USDT,363,364,362,364,80,29120,NULL',
    ].join('\n');
    const b = parseBarsBytes(Buffer.from(csv), 'Binance_ETHUSDT_1h.csv');
    expect([b.symbol, b.intervalMs, Array.from(b.ts)]).toEqual(['ETH', 3_600_000, [1600171200000, 1600167600000, 1600164000000]]);
    expect(Array.from(b.volume)).toEqual([100.123456, 90.12, 80]);
    expect(Array.from(b.columns!.quote_volume)).toEqual([36550.1234, 32900.5, 29120]);
    expect(Array.from(b.columns!.trades)).toEqual([812, NaN, NaN]);
    expect(b.parseNotes).toMatchObject({
      preamble: ['https://www.CryptoDataDownload.com'], timeColumn: 'unix', mixedUnits: { seconds: 2, milliseconds: 1 },
      namedVolume: { base: 'Volume ETH', quote: 'Volume USDT' }, symbolText: 'ETH/USDT',
      dateCheck: { column: 'date', formats: ['iso', 'hour_am_pm'], rows: 3, unparsed: 0, mismatches: 0 },
    });
    expect(Array.from(b.parseNotes!.secondsRows!)).toEqual([0, 1, 1]);
  });
});
