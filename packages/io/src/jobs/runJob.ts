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
import { writeRunReport, writeRunTables } from '../artifacts/index.ts';
import { writeFrozenArtifact } from '../paper/frozen.ts';
import type { RunResult } from './codec.ts';
import type { RunFailureKind } from './contract.ts';

export interface ExecuteRunHooks {
  signal: PipelineSignal;
  onProgress(event: RunProgress): void;
  /** Model kinds beyond core's (the hosts pass `mlModelFactories()` from @skippy/ml). */
  models?: RunExperimentOptions['models'];
  /** @default performance.timeOrigin + performance.now() */
  now?: () => number;
}

/** executeRun(job, inputs, hooks) – one run through runExperiment; throws when cancelled. */
export async function executeRun(job: { runId: string; name: string; config: ExperimentConfig }, inputs: PipelineInputs | null, hooks: ExecuteRunHooks): Promise<RunResult> {
  const { report, tables, frozen } = await runExperiment(job.config, inputs, {
    now: hooks.now ?? (() => performance.timeOrigin + performance.now()), runId: job.runId, name: job.name, signal: hooks.signal,
    yieldToHost: () => new Promise<void>((resolve) => setImmediate(resolve)), models: hooks.models, onProgress: hooks.onProgress,
  });
  if (hooks.signal.aborted) throw new Error('cancelled');
  return { report, tables, ...(frozen !== undefined ? { frozen } : {}) };
}

/** storeRunResult(artifactDir, result) – writes the Parquet tables and report.json (atomically); returns the report with its artifact list. */
export function storeRunResult(artifactDir: string, result: RunResult): RunReport {
  const report = result.report;
  report.artifacts = writeRunTables(artifactDir, result.tables);
  writeRunReport(artifactDir, report);
  if (result.frozen) writeFrozenArtifact(artifactDir, result.frozen); // what a paper session trades
  return report;
}

/** How a failed run is classified: cancelled, the user's mistake (UserInputError) or internal. */
export function failureKind(e: unknown, aborted: boolean): RunFailureKind {
  return isRunCancelledError(e) || aborted ? 'cancelled' : isUserInputError(e) ? 'user' : 'internal';
}
