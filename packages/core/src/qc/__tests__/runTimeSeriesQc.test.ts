import { describe, it, expect } from 'vitest';
import { runTimeSeriesQc, FUNDING_GRID_MS } from '../runTimeSeriesQc.ts';
import type { TimeSeries } from '../../data/types.ts';

const H8 = FUNDING_GRID_MS;

function series(rows: [number, number][]): TimeSeries {
  const ts = Float64Array.from(rows, (r) => r[0]);
  return { name: 'funding_rate', symbol: 'BTC', ts, value: Float64Array.from(rows, (r) => r[1]), availableAt: ts.slice() };
}

describe('runTimeSeriesQc(series, options)', () => {
  it('finds duplicates, conflicts, disorder, gaps on the 8 h grid and non-finite values', () => {
    const s = series([[0, 1e-4], [H8, 2e-4], [H8, 2e-4], [3 * H8, 3e-4], [2 * H8, NaN], [3 * H8, 5e-4], [6 * H8, 1e-4]]);
    const { report, cleaned } = runTimeSeriesQc(s);
    expect(report.counts).toMatchObject({ duplicates: 1, conflicts: 1, out_of_order: 1, bad_values: 1, gaps: 2, bars_missing: 3 });
    expect(report.conflicts[0].rows.map((r) => [r.row, r.value])).toEqual([[3, 3e-4], [5, 5e-4]]);
    expect(report.gaps.map((g) => [g.start, g.end, g.bars_missing])).toEqual([[2 * H8, 2 * H8, 1], [4 * H8, 5 * H8, 2]]);
    expect(Array.from(cleaned.ts)).toEqual([0, H8, 3 * H8, 6 * H8]);
    expect(Array.from(cleaned.value)).toEqual([1e-4, 2e-4, 5e-4, 1e-4]);
    expect(Array.from(cleaned.availableAt!)).toEqual(Array.from(cleaned.ts));
    expect(s.value[4]).toBeNaN();
  });
  it('refuses forward fill for a time series', () => {
    expect(() => runTimeSeriesQc(series([[0, 1]]), { fill: 'ffill' })).toThrow('fill: expected none for a time series (forward fill applies to bars), got "ffill"');
  });
});
