import { describe, it, expect } from 'vitest';
import { runQc } from '../runQc.ts';
import { dedupeBars } from '../dedupeBars.ts';
import { decimalsOf } from '../duplicateRule.ts';
import type { BarSeries } from '../../data/types.ts';
import type { ParsedBarSeries } from '../../data/parse/parseNotes.ts';

const H = 3_600_000;
type Row = [number, number, number, number, number, number];
function bars(rows: Row[]): BarSeries {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]);
  return { symbol: 'T', intervalMs: H, ts: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

describe('decimalsOf(x)', () => {
  it('counts the decimals of the shortest decimal form', () => {
    expect([11783.3, 4552.641795, 7, 0.1, 25849742.12581387, NaN].map(decimalsOf)).toEqual([1, 6, 0, 1, 8, 0]);
  });
});

describe('runQc(bars, {duplicates}) on a descending file with twin rows', () => {
  // newest first; hour 2 appears twice: full precision first, then a 2-decimal twin
  const b = bars([
    [3 * H, 103, 103.5, 102.5, 103, 1],
    [2 * H, 102.1234, 102.5, 101.5, 102.25, 2.123456],
    [2 * H, 102.12, 102.5, 101.5, 102.25, 2.12],
    [H, 101, 101.5, 100.5, 102, 1],
    [0, 100, 100.5, 99.5, 101, 1],
  ]);
  it('recognises the descending order (no rows out of order) and summarises the duplicate time', () => {
    const { report, cleaned } = runQc(b);
    expect(report.order).toBe('descending');
    expect(report.counts).toMatchObject({ out_of_order: 0, duplicate_times: 1, conflicts: 1, duplicates: 0 });
    expect(report.duplicate_summary).toMatchObject({ rule: 'precision', times: 1, rows_dropped: 1, kept_not_first: 0, ohlc_identical: 0, ohlc_differ: 1 });
    expect(report.duplicate_summary.max_abs_diff.open).toBeCloseTo(0.0034, 10);
    expect(report.duplicate_summary.largest).toMatchObject({ field: 'open', rows: [1, 2], values: [102.1234, 102.12] });
    expect(Array.from(cleaned.ts)).toEqual([0, H, 2 * H, 3 * H]);
    expect(cleaned.open[2]).toBe(102.1234);
    expect(report.rules.conflicts).toMatch(/^rule precision: keep the row with the most decimal places/);
  });
  it('"first" keeps the first row in file order, "last" the last', () => {
    expect(runQc(b, { duplicates: 'first' }).cleaned.open[2]).toBe(102.1234);
    const last = runQc(b, { duplicates: 'last' });
    expect(last.cleaned.open[2]).toBe(102.12);
    expect(last.report.duplicate_summary.kept_not_first).toBe(1);
    expect(() => runQc(b, { duplicates: 'newest' as never })).toThrow('duplicates: expected precision | first | last, got "newest"');
  });
  it('precision ties go to the millisecond-format row (parse notes), then the later row', () => {
    const tie: ParsedBarSeries = { ...bars([[H, 2, 2, 2, 2, 1], [H, 3, 3, 3, 3, 1], [0, 1, 1, 1, 1, 1]]) };
    expect(dedupeBars(tie).bars.open[1]).toBe(3);
    tie.parseNotes = { preamble: [], timeColumn: 'unix', mixedUnits: { seconds: 1, milliseconds: 2 }, secondsRows: Uint8Array.of(0, 1, 0), namedVolume: null, dateCheck: null, symbolText: null };
    const d = dedupeBars(tie);
    expect([d.bars.open[1], d.summary.kept_not_first, Array.from(d.bars.ts)]).toEqual([2, 0, [0, H]]);
  });
});

describe('runQc(bars) bad prints', () => {
  it('flags a bar whose open and high no neighbour confirms (the 2017-08-17 BTC first print) and keeps it', () => {
    const rows: Row[] = Array.from({ length: 200 }, (_, k) => {
      const c = 4300 * (1 + 0.004 * Math.sin(k * 1.7));
      return [k * H, c * 0.999, c * 1.003, c * 0.997, c, 1];
    });
    rows[0] = [0, 16199.91, 16199.91, 4261.32, 4308.83, 44.51];
    rows[100] = [100 * H, rows[100][1], 9000, rows[100][3], rows[100][4], 1];
    const { report, cleaned } = runQc(bars(rows));
    expect(report.counts.bad_prints).toBe(2);
    expect(report.bad_prints.map((p) => [p.row, p.fields])).toEqual([[0, ['open', 'high']], [100, ['high']]]);
    expect(report.bad_prints[0].reference).toBeCloseTo(rows[1][1], 6);
    expect(cleaned.ts.length).toBe(200);
  });
});
