/**
 * A one-shot ingest worker (worker_threads) for the Data page: the same io ingestion as `skippy-train ingest`,
 * off the server's main thread.
 * - file / upload: QC of the file as it is (runQc on the parsed rows: duplicates and how the rule resolves them,
 *   mixed time units, offsets, gaps, outliers, bad prints), then ingestFile into the data directory with the
 *   chosen duplicate rule. An upload's bytes arrive base64-encoded; they are written to a private temp folder
 *   (under the OS temp dir, removed afterwards) under the already-validated file name.
 * - ccxt: the budget preview (dry run: calls, bars, which ranges are missing; no network) or the fetch.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { isUserInputError, UserInputError } from '@skippy/core';
import { INTERVAL_MS } from '@skippy/core/data';
import { runQc, type DuplicateRule } from '@skippy/core/qc';
import { readBarsFile } from '@skippy/io';
import { ingestCcxt, ingestFile, planFetch } from '@skippy/io/ingest';
import { openDataStore } from '@skippy/io/store';
import type { IngestFileJob, IngestJob, IngestMessage } from './ingestProtocol.ts';

const port = parentPort;
if (!port) throw new Error('ingestWorker.ts must run inside a worker thread');
const job = (workerData as { job: IngestJob }).job;

async function ingestPath(path: string, j: IngestFileJob): Promise<unknown> {
  const intervalMs = j.interval !== undefined ? INTERVAL_MS[j.interval] : undefined;
  const opts = { ...(j.symbol !== undefined ? { symbol: j.symbol } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}), ...(j.timezone !== undefined ? { timezone: j.timezone } : {}) };
  const bars = await readBarsFile(path, opts);
  const qc = runQc(bars, { intervalMs: bars.intervalMs, duplicates: j.duplicates as DuplicateRule }).report;
  const ingest = await ingestFile(openDataStore(j.dataDir), path, { ...opts, duplicates: j.duplicates as DuplicateRule });
  return { kind: 'file', name: j.name, ingest, qc };
}

async function run(): Promise<unknown> {
  if (job.kind === 'shared') return ingestPath(job.path, job);
  if (job.kind === 'upload') {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-upload-'));
    try {
      const path = join(dir, job.name);
      const bytes = Buffer.from(job.contentBase64, 'base64');
      if (bytes.length === 0) throw new UserInputError('file', 'expected a non-empty file', job.name);
      writeFileSync(path, bytes);
      return await ingestPath(path, job);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const store = openDataStore(job.dataDir);
  const report = await ingestCcxt(store, {
    symbols: job.symbols, intervals: job.intervals, since: job.since, until: job.until, exchange: job.exchange, quote: 'USDT', limit: job.limit,
    rateLimitMs: job.rateLimitMs, dryRun: job.dryRun, ...(job.maxCalls !== undefined ? { maxCalls: job.maxCalls } : {}), ...(job.apiUrl ? { apiUrl: job.apiUrl } : {}),
  });
  // which bars are missing: the planner's ranges on this exchange's own dataset (as ingestCcxt planned them)
  const missing = [];
  for (const it of report.items) {
    const ms = INTERVAL_MS[it.interval];
    const plan = planFetch(await store.coverage(it.symbol, it.interval, { source: `ccxt:${job.exchange}` }), { start: job.since, end: Math.floor(job.until / ms) * ms, intervalMs: ms, limit: job.limit });
    missing.push({ symbol: it.symbol, interval: it.interval, ranges: plan.missing.slice(0, 20), rangeCount: plan.missing.length });
  }
  return { kind: 'ccxt', report, missing };
}

try {
  port.postMessage({ type: 'done', result: await run() } satisfies IngestMessage);
} catch (e) {
  const user = isUserInputError(e);
  port.postMessage({ type: 'error', user, message: e instanceof Error ? e.message : String(e), ...(user ? { field: e.field, expected: e.expected } : {}) } satisfies IngestMessage);
}
