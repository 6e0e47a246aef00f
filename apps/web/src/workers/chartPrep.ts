/**
 * Chart preparation: everything heavy the report draws, as plain functions over typed arrays.
 * Runs inside chart.worker.ts (a Web Worker, through comlink) and, when `Worker` is missing,
 * on the main thread. Imports only @skippy/core. Results carry fresh Float64Arrays whose
 * buffers the worker transfers (never copies) back to the page.
 */
import { lttb } from '@skippy/core/reports';
import { countCoincident } from '../report/chartHelpers.ts';

/** A downsampled line: x (epoch ms) and y, same length. */
export interface Line {
  x: Float64Array;
  y: Float64Array;
}

export interface EquityPrep {
  /** Equity downsampled with LTTB to about `threshold` points. */
  equity: Line;
  /** Drawdown from the running peak (≤ 0, a fraction), downsampled the same way. */
  drawdown: Line;
  /** Deepest drawdown over the full series (≤ 0) and when it happened. */
  maxDrawdown: number;
  maxDrawdownAt: number;
  /** Points before downsampling. */
  points: number;
}

/**
 * drawdownSeries(equity) – equity[i] / max(equity[0..i]) − 1, one pass, ≤ 0. A non-positive
 * running peak (an account wiped out) gives −1 for the rest of the series.
 */
export function drawdownSeries(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    out[i] = peak > 0 ? e / peak - 1 : -1;
  }
  return out;
}

/** prepareEquity(ts, equity, threshold) – LTTB-downsampled equity and drawdown for a chart `threshold` points wide. */
export function prepareEquity(ts: Float64Array, equity: Float64Array, threshold: number): EquityPrep {
  if (ts.length !== equity.length) throw new Error(`ts.length (${ts.length}) must equal equity.length (${equity.length})`);
  const dd = drawdownSeries(equity);
  let min = 0, minAt = Number.NaN;
  for (let i = 0; i < dd.length; i++) if (dd[i] < min) { min = dd[i]; minAt = ts[i]; }
  const t = Math.max(3, Math.floor(threshold));
  return { equity: downsample(ts, equity, t), drawdown: downsample(ts, dd, t), maxDrawdown: min, maxDrawdownAt: minAt, points: ts.length };
}

function downsample(x: Float64Array, y: Float64Array, threshold: number): Line {
  if (x.length <= threshold) return { x: x.slice(), y: y.slice() };
  const r = lttb(x, y, threshold);
  return { x: r.x, y: r.y };
}

/**
 * overlayEquities(curves, threshold) – several equity curves rebased to 1 at their first point
 * (so runs with different cash compare) and each downsampled with LTTB.
 */
export function overlayEquities(curves: readonly Line[], threshold: number): Line[] {
  return curves.map(({ x, y }) => {
    const base = y.length ? y[0] : 1;
    const rebased = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) rebased[i] = base !== 0 ? y[i] / base : Number.NaN;
    return downsample(x, rebased, Math.max(3, Math.floor(threshold)));
  });
}

export interface HeatmapPrep {
  /** Start time of each column bucket (epoch ms). */
  bucketTs: Float64Array;
  /** [column, row, value] triplets flattened (length 3 × columns × rows), ready for an ECharts heatmap. */
  cells: Float64Array;
  /** Smallest and largest cell value (for the colour scale). */
  min: number;
  max: number;
  columns: number;
  rows: number;
}

/**
 * heatmapMatrix(ts, values, rows, maxColumns) – a time × asset matrix (row-major: T rows of
 * `rows` assets) bucketed in time into at most `maxColumns` columns, each cell the mean over its
 * bucket (NaN values ignored; an all-NaN bucket stays NaN).
 */
