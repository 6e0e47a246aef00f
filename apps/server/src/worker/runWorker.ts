/**
 * A run worker (worker_threads): receives RunJobs one at a time, loads the inputs, runs the pure
 * pipeline and writes the artifacts (Parquet tables + report.json, atomically) through the job contract
 * shared with the BullMQ workers (@skippy/io/jobs executeRun / storeRunResult), and posts progress and
 * the final report. Cancellation: the main thread sets a shared flag that the pipeline's signal reads
 * synchronously, so a busy worker sees it between and inside stages. @skippy/ml (TensorFlow.js, ≈ 120 MB
 * resident) is imported only by the first job whose config fits an mlp/tcn model or trains a PPO policy
 * (`trainer: ppo`: the run gets @skippy/ml's ppoTrainer and stores its frozen policy as frozen.json).
 */
import { parentPort } from 'node:worker_threads';
import { loadRunInputs } from '@skippy/io/artifacts';
import { executeRun, failureKind, storeRunResult } from '@skippy/io/jobs';
import { usesHostModels, usesPolicyTrainer } from '@skippy/core/pipeline';
import type { RunJob, WorkerMessage } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('runWorker.ts must run inside a worker thread');
const post = (m: WorkerMessage) => port.postMessage(m);

async function run(job: RunJob): Promise<void> {
  const flag = new Int32Array(job.cancel);
  const signal = { get aborted() { return Atomics.load(flag, 0) === 1; } };
  try {
    const inputs = await loadRunInputs(job.config, job.dataDir);
    const ml = usesHostModels(job.config) || usesPolicyTrainer(job.config) ? await import('@skippy/ml') : null;
    const models = ml && usesHostModels(job.config) ? ml.mlModelFactories() : undefined;
    // trainer: ppo – a fresh trainer per run (it carries one window's agents to the next); checkpoints stay with the CLI
    const policy = ml && usesPolicyTrainer(job.config) ? ml.ppoTrainer({ yieldToHost: () => new Promise<void>((r) => setImmediate(r)) }) : undefined;
    const result = await executeRun(job, inputs, { signal, models, policy, onProgress: (event) => post({ type: 'progress', runId: job.runId, event }) });
    const report = storeRunResult(job.artifactDir, result);
    post({ type: 'done', runId: job.runId, report });
  } catch (e) {
    post({ type: 'error', runId: job.runId, kind: failureKind(e, signal.aborted), message: e instanceof Error ? e.message : String(e) });
  }
}

port.on('message', (job: RunJob) => { void run(job); });
post({ type: 'ready' });
