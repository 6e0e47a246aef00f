/**
 * A run worker (worker_threads): receives RunJobs one at a time, loads the inputs, runs the pure
 * pipeline, writes the artifacts (Parquet tables + report.json, atomically) and posts progress and
 * the final report. Cancellation: the main thread sets a shared flag that the pipeline's signal reads
 * synchronously, so a busy worker sees it between and inside stages.
 */
import { parentPort } from 'node:worker_threads';
import { isUserInputError } from '@skippy/core';
import { runExperiment, isRunCancelledError } from '@skippy/core/pipeline';
import { writeRunReport, writeRunTables, loadRunInputs } from '@skippy/io/artifacts';
import { mlModelFactories } from '@skippy/ml';
import type { RunJob, WorkerMessage } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('runWorker.ts must run inside a worker thread');
const post = (m: WorkerMessage) => port.postMessage(m);
const now = () => performance.timeOrigin + performance.now();
const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(job: RunJob): Promise<void> {
  const flag = new Int32Array(job.cancel);
  const signal = { get aborted() { return Atomics.load(flag, 0) === 1; } };
  try {
    const inputs = await loadRunInputs(job.config, job.dataDir);
    const { report, tables } = await runExperiment(job.config, inputs, {
      now, runId: job.runId, name: job.name, signal, yieldToHost, models: mlModelFactories(),
      onProgress: (event) => post({ type: 'progress', runId: job.runId, event }),
    });
    if (signal.aborted) throw new Error('cancelled');
    report.artifacts = writeRunTables(job.artifactDir, tables);
    writeRunReport(job.artifactDir, report);
    post({ type: 'done', runId: job.runId, report });
  } catch (e) {
    const kind = isRunCancelledError(e) || signal.aborted ? 'cancelled' : isUserInputError(e) ? 'user' : 'internal';
    post({ type: 'error', runId: job.runId, kind, message: e instanceof Error ? e.message : String(e) });
  }
}

port.on('message', (job: RunJob) => { void run(job); });
post({ type: 'ready' });
