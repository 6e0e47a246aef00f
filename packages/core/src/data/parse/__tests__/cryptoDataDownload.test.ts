import { describe, it, expect } from 'vitest';
import { parseBarsCsv } from '../parseBarsCsv.ts';
import { scanDateText } from '../dateText.ts';
import { inferIntervalMs } from '../inferInterval.ts';

const H = 3_600_000;
const T = Date.UTC(2020, 8, 15, 12);
const msg = (f: () => unknown): string => {
  try { f(); } catch (e) { return (e as Error).message; }
  return 'no error';
};

describe('scanDateText(text, start, end, naiveOffsetMs)', () => {
  it('reads ISO and the 12-hour "YYYY-MM-DD HH-AM" form (12-AM = 00:00, 12-PM = 12:00); NaN otherwise', () => {
    const t = (s: string, off = 0) => scanDateText(s, 0, s.length, off);
    expect(t('2020-09-15 12:00:00')).toBe(T);
    expect(t('2020-09-15 12-PM')).toBe(T);
    expect(t('2020-09-15 12-AM')).toBe(T - 12 * H);
    expect(t('2020-09-15 01-PM')).toBe(T + H);
    expect(t('2020-09-15 11-PM')).toBe(T + 11 * H);
    expect(t('2020-09-15 3:30 pm')).toBe(T + 3.5 * H);
    expect(t('2020-09-15 03-PM', 3 * H)).toBe(T);
    for (const bad of ['2020-09-15 13-PM', '2020-09-15 00-AM', '2020-09-15 06-AMX', '2020-02-30 06-AM', 'x']) expect(t(bad)).toBeNaN();
  });
});

describe('parseBarsCsv(text) on CryptoDataDownload exports', () => {
  const header = 'unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount';
  const rows = [
    `${T + H},2020-09-15 13:00:00,BTC/USDT,10.5,11,10,10.75,1.234567,13.1234,55`,
    `${T},2020-09-15 12:00:00,BTC/USDT,10.25,10.75,10,10.5,2.5,25.25,44`,
    `${(T) / 1000}.0,2020-09-15 12-PM,BTC/USDT,10.25,10.75,10,10.5,2.5,25.25,NULL`,
    `${(T - H) / 1000}.0,2020-09-15 11-AM,BTC/USDT,10,10.5,9.5,10.25,3,30,NULL`,
  ];
  it('skips a URL line, takes unix over date, mixes seconds and ms per row, keeps file order (descending)', () => {
    const b = parseBarsCsv(['https://www.CryptoDataDownload.com', header, ...rows].join('\n'), { source: 'cdd.csv' });
    expect(Array.from(b.ts)).toEqual([T + H, T, T, T - H]);
    expect(b.intervalMs).toBe(H);
    expect(Array.from(b.volume)).toEqual([1.234567, 2.5, 2.5, 3]);
    expect(Object.keys(b.columns!)).toEqual(['quote_volume', 'trades']);
    expect(Array.from(b.columns!.trades)).toEqual([55, 44, NaN, NaN]);
    expect(b.parseNotes).toMatchObject({ preamble: ['https://www.CryptoDataDownload.com'], timeColumn: 'unix', mixedUnits: { seconds: 2, milliseconds: 2 } });
    expect(Array.from(b.parseNotes!.secondsRows!)).toEqual([0, 0, 1, 1]);
  });
  it('cross-checks the date column and counts rows that disagree (ts still from unix)', () => {
    const shifted = rows.map((r, k) => (k === 3 ? r.replace('11-AM', '07-AM') : r));
    const b = parseBarsCsv([header, ...shifted].join('\n'), { source: 'cdd.csv' });
    expect(b.parseNotes!.dateCheck).toEqual({ column: 'date', formats: ['iso', 'hour_am_pm'], rows: 4, unparsed: 0, mismatches: 1, firstMismatch: { row: 3, ts: T - H, date: T - 5 * H } });
    expect(b.ts[3]).toBe(T - H);
  });
  it('picks the base volume by the symbol (ETH/BTC: Volume ETH is base, Volume BTC is quote), or the non-quote currency', () => {
    const eth = parseBarsCsv(`unix,symbol,open,high,low,close,Volume BTC,Volume ETH\n${T},ETH/BTC,1,1,1,1,0.5,7\n`);
    expect([eth.volume[0], eth.columns!.quote_volume[0]]).toEqual([7, 0.5]);
    const noSymbol = parseBarsCsv(`unix,open,high,low,close,Volume USDT,Volume SOL\n${T},1,1,1,1,300,9\n`);
    expect([noSymbol.volume[0], noSymbol.columns!.quote_volume[0]]).toEqual([9, 300]);
    expect(msg(() => parseBarsCsv(`unix,open,high,low,close,Volume USDT\n${T},1,1,1,1,300\n`, { source: 'q.csv' }))).toMatch(/^q\.csv:1: expected columns time, open, high, low, close, volume; missing volume/);
  });
  it('still refuses milliseconds mixed with microseconds', () => {
    expect(msg(() => parseBarsCsv(`unix,open,high,low,close,volume\n${T},1,1,1,1,1\n${T * 1000},1,1,1,1,1\n`, { source: 'm.csv' })))
      .toBe('m.csv:3: unix: expected epoch milliseconds like the rest of the column (from line 2); mixed time units, got "1600171200000000 (microseconds)"');
  });
  it('inferIntervalMs(ts) reads the step size of a descending series', () => {
    expect(inferIntervalMs(Float64Array.of(3 * H, 2 * H, H, 0))).toBe(H);
  });
});
