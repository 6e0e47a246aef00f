import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseOhlcvJson } from '../parseOhlcvJson.ts';
import { parseBarsCsv } from '../parseBarsCsv.ts';
import { parseFundingCsv } from '../parseFundingCsv.ts';
import { parseBarsText, detectBarsTextFormat } from '../parseBarsText.ts';
import { scanNumber } from '../scanNumber.ts';
import { scanIsoTime, isoUtc, daysFromCivil } from '../isoTime.ts';
import { parseTimezoneOffset, formatOffset } from '../timezone.ts';
import { formatBarsCsv } from '../formatBarsCsv.ts';
import { inferIntervalMs } from '../inferInterval.ts';
import { baseSymbol } from '../baseSymbol.ts';

const T0 = 1618951320000; // 2021-04-20T20:42:00Z
const KLINE_HEADER = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';

function msg(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('scanNumber(text, start, end)', () => {
  it('reads plain decimals, signs, quotes, exponents and rejects junk', () => {
    const v = (s: string) => scanNumber(s, 0, s.length);
    expect(v('56738.76')).toBe(56738.76);
    expect(v(' -0.00012359 ')).toBe(-0.00012359);
    expect(v('"129.784255"')).toBe(129.784255);
    expect(v('1e-4')).toBe(1e-4);
    expect(v('0.6850000000000001')).toBe(0.6850000000000001);
    expect(v('1723161255088176367')).toBe(Number('1723161255088176367'));
    expect(v('Infinity')).toBe(Infinity);
    for (const bad of ['', 'abc', '1.2.3', '0x10', '12a', '--1', ' ']) expect(v(bad)).toBeNaN();
  });
  it('equals Number(text) for every double printed by JavaScript', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const s = String(x);
      expect(Object.is(scanNumber(s, 0, s.length), Number(s)) || (x === 0 && scanNumber(s, 0, s.length) === 0)).toBe(true);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 8 }), (m, k) => {
      const s = (m / 10 ** k).toFixed(k);
      expect(scanNumber(s, 0, s.length)).toBe(Number(s));
    }), { numRuns: 2000 });
  });
});

describe('scanIsoTime(text, start, end, naiveOffsetMs) / isoUtc(ms)', () => {
  it('reads naive, Z and offset forms; naive values are shifted by the declared zone', () => {
    const t = (s: string, off = 0) => scanIsoTime(s, 0, s.length, off);
    expect(t('2021-04-20 20:42:00')).toBe(T0);
    expect(t('2021-04-20T20:42:00Z')).toBe(T0);
    expect(t('2021-04-20T23:42:00+03:00')).toBe(T0);
    expect(t('2021-04-20T23:42:00+0300')).toBe(T0);
    expect(t('2021-04-20 23:42:00.000', 3 * 3_600_000)).toBe(T0);
    expect(t('2011/07/31 22:00:00.120')).toBe(Date.UTC(2011, 6, 31, 22, 0, 0, 120));
    expect(t('2015-01-01')).toBe(Date.UTC(2015, 0, 1));
    expect(t('2020-02-29 00:00')).toBe(Date.UTC(2020, 1, 29));
    for (const bad of ['2021-13-01', '2021-02-30', '2019-02-29', '2021-04-20 25:00', '2021-04-20X', 'yesterday', '1618951320']) expect(t(bad)).toBeNaN();
  });
  it('agrees with Date.UTC and Date#toISOString on random instants', () => {
    fc.assert(fc.property(fc.integer({ min: -2e12, max: 4e12 }), (ms) => {
      const iso = new Date(ms).toISOString();
      expect(isoUtc(ms)).toBe(iso);
      expect(scanIsoTime(iso, 0, iso.length, 0)).toBe(ms);
    }), { numRuns: 3000 });
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });
});

describe('parseTimezoneOffset(tz) / formatOffset(ms)', () => {
  it('parses fixed offsets and rejects named zones', () => {
    expect(parseTimezoneOffset('UTC')).toBe(0);
    expect(parseTimezoneOffset('+03:00')).toBe(10_800_000);
    expect(parseTimezoneOffset('-0530')).toBe(-19_800_000);
    expect(parseTimezoneOffset('UTC+3')).toBe(10_800_000);
    expect(formatOffset(10_800_000)).toBe('+03:00');
    expect(formatOffset(-19_800_000)).toBe('-05:30');
    expect(msg(() => parseTimezoneOffset('Europe/Berlin'))).toBe('timezone: expected UTC or a fixed offset such as +03:00, got "Europe/Berlin"');
  });
});

