/// <reference lib="webworker" />
/**
 * The chart-preparation Web Worker: exposes chartPrep through comlink and transfers every
 * result buffer back (zero copy). Imports only @skippy/core (through chartPrep.ts).
 */
import * as Comlink from 'comlink';
import { chartPrep, type EquityPrep, type HeatmapPrep, type HistogramPrep, type Line } from './chartPrep.ts';

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
};

export type ChartWorkerApi = typeof api;
Comlink.expose(api);