export function heatmapMatrix(ts: Float64Array, values: Float64Array, rows: number, maxColumns: number): HeatmapPrep {
  const T = ts.length;
  if (values.length !== T * rows) throw new Error(`values.length (${values.length}) must be ts.length × rows (${T} × ${rows})`);
  const columns = Math.max(1, Math.min(T, Math.floor(maxColumns)));
  const bucketTs = new Float64Array(columns);
  const sums = new Float64Array(columns * rows);
  const counts = new Float64Array(columns * rows);
  let lastColumn = -1;
  for (let t = 0; t < T; t++) {
    const c = Math.min(columns - 1, Math.floor((t * columns) / T));
    if (c !== lastColumn) { bucketTs[c] = ts[t]; lastColumn = c; }
    for (let a = 0; a < rows; a++) {
      const v = values[t * rows + a];
      if (Number.isNaN(v)) continue;
      sums[c * rows + a] += v;
      counts[c * rows + a] += 1;
    }
  }
  const cells = new Float64Array(columns * rows * 3);
  let min = Infinity, max = -Infinity;
  for (let c = 0; c < columns; c++) {
    for (let a = 0; a < rows; a++) {
      const k = c * rows + a;
      const v = counts[k] > 0 ? sums[k] / counts[k] : Number.NaN;
      cells[3 * k] = c; cells[3 * k + 1] = a; cells[3 * k + 2] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min > max) { min = 0; max = 0; }
  return { bucketTs, cells, min, max, columns, rows };
}

export interface HistogramPrep {
  /** Bin edges, length bins + 1. */
  edges: Float64Array;
  counts: Float64Array;
  /** Values that were not finite and so not counted. */
  skipped: number;
}

/**
 * histogram(values, bins, range?) – equal-width bins over [min, max] of the finite values (or the
 * given range); a value equal to the upper edge goes in the last bin.
 */
export function histogram(values: Float64Array, bins: number, range?: [number, number]): HistogramPrep {
  if (!(bins >= 1)) throw new Error(`bins must be ≥ 1; was ${bins}`);
  let lo = Infinity, hi = -Infinity, skipped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { skipped++; continue; }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (range) [lo, hi] = range;
  if (!(hi > lo)) { hi = (Number.isFinite(lo) ? lo : 0) + 0.5; lo = hi - 1; }
  const edges = new Float64Array(bins + 1);
  const w = (hi - lo) / bins;
  for (let b = 0; b <= bins; b++) edges[b] = lo + b * w;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  }
  return { edges, counts, skipped };
}

export interface OverfittingPrep {
  /** Histogram of the CSCV logits. */
  hist: HistogramPrep;
  /** The drawn scatter markers: distinct (IS, OOS) Sharpe pairs (every `step`-th when there are more than maxDrawn) and how many combinations share each. */
  x: Float64Array;
  y: Float64Array;
  count: Float64Array;
  /** Distinct finite pairs, combinations at them, the most at one pair. */
  distinct: number;
  total: number;
  maxCount: number;
  /** Smallest and largest IS Sharpe over all distinct pairs (the fitted line's span); ±Infinity when there are none. */
  lo: number;
  hi: number;
}

/**
 * overfittingPrep(logits, is, oos, bins, maxDrawn) – what the overfitting section draws from the CSCV
 * per-combination arrays: the logit histogram and the degradation scatter as distinct points with counts
 * (countCoincident), thinned to every ⌈distinct / maxDrawn⌉-th point.
 */
export function overfittingPrep(logits: Float64Array, is: Float64Array, oos: Float64Array, bins: number, maxDrawn: number): OverfittingPrep {
  const hist = histogram(logits, bins);
  const all = is.length > 0 ? countCoincident(is, oos) : [];
  const step = Math.max(1, Math.ceil(all.length / maxDrawn));
  const drawn = Math.ceil(all.length / step);
  const x = new Float64Array(drawn), y = new Float64Array(drawn), count = new Float64Array(drawn);
  let lo = Infinity, hi = -Infinity, maxCount = 1, total = 0;
  for (let i = 0; i < all.length; i++) {
    const p = all[i];
    if (p.x < lo) lo = p.x;
    if (p.x > hi) hi = p.x;
    if (p.count > maxCount) maxCount = p.count;
    total += p.count;
    if (i % step === 0) { const j = i / step; x[j] = p.x; y[j] = p.y; count[j] = p.count; }
  }
  return { hist, x, y, count, distinct: all.length, total, maxCount, lo, hi };
}

/** The API the worker exposes (and the main-thread fallback implements). */
export const chartPrep = { prepareEquity, overlayEquities, heatmapMatrix, histogram, overfittingPrep };
export type ChartPrepApi = typeof chartPrep;
