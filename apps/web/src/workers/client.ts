/**
 * prep() – the chart-preparation API, in a Web Worker when the browser has one (comlink proxy),
 * otherwise the same functions on the main thread. Inputs are handed over with
 * Comlink.transfer: callers pass freshly built arrays they do not keep.
 */
import * as Comlink from 'comlink';
import type { EquityPrep, HeatmapPrep, HistogramPrep, Line, OverfittingPrep } from './chartPrep.ts';
import type { ChartWorkerApi } from './chart.worker.ts';

export interface Prep {
  prepareEquity(ts: Float64Array, equity: Float64Array, threshold: number): Promise<EquityPrep>;
  overlayEquities(curves: Line[], threshold: number): Promise<Line[]>;
  heatmapMatrix(ts: Float64Array, values: Float64Array, rows: number, maxColumns: number): Promise<HeatmapPrep>;
  histogram(values: Float64Array, bins: number, range?: [number, number]): Promise<HistogramPrep>;
  overfittingPrep(logits: Float64Array, is: Float64Array, oos: Float64Array, bins: number, maxDrawn: number): Promise<OverfittingPrep>;
  /** Fetches reports.overfitting at `url` and reduces it (in the worker: fetch, JSON parse and reduction all off the main thread). */
  overfittingFromUrl(url: string, bins: number, maxDrawn: number): Promise<OverfittingPrep>;
}

let instance: Prep | null = null;

function fromWorker(): Prep {
  const worker = new Worker(new URL('./chart.worker.ts', import.meta.url), { type: 'module', name: 'chart-prep' });
  const remote = Comlink.wrap<ChartWorkerApi>(worker);
  const bufs = (...arrays: Float64Array[]) => arrays.map((a) => a.buffer as ArrayBuffer);
  return {
    prepareEquity: (ts, eq, th) => remote.prepareEquity(Comlink.transfer(ts, bufs(ts)), Comlink.transfer(eq, bufs(eq)), th),
    overlayEquities: (curves, th) => remote.overlayEquities(Comlink.transfer(curves, curves.flatMap((c) => bufs(c.x, c.y))), th),
    heatmapMatrix: (ts, v, rows, cols) => remote.heatmapMatrix(Comlink.transfer(ts, bufs(ts)), Comlink.transfer(v, bufs(v)), rows, cols),
    histogram: (v, bins, range) => remote.histogram(Comlink.transfer(v, bufs(v)), bins, range),
    overfittingPrep: (l, is, oos, bins, maxDrawn) => remote.overfittingPrep(Comlink.transfer(l, bufs(l)), Comlink.transfer(is, bufs(is)), Comlink.transfer(oos, bufs(oos)), bins, maxDrawn),
    overfittingFromUrl: (url, bins, maxDrawn) => remote.overfittingFromUrl(url, bins, maxDrawn),
  };
}

function onMainThread(): Prep {
  const mod = import('./chartPrep.ts');
  return {
    prepareEquity: async (...a) => (await mod).prepareEquity(...a),
    overlayEquities: async (...a) => (await mod).overlayEquities(...a),
    heatmapMatrix: async (...a) => (await mod).heatmapMatrix(...a),
    histogram: async (...a) => (await mod).histogram(...a),
    overfittingPrep: async (...a) => (await mod).overfittingPrep(...a),
    overfittingFromUrl: async (url, bins, maxDrawn) => {
      const res = await fetch(url, { credentials: 'same-origin' });
      const body = await res.json() as { result?: { data?: { logits: number[]; is: number[]; oos: number[] } }; error?: { message?: string } };
      const d = body.result?.data;
      if (!res.ok || !d) throw new Error(body.error?.message ?? `reports.overfitting answered ${res.status}`);
      return (await mod).overfittingPrep(toF64(d.logits), toF64(d.is), toF64(d.oos), bins, maxDrawn);
    },
  };
}

/** The shared instance (one worker for the whole page). */
export function prep(): Prep {
  if (!instance) instance = typeof Worker === 'undefined' ? onMainThread() : fromWorker();
  return instance;
}

/** toF64(values) – a fresh Float64Array (safe to transfer) from a JSON array or typed array. */
export function toF64(values: ArrayLike<number> | null | undefined): Float64Array {
  if (!values) return new Float64Array(0);
  return Float64Array.from(values as ArrayLike<number>, (v) => (v === null ? Number.NaN : v));
}
