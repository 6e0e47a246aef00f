/// <reference lib="webworker" />
/**
 * The chart-preparation Web Worker: exposes chartPrep through comlink and transfers every
 * result buffer back (zero copy). Imports only @skippy/core (through chartPrep.ts).
 */
import * as Comlink from 'comlink';
import { chartPrep, type EquityPrep, type HeatmapPrep, type HistogramPrep, type Line, type OverfittingPrep } from './chartPrep.ts';

const lineBuffers = (l: Line) => [l.x.buffer, l.y.buffer] as ArrayBuffer[];

const api = {
  prepareEquity(ts: Float64Array, equity: Float64Array, threshold: number): EquityPrep {
    const r = chartPrep.prepareEquity(ts, equity, threshold);
    return Comlink.transfer(r, [...lineBuffers(r.equity), ...lineBuffers(r.drawdown)]);
  },
  overlayEquities(curves: Line[], threshold: number): Line[] {
    const r = chartPrep.overlayEquities(curves, threshold);
    return Comlink.transfer(r, r.flatMap(lineBuffers));
  },
  heatmapMatrix(ts: Float64Array, values: Float64Array, rows: number, maxColumns: number): HeatmapPrep {
    const r = chartPrep.heatmapMatrix(ts, values, rows, maxColumns);
    return Comlink.transfer(r, [r.bucketTs.buffer, r.cells.buffer] as ArrayBuffer[]);
  },
  histogram(values: Float64Array, bins: number, range?: [number, number]): HistogramPrep {
    const r = chartPrep.histogram(values, bins, range);
    return Comlink.transfer(r, [r.edges.buffer, r.counts.buffer] as ArrayBuffer[]);
  },
  overfittingPrep(logits: Float64Array, is: Float64Array, oos: Float64Array, bins: number, maxDrawn: number): OverfittingPrep {
    return transferOverfitting(chartPrep.overfittingPrep(logits, is, oos, bins, maxDrawn));
  },
  /**
   * overfittingFromUrl(url, ...) – fetches the CSCV arrays (a tRPC GET of reports.overfitting, same-origin
   * cookie auth) and parses and reduces them here, so the ~0.6 MB of JSON never touches the page's main thread.
   */
  async overfittingFromUrl(url: string, bins: number, maxDrawn: number): Promise<OverfittingPrep> {
    const res = await fetch(url, { credentials: 'same-origin' });
    const body = await res.json() as { result?: { data?: { logits: number[]; is: number[]; oos: number[] } }; error?: { message?: string } };
    const d = body.result?.data;
    if (!res.ok || !d) throw new Error(body.error?.message ?? `reports.overfitting answered ${res.status}`);
    return transferOverfitting(chartPrep.overfittingPrep(toF64(d.logits), toF64(d.is), toF64(d.oos), bins, maxDrawn));
  },
};

const toF64 = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? Number.NaN : x));
const transferOverfitting = (r: OverfittingPrep) => Comlink.transfer(r, [r.hist.edges.buffer, r.hist.counts.buffer, r.x.buffer, r.y.buffer, r.count.buffer] as ArrayBuffer[]);

export type ChartWorkerApi = typeof api;
Comlink.expose(api);
