/**
 * React Query wrappers around the chart-preparation worker: results are cached by run id (and
 * the size of the input + target width), so revisiting a report does not recompute anything.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { prep, toF64 } from '../workers/client.ts';
import { sessionReady } from '../trpc.ts';

const nBuckets = (width: number) => Math.max(200, Math.min(4000, Math.round(width)));

/** useEquityPrep(key, ts, equity, width) – LTTB equity + drawdown for a chart `width` px wide. */
export function useEquityPrep(key: string, ts: ArrayLike<number> | undefined, equity: ArrayLike<number> | undefined, width: number) {
  const n = ts?.length ?? 0;
  return useQuery({
    queryKey: ['prep', 'equity', key, n, nBuckets(width)],
    queryFn: () => prep().prepareEquity(toF64(ts), toF64(equity), nBuckets(width)),
    enabled: n > 0 && width > 0,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

/** useHeatmapPrep(key, ts, values, rows, width) – the risk heat map bucketed to ~one column per 6 px. */
export function useHeatmapPrep(key: string, ts: ArrayLike<number> | undefined, values: ArrayLike<number>[] | undefined, rows: number, width: number) {
  const n = ts?.length ?? 0;
  const cols = Math.max(20, Math.min(400, Math.round(width / 6)));
  return useQuery({
    queryKey: ['prep', 'heat', key, n, rows, cols],
    queryFn: () => prep().heatmapMatrix(toF64(ts), flattenRows(values ?? [], rows), rows, cols),
    enabled: n > 0 && rows > 0 && width > 0,
    staleTime: Infinity,
  });
}

/** useHistogramPrep(key, values, bins) – equal-width histogram of e.g. the CSCV logits. */
export function useHistogramPrep(key: string, values: ArrayLike<number> | undefined, bins: number, range?: [number, number]) {
  const n = values?.length ?? 0;
  return useQuery({
    queryKey: ['prep', 'hist', key, n, bins, range?.[0], range?.[1]],
    queryFn: () => prep().histogram(toF64(values), bins, range),
    enabled: n > 0,
    staleTime: Infinity,
  });
}

/** Where the overfitting charts come from: the arrays in hand (a full report), or a stored run whose arrays the worker fetches. */
export type OverfittingSource = { logits: ArrayLike<number>; is: ArrayLike<number>; oos: ArrayLike<number> } | { runId: string };

/**
 * useOverfittingPrep(key, source, bins, maxDrawn) – the logit histogram and the degradation scatter's distinct
 * points. For a stored run the chart worker fetches reports.overfitting itself: the bulky JSON is parsed there.
 */
export function useOverfittingPrep(key: string, source: OverfittingSource | null, bins: number, maxDrawn: number) {
  return useQuery({
    queryKey: ['prep', 'overfitting', key, source && 'runId' in source ? 'run' : 'arrays', bins, maxDrawn],
    queryFn: async () => {
      if (!source) throw new Error('no overfitting data');
      if ('runId' in source) {
        await sessionReady;
        const url = new URL(`/trpc/reports.overfitting?input=${encodeURIComponent(JSON.stringify({ id: source.runId }))}`, window.location.origin).href;
        return prep().overfittingFromUrl(url, bins, maxDrawn);
      }
      return prep().overfittingPrep(toF64(source.logits), toF64(source.is), toF64(source.oos), bins, maxDrawn);
    },
    enabled: source !== null,
    staleTime: Infinity,
  });
}

/** useOverlayPrep(key, curves, width) – several equity curves rebased to 1 and downsampled. */
export function useOverlayPrep(key: string, curves: { x: ArrayLike<number>; y: ArrayLike<number> }[], width: number) {
  return useQuery({
    queryKey: ['prep', 'overlay', key, curves.map((c) => c.x.length).join(','), nBuckets(width)],
    queryFn: () => prep().overlayEquities(curves.map((c) => ({ x: toF64(c.x), y: toF64(c.y) })), nBuckets(width)),
    enabled: curves.length > 0 && width > 0,
    staleTime: Infinity,
  });
}

/** flattenRows(rows, width) – row-major Float64Array of a rows × width matrix (missing cells NaN). */
export function flattenRows(rows: ArrayLike<number>[], width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < width; c++) {
      const v = row[c];
      out[r * width + c] = v === null || v === undefined ? Number.NaN : v;
    }
  }
  return out;
}
