/**
 * The pipeline side of the job contract, shared by every engine: the server's worker threads
 * (apps/server/src/worker/runWorker.ts) and the BullMQ workers (worker.ts) call executeRun for the
 * report and tables and storeRunResult to write the artifacts, so a run's bytes do not depend on
 * where it ran.
 */
import { isUserInputError } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { runExperiment, isRunCancelledError } from '@skippy/core/pipeline';
import type { PipelineInputs, PipelineSignal, RunExperimentOptions } from '@skippy/core/pipeline';
import type { RunProgress, RunReport } from '@skippy/core/reports';
import { open, rename, rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeRunReport, writeRunTables } from '../artifacts/index.ts';
import { writeFrozenArtifact } from '../paper/frozen.ts';
import { writeFileAtomic } from '../atomic.ts';
import { tableParquetBytes } from '../parquet.ts';
import type { RunFile, RunResult } from './codec.ts';
import type { RunFailureKind } from './contract.ts';

export interface ExecuteRunHooks {
  signal: PipelineSignal;
  onProgress(event: RunProgress): void;
  /** Model kinds beyond core's (the hosts pass `mlModelFactories()` from @skippy/ml). */
  models?: RunExperimentOptions['models'];
  /** The policy trainer of a `trainer: ppo` config (the hosts pass a fresh `ppoTrainer()` from @skippy/ml per run). */
  policy?: RunExperimentOptions['policy'];
  /** @default performance.timeOrigin + performance.now() */
  now?: () => number;
}

/** executeRun(job, inputs, hooks) – one run through runExperiment; throws when cancelled. */
export async function executeRun(job: { runId: string; name: string; config: ExperimentConfig }, inputs: PipelineInputs | null, hooks: ExecuteRunHooks): Promise<RunResult> {
  const { report, tables, frozen, frozenPolicy } = await runExperiment(job.config, inputs, {
    now: hooks.now ?? (() => performance.timeOrigin + performance.now()), runId: job.runId, name: job.name, signal: hooks.signal,
    yieldToHost: () => new Promise<void>((resolve) => setImmediate(resolve)), models: hooks.models, onProgress: hooks.onProgress,
    ...(hooks.policy ? { policy: hooks.policy } : {}),
  });
  if (hooks.signal.aborted) throw new Error('cancelled');
  // a policy run's frozen artifact (kind 'policy') is what paper sessions trade, as a supervised run's model
  return { report, tables, ...(frozen !== undefined ? { frozen } : {}), ...(frozenPolicy ? { frozenPolicy } : {}) };
}

/**
 * encodeRunFiles(result) – the result with its tables encoded as the Parquet files writeRunTables writes (same
 * bytes, same order), so the submitter only writes bytes: a worker does this for a server's jobs.
 */
export function encodeRunFiles(result: RunResult): RunResult {
  const files: RunFile[] = Object.entries(result.tables).map(([name, columns]) => {
    const names = Object.keys(columns);
    const rows = names.length ? columns[names[0]].length : 0;
    for (const c of names) if (columns[c].length !== rows) throw new Error(`column ${c} has ${columns[c].length} rows; expected ${rows}`);
    return { name, file: `${name}.parquet`, rows, columns: names, bytes: tableParquetBytes(columns) };
  });
  return { report: result.report, tables: {}, files, ...(result.frozen !== undefined ? { frozen: result.frozen } : {}), ...(result.frozenPolicy ? { frozenPolicy: result.frozenPolicy } : {}) };
}

/**
 * storeRunResult(artifactDir, result) – writes the Parquet tables (or the files a worker encoded), report.json
 * and frozen.json (the supervised model or a policy run's policies), atomically; returns the report with its artifact list.
 */
export function storeRunResult(artifactDir: string, result: RunResult): RunReport {
  const report = result.report;
  if (result.files) {
    for (const f of result.files) {
      if (!/^[\w-]{1,80}\.parquet$/.test(f.file)) throw new Error(`result file ${JSON.stringify(f.file)}: expected <name>.parquet`);
      writeFileAtomic(join(artifactDir, f.file), f.bytes);
    }
    report.artifacts = result.files.map((f) => ({ name: f.name, file: f.file, rows: f.rows, columns: f.columns }));
  } else report.artifacts = writeRunTables(artifactDir, result.tables);
  writeRunReport(artifactDir, report);
  const frozen = result.frozen ?? result.frozenPolicy;
  if (frozen) writeFrozenArtifact(artifactDir, frozen); // what a paper session trades (a model, or a policy run's policies)
  return report;
}

/** writeFileAtomic without blocking the event loop: temp file, fsync, rename (the fsync runs on libuv's pool). */
async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await rename(tmp, path);
}

/**
 * storeRunResultAsync(artifactDir, result) – storeRunResult for a result whose tables a worker encoded
 * (`files`): the same files, written and fsynced off the event loop, so a server taking many results keeps
 * serving; a result with tables falls back to storeRunResult.
 */
export async function storeRunResultAsync(artifactDir: string, result: RunResult): Promise<RunReport> {
  if (!result.files) return storeRunResult(artifactDir, result);
  const report = result.report;
  mkdirSync(artifactDir, { recursive: true });
  for (const f of result.files) if (!/^[\w-]{1,80}\.parquet$/.test(f.file)) throw new Error(`result file ${JSON.stringify(f.file)}: expected <name>.parquet`);
  await Promise.all(result.files.map((f) => writeFileAtomicAsync(join(artifactDir, f.file), f.bytes)));
  report.artifacts = result.files.map((f) => ({ name: f.name, file: f.file, rows: f.rows, columns: f.columns }));
  const frozen = result.frozen ?? result.frozenPolicy;
  if (frozen) writeFrozenArtifact(artifactDir, frozen);
  await writeFileAtomicAsync(join(artifactDir, 'report.json'), JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  return report;
}

/** How a failed run is classified: cancelled, the user's mistake (UserInputError) or internal. */
export function failureKind(e: unknown, aborted: boolean): RunFailureKind {
  return isRunCancelledError(e) || aborted ? 'cancelled' : isUserInputError(e) ? 'user' : 'internal';
}
