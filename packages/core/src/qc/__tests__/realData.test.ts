import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedDataPath, SHARED_DATA_MISSING } from '@skippy/io';
import { parseOhlcvJson } from '../../data/parse/parseOhlcvJson.ts';
import { parseFundingCsv } from '../../data/parse/parseFundingCsv.ts';
import { parseBarsCsv } from '../../data/parse/parseBarsCsv.ts';
import { runQc } from '../runQc.ts';
import { runTimeSeriesQc } from '../runTimeSeriesQc.ts';
import { formatQcReport } from '../formatQcReport.ts';

const btc5m = sharedDataPath('binance-spot-btc-5m-2019-11/BTC_USDT-5m.json.gz');
const btc1mApr = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
const eth1mApr = sharedDataPath('binance-spot-btc-eth-1m-2021-04/ETH_USDT-1m.json.gz');
const btc1mSep = sharedDataPath('binance-spot-btc-eth-1m-2021-09/BTC_USDT-1m.json.gz');
const FUNDING = ['BTC-USDT_binance_2020-01-01_2024-01-01', 'ETH-USDT_binance_2020-01-01_2024-01-01', 'BTC-USDT_bybit_2021-01-01_2024-01-01', 'ETH-USDT_bybit_2021-01-01_2024-01-01']
  .map((s) => sharedDataPath(`funding-rates-binance-bybit-2020-2023/${s}_funding_history.csv`));

const load = (p: string, symbol: string) => parseOhlcvJson(gunzipSync(readFileSync(p)).toString('utf8'), { symbol, source: p });

describe.runIf(btc5m)('runQc on binance-spot-btc-5m-2019-11 (needs ../shared/data)', () => {
  it('finds exactly the 4 gaps and 1 duplicate of SOURCE.md, and the 2020-03-12 crash as outliers', () => {
    const { report, cleaned } = runQc(load(btc5m!, 'BTC'));
    expect(report.rows_in).toBe(33_960);
    expect(report.gaps.map((g) => [g.last_before_iso, g.first_after_iso, g.bars_missing])).toEqual([
      ['2019-11-25T01:55:00.000Z', '2019-11-25T04:00:00.000Z', 24],
      ['2020-02-09T01:55:00.000Z', '2020-02-09T03:00:00.000Z', 12],
      ['2020-02-19T11:35:00.000Z', '2020-02-19T17:30:00.000Z', 70],
      ['2020-03-04T09:20:00.000Z', '2020-03-04T11:30:00.000Z', 25],
    ]);
    expect(report.duplicates).toEqual([{ ts: 1583664000000, iso: '2020-03-08T10:40:00.000Z', rows: [32680, 32681] }]);
    expect(report.counts).toMatchObject({ conflicts: 0, out_of_order: 0, off_grid: 0, bad_values: 0, ohlc_violations: 0, bars_missing: 131 });
    expect(report.time_offset).toBeNull();
    // gap-free grid 34,090 rows = 33,959 distinct + 131 missing
    expect(cleaned.ts.length + report.counts.bars_missing).toBe(34_090);
    const biggest = report.outliers.reduce((a, b) => (Math.abs(b.z) > Math.abs(a.z) ? b : a));
    expect(biggest.iso).toBe('2020-03-12T10:55:00.000Z');
    expect(biggest.log_return).toBeCloseTo(Math.log(6014.9 / 6700), 12);
    expect(biggest.context).toHaveLength(7);
    expect(report.outliers.filter((o) => o.iso.startsWith('2020-03-12')).length).toBeGreaterThanOrEqual(7);
    expect(formatQcReport(report)).toContain('2020-02-19T11:40:00.000Z  2020-02-19T17:25:00.000Z  70');
  });
});

describe.runIf(btc1mApr && eth1mApr)('runQc on binance-spot-btc-eth-1m-2021-04 (needs ../shared/data)', () => {
  it('finds one gap of 284 bars and the 2021-05-19 crash among the outliers', () => {
    for (const [p, sym, move] of [[btc1mApr!, 'BTC', -0.0597], [eth1mApr!, 'ETH', -0.0974]] as const) {
      const { report } = runQc(load(p, sym));
      expect(report.rows_in).toBe(42_915);
      expect(report.gaps.map((g) => [g.last_before_iso, g.first_after_iso, g.bars_missing])).toEqual([['2021-04-25T04:00:00.000Z', '2021-04-25T08:45:00.000Z', 284]]);
      expect(report.counts).toMatchObject({ duplicates: 0, conflicts: 0, out_of_order: 0, off_grid: 0, ohlc_violations: 0, bad_values: 0 });
      const crash = report.outliers.find((o) => o.iso === '2021-05-19T13:21:00.000Z');
      expect(crash, sym).toBeDefined();
      expect(crash!.log_return).toBeCloseTo(move, 4);
      expect(report.outliers.filter((o) => o.iso.startsWith('2021-05-19')).length).toBeGreaterThan(report.outliers.length / 2);
    }
  });
});

describe.runIf(btc1mSep)('runQc on binance-spot-btc-eth-1m-2021-09 (needs ../shared/data)', () => {
  it('finds one gap of 120 bars (2021-09-29 07:00 → 08:59 missing)', () => {
    const { report } = runQc(load(btc1mSep!, 'BTC'));
    expect(report.gaps.map((g) => [g.start_iso, g.end_iso, g.bars_missing])).toEqual([['2021-09-29T07:00:00.000Z', '2021-09-29T08:59:00.000Z', 120]]);
    expect(report.counts.duplicates + report.counts.out_of_order + report.counts.ohlc_violations).toBe(0);
  });
});

