/**
 * A one-shot QC worker (worker_threads): generates or reads one bar series and runs core's runQc,
 * then posts the report. Keeps the main thread free: a 1 s series over months takes seconds and
 * gigabytes, and the server must answer other requests meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isUserInputError } from '@skippy/core';
import { syntheticBars } from '@skippy/core/data';
import { runQc } from '@skippy/core/qc';
import { openDataStore } from '@skippy/io/store';

export interface QcJob {
  source: 'synthetic' | 'store';
  symbol: string;
  interval: string;
  intervalMs: number;
  days: number;
  seed: number;
  dataDir: string;
  /** Stored dataset's source key (store QC); @default the only source holding the symbol and interval. */
  dataset?: string;
}

/** A user error carries its field and expectation, so the main thread rebuilds it with the same one-line message. */
export type QcMessage = { type: 'done'; report: unknown } | { type: 'error'; user: boolean; message: string; field?: string; expected?: string };

const port = parentPort;
if (!port) throw new Error('qcWorker.ts must run inside a worker thread');
const job = (workerData as { job: QcJob }).job;

try {
  const bars = job.source === 'store'
    ? await openDataStore(job.dataDir).readBars(job.symbol, job.interval, job.dataset !== undefined ? { source: job.dataset } : {})
    : syntheticBars({ symbols: [job.symbol], days: job.days, seed: job.seed, intervalMs: job.intervalMs })[job.symbol];
  port.postMessage({ type: 'done', report: runQc(bars, { intervalMs: job.intervalMs }).report } satisfies QcMessage);
} catch (e) {
  const user = isUserInputError(e);
  port.postMessage({ type: 'error', user, message: e instanceof Error ? e.message : String(e), ...(user ? { field: e.field, expected: e.expected } : {}) } satisfies QcMessage);
}
