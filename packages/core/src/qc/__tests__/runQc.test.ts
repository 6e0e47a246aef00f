import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runQc } from '../runQc.ts';
import { medianInPlace } from '../quickselect.ts';
import { MAD_TO_SIGMA } from '../robustOutliers.ts';
import type { BarSeries } from '../../data/types.ts';

const M = 60_000;

function bars(rows: [number, number, number, number, number, number][], intervalMs: number | null = M): BarSeries {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]);
  return { symbol: 'T', intervalMs, ts: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}
const flat = (t: number, c: number, v = 1): [number, number, number, number, number, number] => [t, c, c, c, c, v];

describe('runQc(bars, options) on hand-made series', () => {
  it('drops exact duplicates, resolves conflicts by keeping the later row, finds gaps and bad values', () => {
    const b = bars([
      flat(0, 100),
      flat(M, 101),
      flat(M, 101), // exact duplicate of row 1
      flat(2 * M, 102),
      flat(2 * M, 103), // conflicts with row 3: row 4 kept
      [5 * M, 104, 103, 102, 104, 1], // gap: 3M, 4M missing; OHLC violation high < max(open, close)
      [6 * M, 105, 105, 105, -1, 1], // bad close → dropped
      [7 * M, 105, 106, 104, 105.5, -2], // negative volume → dropped
      flat(8 * M, 106),
    ]);
    const { report, cleaned } = runQc(b);
    expect(report.counts).toMatchObject({ duplicates: 1, duplicate_rows_dropped: 1, conflicts: 1, out_of_order: 0, gaps: 2, bars_missing: 4, bad_values: 2, bad_rows_dropped: 2, ohlc_violations: 1 });
    expect(report.duplicates).toEqual([{ ts: M, iso: '1970-01-01T00:01:00.000Z', rows: [1, 2] }]);
    expect(report.conflicts[0].rows.map((r) => [r.row, r.close])).toEqual([[3, 102], [4, 103]]);
    expect(report.conflicts[0].kept_row).toBe(4);
    expect(report.gaps.map((g) => [g.start, g.end, g.bars_missing])).toEqual([[3 * M, 4 * M, 2], [6 * M, 7 * M, 2]]);
    expect(report.bad_values.map((x) => [x.row, x.field, x.problem])).toEqual([[6, 'close', 'non-positive price'], [7, 'volume', 'negative volume']]);
    expect(report.ohlc_violations.map((x) => [x.row, x.rule])).toEqual([[5, 'high < max(open, close)']]);
    expect(Array.from(cleaned.ts)).toEqual([0, M, 2 * M, 5 * M, 8 * M]);
    expect(Array.from(cleaned.close)).toEqual([100, 101, 103, 104, 106]);
    expect(report.rows_out).toBe(5);
    expect(report.time_offset).toBeNull();
  });

  it('reports out-of-order rows and sorts them (stable) in cleaned', () => {
    const { report, cleaned } = runQc(bars([flat(0, 1), flat(2 * M, 3), flat(M, 2), flat(3 * M, 4)]));
    expect(report.counts.out_of_order).toBe(1);
    expect(report.out_of_order[0]).toMatchObject({ row: 2, ts: M, previous_ts: 2 * M });
    expect(Array.from(cleaned.close)).toEqual([1, 2, 3, 4]);
    expect(report.counts.gaps).toBe(0);
  });

  it('detects a constant offset, applies it only when asked, and lists off-grid rows', () => {
    const H = 3_600_000;
    const rows = Array.from({ length: 30 }, (_, k) => flat(k * 8 * H + 3 * H + (k % 3) * 7, 100 + k));
    const plain = runQc(bars(rows, 8 * H));
    expect(plain.report.time_offset).toMatchObject({ offset_ms: 3 * H, offset: '+03:00', rows_matching: 30, rows: 30, jitter_max_ms: 14, applied: false });
    expect(plain.cleaned.ts[0]).toBe(3 * H);
    const fixed = runQc(bars(rows, 8 * H), { fixOffset: true });
    expect(fixed.report.time_offset!.applied).toBe(true);
    expect(Array.from(fixed.cleaned.ts.subarray(0, 3))).toEqual([0, 8 * H + 7, 16 * H + 14]);
    const west = runQc(bars(rows.map((r) => [r[0] - 8 * H + 2 * H, ...r.slice(1)] as typeof r), 8 * H));
    expect(west.report.time_offset!.offset).toBe('-03:00');
    const off = runQc(bars([flat(0, 1), flat(M, 1), flat(2 * M + 20_000, 1), flat(3 * M, 1)]));
    expect(off.report.time_offset).toBeNull();
    expect(off.report.off_grid).toEqual([{ row: 2, ts: 2 * M + 20_000, iso: '1970-01-01T00:02:20.000Z', off_by_ms: 20_000 }]);
  });

  it('forward-fills gaps only with fill: "ffill" and marks the filled rows', () => {
    const b = bars([[0, 1, 2, 0.5, 1.5, 3], flat(3 * M, 2), flat(4 * M, 2.5)]);
    expect(runQc(b).cleaned.ts.length).toBe(3);
    const { report, cleaned } = runQc(b, { fill: 'ffill' });
    expect(report.fill).toEqual({ policy: 'ffill', rows_filled: 2 });
    expect(Array.from(cleaned.ts)).toEqual([0, M, 2 * M, 3 * M, 4 * M]);
    expect(Array.from(cleaned.close)).toEqual([1.5, 1.5, 1.5, 2, 2.5]);
    expect(Array.from(cleaned.high)).toEqual([2, 1.5, 1.5, 2, 2.5]);
    expect(Array.from(cleaned.volume)).toEqual([3, 0, 0, 1, 1]);
    expect(Array.from(cleaned.columns!.filled)).toEqual([0, 1, 1, 0, 0]);
  });

  it('flags a jump by robust z of log returns (median/MAD·1.4826) and keeps it', () => {
    const n = 200;
    const closes = Array.from({ length: n }, (_, k) => 100 * Math.exp(0.001 * Math.sin(k * 1.7)) * (k >= 120 ? 1.1 : 1));
    const b = bars(closes.map((c, k) => flat(k * M, c)));
    const { report, cleaned } = runQc(b, { contextBars: 2 });
    // independent reference: sort-based median and MAD
    const r = closes.slice(1).map((c, k) => Math.log(c / closes[k]));
    const sorted = [...r].sort((a, c) => a - c);
    const med = sorted[99]; // 199 returns: the 100th smallest
    const dev = r.map((x) => Math.abs(x - med)).sort((a, c) => a - c);
    const mad = dev[99];
    const flagged = r.flatMap((x, k) => (Math.abs(x - med) / (MAD_TO_SIGMA * mad) > 10 ? [k + 1] : []));
    expect(flagged).toEqual([120]);
    expect(report.outliers.map((o) => o.row)).toEqual([120]);
    expect(report.outliers[0].z).toBeCloseTo((r[119] - med) / (MAD_TO_SIGMA * mad), 9);
    expect(report.outliers[0].context.map((x) => x.close)).toEqual(closes.slice(118, 123));
    expect(report.outlier_stats).toMatchObject({ threshold: 10, returns: 199, scale_method: 'mad' });
    expect(report.outlier_stats!.median).toBeCloseTo(med, 14);
    expect(report.outlier_stats!.mad / mad).toBeCloseTo(1, 10);
    expect(cleaned.ts.length).toBe(n);
    expect(runQc(b, { outlierZ: 1e6 }).report.outliers).toEqual([]);
  });

  it('handles an empty and a one-row series', () => {
    const empty = runQc(bars([]));
    expect(empty.report.rows_out).toBe(0);
    expect(empty.report.outliers).toEqual([]);
    expect(empty.report.first_iso).toBeNull();
    const one = runQc(bars([flat(0, 1)]));
    expect(one.report.rows_out).toBe(1);
    expect(one.report.outlier_stats!.returns).toBe(0);
    expect(JSON.parse(JSON.stringify(one.report)).gaps).toEqual([]);
  });

  it('treats an irregular series (intervalMs null, no grid) without grid findings', () => {
    const { report } = runQc(bars([flat(0, 1), flat(7, 1.1), flat(100, 1.2), flat(101, 1.3)], null));
    expect(report.grid_ms).toBeNull();
    expect(report.gaps).toEqual([]);
    expect(report.time_offset).toBeNull();
  });

  it('never mutates its input; cleaned keeps rows_in − dropped rows, in time order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -2, max: 50 })), { minLength: 1, maxLength: 80 }), (raw) => {
      const b = bars(raw.map(([t, c]) => flat(t * M, c)));
      const before = [b.ts, b.open, b.high, b.low, b.close, b.volume].map((a) => Array.from(a));
      const { report, cleaned } = runQc(b);
      expect([b.ts, b.open, b.high, b.low, b.close, b.volume].map((a) => Array.from(a))).toEqual(before);
      const c = report.counts;
      expect(cleaned.ts.length).toBe(raw.length - c.duplicate_rows_dropped - c.conflicts - c.bad_rows_dropped);
      for (let k = 1; k < cleaned.ts.length; k++) expect(cleaned.ts[k]).toBeGreaterThan(cleaned.ts[k - 1]);
      const distinct = new Set(raw.filter(([, v]) => v > 0).map(([t]) => t)).size;
      expect(cleaned.ts.length).toBeLessThanOrEqual(distinct);
    }), { numRuns: 300 });
  });
});

describe('medianInPlace(a)', () => {
  it('equals the sort-based median', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }), (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      const n = s.length;
      const want = n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
      expect(medianInPlace(Float64Array.from(xs)) + 0).toBe(want + 0); // + 0: the median of {0, −0} may be either zero
    }), { numRuns: 500 });
  });
});
