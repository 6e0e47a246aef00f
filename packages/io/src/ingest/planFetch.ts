/**
 * planFetch(coverage, request) – which bars are missing from the store for [start, end) and the exact
 * paged calls that fetch them. Convention: each missing range is paged from its start in blocks of
 * `limit` bars (the last page shorter), so calls = Σ over missing ranges of ceil(bars / limit).
 * A page never spans two missing ranges, so a stored bar is never fetched again.
 */
import { missingRanges } from '../store/ranges.ts';
import type { TimeRange } from '../store/ranges.ts';

export interface FetchPage {
  /** First bar open requested (epoch ms). */
  since: number;
  /** Bars requested (≤ limit). */
  bars: number;
  /** Open time of the last bar requested (inclusive `endTime` for the exchange). */
  lastOpen: number;
}

export interface FetchPlan {
  missing: TimeRange[];
  missingBars: number;
  pages: FetchPage[];
}

export function planFetch(coverage: readonly TimeRange[], request: { start: number; end: number; intervalMs: number; limit: number }): FetchPlan {
  const { intervalMs, limit } = request;
  if (!(intervalMs > 0)) throw new Error(`planFetch: intervalMs must be > 0; was ${intervalMs}`);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`planFetch: limit must be a positive integer; was ${limit}`);
  // Snap the request onto the bar grid: first bar open ≥ start, last bar close ≤ end.
  const start = Math.ceil(request.start / intervalMs) * intervalMs;
  const end = Math.floor(request.end / intervalMs) * intervalMs;
  const missing = end > start ? missingRanges(coverage, start, end) : [];
  const pages: FetchPage[] = [];
  let missingBars = 0;
  for (const [a, b] of missing) {
    const n = Math.round((b - a) / intervalMs);
    missingBars += n;
    for (let k = 0; k < n; k += limit) {
      const bars = Math.min(limit, n - k);
      const since = a + k * intervalMs;
      pages.push({ since, bars, lastOpen: since + (bars - 1) * intervalMs });
    }
  }
  return { missing, missingBars, pages };
}
