/**
 * @skippy/io/jobs – the job contract and the distributed engine (BullMQ on Redis): one run job =
 * config + seed + inputs by content hash → report + artifacts, the same executeRun as the embedded pool.
 * Submitters use JobClient (and serve its job host over HTTP); `skippy-train worker` runs startJobWorker.
 */
export { RUN_QUEUE, KEY_PREFIX, failureReason, parseFailure } from './contract.ts';
export type { RunJobData, RunJobProgress, RunFailureKind, WorkerInfo, QueueDepth } from './contract.ts';
export { encodeInputs, decodeInputs, encodeResult, decodeResult, sha256Hex, isContentHash } from './codec.ts';
export type { RunResult, RunFile } from './codec.ts';
export { BlobStore } from './blobStore.ts';
export { codeVersion } from './codeVersion.ts';
export { executeRun, storeRunResult, storeRunResultAsync, encodeRunFiles, failureKind } from './runJob.ts';
export type { ExecuteRunHooks } from './runJob.ts';
export { jobHostHandler } from './jobHost.ts';
export type { JobHostOptions } from './jobHost.ts';
export { JobClient, listWorkers } from './client.ts';
export type { JobClientOptions, RunJobHandlers } from './client.ts';
export { startJobWorker } from './worker.ts';
export type { JobWorkerOptions, RunningJobWorker } from './worker.ts';
export { JobEngineError, isJobEngineError, probeRedis, redactUrl } from './redis.ts';
