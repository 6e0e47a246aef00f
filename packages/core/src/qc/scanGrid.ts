import { isoUtc } from '../data/parse/isoTime.ts';
import { formatOffset } from '../data/parse/timezone.ts';
import type { QcGap, QcTimeOffset } from './types.ts';
import { formatDurationMs } from './formatQcReport.ts';

export interface GridScan {
  timeOffset: QcTimeOffset | null;
  /** Offset used to place the grid (0 when none was detected). */
  offsetMs: number;
  offGrid: { row: number; ts: number; iso: string; off_by_ms: number }[];
  offGridCount: number;
  gaps: QcGap[];
  gapCount: number;
  barsMissing: number;
  /** Kept positions k (ascending) with bars missing just before them, and how many: used by fill and outlier context. */
  gapAt: Int32Array;
  gapMissing: Int32Array;
}

/**
 * Grid residue of t: ((t − offset) mod grid) mapped to (−grid/2, grid/2].
 */
function residue(t: number, offset: number, grid: number): number {
  let r = (t - offset) % grid;
  if (r < 0) r += grid;
  return r > grid / 2 ? r - grid : r;
}

/**
 * scanGrid(ts, rows, gridMs, toleranceMs, maxListed) over the kept rows (time order):
 * - constant offset: the most common residue (ts mod grid, rounded to whole minutes for grids of
 *   an hour or more, else whole seconds) among the first 2000 rows; when it is not 0 and at least
 *   half of all rows sit within `toleranceMs` of it, the series is off its grid by that offset
 *   (e.g. funding settlements at 03:00/11:00/19:00 on an 8 h grid → +03:00) and the fix is offered;
 * - off-grid rows: farther than toleranceMs from the (shifted) grid;
 * - gaps: a step of d > grid between neighbours misses round(d / grid) − 1 bars.
 */
export function scanGrid(ts: Float64Array, rows: Int32Array, gridMs: number, toleranceMs: number, maxListed: number): GridScan {
  const m = rows.length;
  const unit = gridMs >= 3_600_000 ? 60_000 : gridMs >= 60_000 ? 1000 : 1;
  const counts = new Map<number, number>();
  const sample = Math.min(m, 2000);
  for (let k = 0; k < sample; k++) {
    const r = Math.round(residue(ts[rows[k]], 0, gridMs) / unit) * unit;
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  let mode = 0, modeCount = -1;
  for (const [r, c] of counts) if (c > modeCount || (c === modeCount && Math.abs(r) < Math.abs(mode))) { mode = r; modeCount = c; }
  const offsetCandidate = Math.abs(mode) === gridMs / 2 ? Math.abs(mode) : mode;

  let candidateMatches = 0;
  if (offsetCandidate !== 0) {
    for (let k = 0; k < m; k++) if (Math.abs(residue(ts[rows[k]], offsetCandidate, gridMs)) <= toleranceMs) candidateMatches++;
  }
  const detected = offsetCandidate !== 0 && candidateMatches * 2 >= m;
  const offsetMs = detected ? offsetCandidate : 0;

  const offGrid: GridScan['offGrid'] = [];
  const gaps: QcGap[] = [];
  const gapAt: number[] = [];
  const gapMissing: number[] = [];
  let matching = 0, jitter = 0, offGridCount = 0, gapCount = 0, barsMissing = 0;
  let res = 0;
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    const t = ts[i];
    // a step of exactly one grid keeps the residue: skip the (slow) floating-point modulo
    if (k === 0 || t - ts[rows[k - 1]] !== gridMs) res = residue(t, offsetMs, gridMs);
    const dev = res < 0 ? -res : res;
    if (dev <= toleranceMs) {
      matching++;
      if (dev > jitter) jitter = dev;
    } else {
      offGridCount++;
      if (offGrid.length < maxListed) offGrid.push({ row: i, ts: t, iso: isoUtc(t), off_by_ms: res });
    }
    if (k > 0) {
      const p = ts[rows[k - 1]];
      const d = t - p;
      if (d > gridMs + toleranceMs) {
        const missing = Math.round(d / gridMs) - 1;
        if (missing >= 1) {
          gapAt.push(k);
          gapMissing.push(missing);
          gapCount++;
          barsMissing += missing;
          if (gaps.length < maxListed) {
            const start = p + gridMs, end = p + missing * gridMs;
            gaps.push({ start, end, start_iso: isoUtc(start), end_iso: isoUtc(end), last_before_iso: isoUtc(p), first_after_iso: isoUtc(t), bars_missing: missing });
          }
        }
      }
    }
  }
  const timeOffset: QcTimeOffset | null = detected
    ? {
        offset_ms: offsetMs,
        offset: formatOffset(offsetMs),
        grid_ms: gridMs,
        rows_matching: matching,
        rows: m,
        jitter_max_ms: jitter,
        fix: `timestamps sit ${formatOffset(offsetMs)} off the ${formatDurationMs(gridMs)} UTC grid: re-read the file with --timezone ${formatOffset(offsetMs)} or pass --fix-offset to subtract ${offsetMs} ms`,
        applied: false,
      }
    : null;
  return { timeOffset, offsetMs, offGrid, offGridCount, gaps, gapCount, barsMissing, gapAt: Int32Array.from(gapAt), gapMissing: Int32Array.from(gapMissing) };
}