describe('parseOhlcvJson(text, options)', () => {
  it('reads freqtrade rows into columns and infers the interval', () => {
    const b = parseOhlcvJson(`[[${T0},56738.76,56840.3,56733.23,56813.98,50.9752],\n [${T0 + 60000}, 1, 2, 0.5, 1.5, "3"]]`, { symbol: 'BTC' });
    expect(Array.from(b.ts)).toEqual([T0, T0 + 60000]);
    expect(Array.from(b.close)).toEqual([56813.98, 1.5]);
    expect(Array.from(b.volume)).toEqual([50.9752, 3]);
    expect(b.intervalMs).toBe(60000);
    expect(b.symbol).toBe('BTC');
  });
  it('converts epoch seconds to ms and refuses a row in another unit', () => {
    expect(Array.from(parseOhlcvJson('[[1618951320,1,1,1,1,1]]').ts)).toEqual([T0]);
    expect(msg(() => parseOhlcvJson(`[[${T0},1,1,1,1,1],[1618951380,1,1,1,1,1]]`, { source: 'x.json' })))
      .toBe('x.json:1: row 2: open_time: expected epoch milliseconds like the rest of the column (from row 1); mixed time units, got "1618951380 (seconds)"');
  });
  it('names file:line, row and field for malformed input', () => {
    expect(msg(() => parseOhlcvJson(`[[${T0},1,1,1,"abc",1]]`, { source: 'BTC.json' }))).toBe('BTC.json:1: row 1: close: expected a number, got "abc"');
    expect(msg(() => parseOhlcvJson(`[\n[${T0},1,1,1,1,1],\n[${T0},1,1,1]\n]`, { source: 'a.json' }))).toBe('a.json:3: row 2: row: expected 6 values [open_time, open, high, low, close, volume], got "4 values"');
    expect(msg(() => parseOhlcvJson('', { source: 'e.json' }))).toBe('e.json: expected a JSON array of [open_time, open, high, low, close, volume] rows; the file is empty');
    expect(msg(() => parseOhlcvJson('[]', { source: 'e.json' }))).toBe('e.json: expected at least one [open_time, open, high, low, close, volume] row; the array is empty');
    expect(msg(() => parseOhlcvJson(`[[${T0},1,1,1,1,1]`, { source: 't.json' }))).toBe('t.json:1: row 1: expected "," or "]" after a row, got "the end of the file"');
    expect(msg(() => parseOhlcvJson(`{"a":1}`, { source: 'o.json' }))).toBe('o.json:1: expected a JSON array starting with "[", got "{\\"a\\":1}"');
  });
  it('reads pretty-printed JSON (newlines and indentation inside rows)', () => {
    const rows = [[T0, 1, 2, 0.5, 1.5, 3], [T0 + 60000, 1.5, 2.5, 1, 2, 4]];
    const b = parseOhlcvJson(JSON.stringify(rows, null, 2));
    expect(Array.from(b.close)).toEqual([1.5, 2]);
    expect(Array.from(b.ts)).toEqual([T0, T0 + 60000]);
  });
  it('accepts null volume as NaN (QC reports it)', () => {
    expect(parseOhlcvJson(`[[${T0},1,1,1,1,null]]`).volume[0]).toBeNaN();
  });
});