describe.runIf(FUNDING.every(Boolean))('runTimeSeriesQc on the funding-rate files (needs ../shared/data)', () => {
  it('reports the UTC+3 offset read naively, and none when read with --timezone +03:00', () => {
    for (const p of FUNDING) {
      const text = readFileSync(p!, 'utf8');
      const naive = runTimeSeriesQc(parseFundingCsv(text));
      expect(naive.report.time_offset).toMatchObject({ offset_ms: 10_800_000, offset: '+03:00', applied: false });
      expect(naive.report.time_offset!.rows_matching).toBe(naive.report.rows_in);
      expect(naive.report.time_offset!.jitter_max_ms).toBeLessThanOrEqual(47);
      expect(naive.report.counts).toMatchObject({ gaps: 0, duplicates: 0, out_of_order: 0, off_grid: 0 });
      const fixed = runTimeSeriesQc(parseFundingCsv(text), { fixOffset: true });
      expect(fixed.report.time_offset!.applied).toBe(true);
      expect(fixed.cleaned.ts[0] % (8 * 3_600_000)).toBeLessThanOrEqual(47);
      const declared = runTimeSeriesQc(parseFundingCsv(text, { timezone: '+03:00' }));
      expect(declared.report.time_offset).toBeNull();
      expect(Array.from(declared.cleaned.ts)).toEqual(Array.from(fixed.cleaned.ts));
    }
  });
});

const CDD = ['BTC', 'ETH'].map((s) => sharedDataPath(`binance-spot-btc-eth-1h-2017-2021/Binance_${s}USDT_1h.csv.gz`));
const loadCdd = (p: string, symbol: string) => parseBarsCsv(gunzipSync(readFileSync(p)).toString('utf8'), { symbol, source: p });

describe.runIf(CDD[0] && CDD[1])('runQc on binance-spot-btc-eth-1h-2017-2021, the CryptoDataDownload layout (needs ../shared/data)', () => {
  it('BTC: 2,649 duplicate hours (1,207 agree on OHLC, 1,442 differ), 8 gaps, seconds and ms mixed, the bad first print', () => {
    const { report, cleaned } = runQc(loadCdd(CDD[0]!, 'BTC'));
    expect([report.rows_in, report.rows_out, report.grid_ms, report.order, report.first_iso, report.last_iso])
      .toEqual([36_062, 33_413, 3_600_000, 'descending', '2017-08-17T04:00:00.000Z', '2021-06-10T00:00:00.000Z']);
    expect(report.counts).toMatchObject({
      duplicate_times: 2649, duplicates: 0, conflicts: 2649, out_of_order: 0, off_grid: 0, gaps: 8, bars_missing: 16,
      bad_values: 0, ohlc_violations: 0, bad_prints: 1, rows_in_seconds: 28_584, rows_in_milliseconds: 7_478, date_mismatches: 91,
    });
    const d = report.duplicate_summary;
    expect(d).toMatchObject({ rule: 'precision', times: 2649, rows_dropped: 2649, kept_not_first: 0, ohlc_identical: 1207, ohlc_differ: 1442 });
    expect(d.max_abs_diff.open).toBeCloseTo(19.54, 9);
    expect(d.max_abs_diff.close).toBeCloseTo(68.97, 9);
    expect(d.max_rel_diff.close).toBeCloseTo(68.97 / 18212, 12);
    expect(d.largest).toMatchObject({ iso: '2020-11-20T07:00:00.000Z', field: 'close', values: [18212, 18143.03] });
    expect(Math.max(...report.gaps.map((g) => g.bars_missing))).toBe(4); // the largest: a 5 h step, 4 bars missing
    expect(report.bad_prints.map((p) => [p.iso, p.fields, p.open, p.high, p.low, p.close])).toEqual([['2017-08-17T04:00:00.000Z', ['open', 'high'], 16199.91, 16199.91, 4261.32, 4308.83]]);
    expect(report.time_units).toMatchObject({ seconds: 28_584, milliseconds: 7_478, first_milliseconds_row: 0 });
    expect(report.date_check).toMatchObject({ column: 'date', time_column: 'unix', formats: ['iso', 'hour_am_pm'], mismatches: 91, first_mismatch: { ts_iso: '2017-09-26T18:00:00.000Z', date_iso: '2017-09-26T14:00:00.000Z' } });
    // the kept twin of a duplicate hour is the full-precision (millisecond-format) row
    const k = cleaned.ts.indexOf(Date.UTC(2020, 8, 15, 11));
    expect([cleaned.open[k], cleaned.volume[k], cleaned.columns!.trades[k]]).toEqual([10847.29, 3766.621196, 55439]);
    const text = formatQcReport(report);
    expect(text).toContain('duplicate times: 2649 (1207 agree on OHLC, 1442 differ)');
    expect(text).toContain('28584 s + 7478 ms rows');
  });
  it('ETH: the same 2,649 duplicate hours (903 agree on OHLC), 8 gaps, two bad prints (first bar, 2017-08-22 04:00 low)', () => {
    const { report } = runQc(loadCdd(CDD[1]!, 'ETH'));
    expect(report.counts).toMatchObject({ duplicate_times: 2649, conflicts: 2649, out_of_order: 0, gaps: 8, bars_missing: 16, bad_prints: 2, rows_in_seconds: 28_584, rows_in_milliseconds: 7_478 });
    expect(report.duplicate_summary).toMatchObject({ ohlc_identical: 903, ohlc_differ: 1746 });
    expect(report.bad_prints.map((p) => [p.iso, p.fields])).toEqual([['2017-08-17T04:00:00.000Z', ['open', 'high']], ['2017-08-22T04:00:00.000Z', ['low']]]);
  });
});
if (!CDD[0] || !CDD[1]) it.skip(`runQc on binance-spot-btc-eth-1h-2017-2021: ${SHARED_DATA_MISSING}`, () => undefined);