describe('parseBarsCsv(text, options)', () => {
  it('reads a header CSV with ISO times in a declared zone and keeps extra numeric columns', () => {
    const text = 'Date,Open,High,Low,Close,Volume,trades,symbol\n2021-04-20 23:42:00,1,2,0.5,1.5,10,7,BTC\n\n2021-04-20 23:43:00,1.5,2,1,1.75,11,,BTC\n\n\n';
    const b = parseBarsCsv(text, { timezone: '+03:00', source: 'b.csv' });
    expect(Array.from(b.ts)).toEqual([T0, T0 + 60000]);
    expect(Array.from(b.high)).toEqual([2, 2]);
    expect(Object.keys(b.columns!)).toEqual(['trades']);
    expect(b.columns!.trades[0]).toBe(7);
    expect(b.columns!.trades[1]).toBeNaN();
  });
  it('detects epoch s/ms/µs/ns from magnitude, one unit for the whole column', () => {
    for (const [mult, name] of [[1e-3, 's'], [1, 'ms'], [1e3, 'µs'], [1e6, 'ns']] as const) {
      const b = parseBarsCsv(`timestamp,open,high,low,close,volume\n${T0 * mult},1,1,1,1,1\n${(T0 + 60000) * mult},1,1,1,1,1\n`);
      expect(Array.from(b.ts), name).toEqual([T0, T0 + 60000]);
    }
    expect(msg(() => parseBarsCsv(`ts,open,high,low,close,volume\n${T0},1,1,1,1,1\n${T0 + 60000},1,1,1,1,1\n${(T0 + 120000) * 1000},1,1,1,1,1\n`, { source: 'm.csv' })))
      .toBe('m.csv:4: ts: expected epoch milliseconds like the rest of the column (from line 2); mixed time units, got "1618951440000000 (microseconds)"');
    expect(msg(() => parseBarsCsv(`ts,open,high,low,close,volume\n${T0},1,1,1,1,1\n2021-04-20 20:43:00,1,1,1,1,1\n`, { source: 'm.csv' })))
      .toBe('m.csv:3: ts: expected epoch milliseconds like the rest of the column (from line 2); mixed time formats, got "2021-04-20 20:43:00"');
  });
  it('reads headerless Binance kline rows (ms or µs open_time) with their extra columns', () => {
    const row = (t: number) => `${t},56738.76,56840.3,56733.23,56813.98,50.9752,${t > 1e14 ? t + 59_999_999 : t + 59_999},2893004.5,1234,25.1,1425000.2,0`;
    const ms = parseBarsCsv(`${row(T0)}\n${row(T0 + 60000)}\n`);
    const us = parseBarsCsv(`${row(T0 * 1000)}\n${row((T0 + 60000) * 1000)}\n`);
    expect(Array.from(ms.ts)).toEqual([T0, T0 + 60000]);
    expect(Array.from(us.ts)).toEqual([T0, T0 + 60000]);
    expect(Object.keys(ms.columns!)).toEqual(['close_time', 'quote_volume', 'trades', 'taker_buy_base_volume', 'taker_buy_quote_volume']);
    expect(ms.columns!.trades[1]).toBe(1234);
    expect(us.columns!.close_time[0]).toBe((T0 * 1000 + 59_999_999) / 1000);
    const header = parseBarsCsv(`${KLINE_HEADER}\n${row(T0 * 1000)}\n`);
    expect([header.ts[0], header.columns!.close_time[0]]).toEqual([T0, (T0 * 1000 + 59_999_999) / 1000]);
    expect(ms.intervalMs).toBe(60000);
  });
  it('gives one-line errors naming file:line and field', () => {
    const h = 'ts,open,high,low,close,volume\n';
    expect(msg(() => parseBarsCsv(`${h}${T0},1,1,1,1,1\n${T0 + 60000},1,1,1,abc,1\n`, { source: 'BTC.csv' }))).toBe('BTC.csv:3: close: expected a number, got "abc"');
    expect(msg(() => parseBarsCsv(`${h}${T0},1,1,1,1\n`, { source: 'f.csv' }))).toBe('f.csv:2: expected 6 fields like the header, got "5 fields"');
    expect(msg(() => parseBarsCsv(`${h}${T0},1,1,1,1,1,9\n`, { source: 'f.csv' }))).toBe('f.csv:2: expected 6 fields like the header, got "7 fields"');
    expect(msg(() => parseBarsCsv('', { source: 'empty.csv' }))).toBe('empty.csv: expected a CSV header and data rows; the file is empty');
    expect(msg(() => parseBarsCsv('\n\n', { source: 'empty.csv' }))).toBe('empty.csv: expected a CSV header and data rows; the file is empty');
    expect(msg(() => parseBarsCsv(h, { source: 'h.csv' }))).toBe('h.csv: expected at least one data row after the header');
    expect(msg(() => parseBarsCsv('time,price,size\n1,2,3\n', { source: 'w.csv' }))).toBe('w.csv:1: expected columns time, open, high, low, close, volume; missing open, high, low, close, volume, got "time,price,size"');
    expect(msg(() => parseBarsCsv('1,2,3\n', { source: 'k.csv' }))).toBe('k.csv:1: expected a header row, or a headerless Binance kline row of 12 columns (or 6: open_time,open,high,low,close,volume), got "3 numeric columns"');
    expect(msg(() => parseBarsCsv(`date,open,high,low,close,volume\n2021-04-31 00:00,1,1,1,1,1\n`, { source: 'd.csv' }))).toBe('d.csv:2: date: expected an ISO timestamp such as 2021-05-19 13:21:00, got "2021-04-31 00:00"');
  });
  it('round-trips formatBarsCsv exactly', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 50 }), (rows) => {
      const n = rows.length;
      const f = (g: (k: number) => number) => Float64Array.from({ length: n }, (_, k) => g(k));
      const bars = { symbol: 'X', intervalMs: 60000, ts: f((k) => T0 + k * 60000 + 0.5 * (k % 2)), open: f((k) => rows[k][0]), high: f((k) => rows[k][0] * 2), low: f((k) => rows[k][0] / 2), close: f((k) => rows[k][0]), volume: f((k) => rows[k][1]), columns: { q: f((k) => k) } };
      const back = parseBarsCsv(formatBarsCsv(bars));
      expect(Array.from(back.ts)).toEqual(Array.from(bars.ts).map((t) => Math.floor(t)));
      expect(Array.from(back.close)).toEqual(Array.from(bars.close));
      expect(Array.from(back.volume)).toEqual(Array.from(bars.volume));
      expect(Array.from(back.columns!.q)).toEqual(Array.from(bars.columns.q));
    }), { numRuns: 50 });
  });
});

describe('parseFundingCsv(text, options)', () => {
  const text = 'Symbol,Date,Funding Rate\nBTC-USDT,2020-01-01 03:00:00.000,-0.00012359\nBTC-USDT,2020-01-01 11:00:00.012,0.0001\n\n';
  it('reads naive UTC+3 settlements as UTC with availableAt = ts', () => {
    const s = parseFundingCsv(text, { timezone: '+03:00' });
    expect(s.name).toBe('funding_rate');
    expect(s.symbol).toBe('BTC');
    expect(Array.from(s.ts)).toEqual([Date.UTC(2020, 0, 1, 0), Date.UTC(2020, 0, 1, 8, 0, 0, 12)]);
    expect(Array.from(s.availableAt!)).toEqual(Array.from(s.ts));
    expect(Array.from(s.value)).toEqual([-0.00012359, 0.0001]);
  });
  it('names the line of a bad rate and refuses a missing rate column', () => {
    expect(msg(() => parseFundingCsv(text.replace('0.0001\n', 'x\n'), { source: 'f.csv' }))).toBe('f.csv:3: Funding Rate: expected a number, got "x"');
    expect(msg(() => parseFundingCsv('Symbol,Date\nBTC,2020-01-01\n', { source: 'f.csv' }))).toBe('f.csv:1: expected a header Symbol,Date,Funding Rate; missing Funding Rate, got "Symbol,Date"');
  });
});

describe('parseBarsText / inferIntervalMs / baseSymbol', () => {
  it('detects JSON vs CSV by content', () => {
    expect(detectBarsTextFormat('  \n[[1,2]]')).toBe('json');
    expect(detectBarsTextFormat('ts,open')).toBe('csv');
    expect(parseBarsText(`[[${T0},1,2,0.5,1,3]]`).close[0]).toBe(1);
  });
  it('infers the modal step, null when irregular', () => {
    expect(inferIntervalMs(Float64Array.of(0, 300, 600, 1200, 1500))).toBe(300);
    expect(inferIntervalMs(Float64Array.of(0, 7, 20, 51, 100))).toBeNull();
    expect(inferIntervalMs(Float64Array.of(5))).toBeNull();
  });
  it('baseSymbol(pair) strips the quote asset', () => {
    expect(['BTC-USDT', 'BTC/USDT:USDT', 'BTCUSDT', 'eth_usdt', 'SOL'].map(baseSymbol)).toEqual(['BTC', 'BTC', 'BTC', 'ETH', 'SOL']);
  });
});
