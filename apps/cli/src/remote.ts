/**
 * The CLI's --redis: `run`, `hpo:optuna` and `ablate:features` send their runs to the BullMQ cluster and
 * wait, instead of running them in this process. The CLI serves its own job host (inputs by content hash,
 * results) on an HTTP port (127.0.0.1 and a free port by default; --listen HOST[:PORT] for workers on other
 * machines, which then needs SKIPPY_TOKEN). The result is the same report and tables runExperiment returns,
 * so the command prints and writes exactly what the embedded run does.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UserInputError } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { RunCancelledError, runExperiment } from '@skippy/core/pipeline';
import type { ExperimentResult, PipelineInputs, RunExperimentOptions } from '@skippy/core/pipeline';
import type { RunProgress } from '@skippy/core/reports';
import { JobClient, codeVersion, isJobEngineError } from '@skippy/io/jobs';
import type { RunResult } from '@skippy/io/jobs';
import type { CliContext, OptionSpec } from './framework.ts';
import { getString } from './args.ts';

/** The flags every command with a --redis mode adds. */
export const REDIS_OPTIONS: Record<string, OptionSpec> = {
  redis: { type: 'string', arg: 'URL', description: 'send the runs to the BullMQ cluster on this Redis (skippy-train worker processes) and wait' },
  listen: { type: 'string', arg: 'HOST[:PORT]', description: 'with --redis: where workers reach this CLI for inputs and results (default 127.0.0.1, a free port)' },
};

export interface Cluster {
  /** One run on the cluster: resolves with its report and tables, rejects like runExperiment (UserInputError, RunCancelledError, Error). */
  run(job: { runId: string; name: string; config: ExperimentConfig }, inputs: PipelineInputs | null, opts?: { signal?: AbortSignal; onProgress?: (e: RunProgress) => void }): Promise<RunResult>;
  close(): Promise<void>;
}

const isLoopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '::1' || h.startsWith('127.');

/** connectCluster(ctx) – null without --redis; otherwise a connected cluster (one clear line when Redis does not answer). */
export async function connectCluster(ctx: CliContext): Promise<Cluster | null> {
  const url = getString(ctx, 'redis');
  if (url === undefined) return null;
  const listen = getString(ctx, 'listen') ?? '127.0.0.1';
  const m = /^([^:\s]+|\[[0-9a-f:]+\])(?::(\d{1,5}))?$/i.exec(listen);
  if (!m) throw new UserInputError('--listen', 'expected HOST or HOST:PORT', listen);
  const host = m[1].replace(/^\[|\]$/g, '');
  const port = m[2] === undefined ? 0 : Number(m[2]);
  const token = process.env.SKIPPY_TOKEN || undefined;
  if (!isLoopback(host) && !token) throw new UserInputError('--listen', 'a token in SKIPPY_TOKEN when workers reach this CLI beyond loopback', listen);
  const blobDir = mkdtempSync(join(tmpdir(), 'skippy-jobs-'));
  let client: JobClient;
  try {
    client = await JobClient.connect({ redisUrl: url, codeVersion: codeVersion(process.env.SKIPPY_CODE_VERSION), origin: 'http://127.0.0.1/jobs', submitter: 'cli', blobDir, token });
  } catch (e) {
    rmSync(blobDir, { recursive: true, force: true });
    if (isJobEngineError(e)) throw new UserInputError(e.field, e.detail);
    throw e;
  }
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/jobs/')) { req.url = req.url.slice('/jobs'.length); client.handle(req, res); return; }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  client.setOrigin(`http://${host.includes(':') ? `[${host}]` : host}:${bound}/jobs`);
  // job ids are unique in the queue: this CLI's random tag + the run id (the report keeps the run id)
  const tag = `cli-${randomBytes(4).toString('hex')}`;
  return {
    run(job, inputs, opts = {}) {
      const jobId = `${tag}-${job.runId}`.slice(0, 100);
      return new Promise<RunResult>((resolve, reject) => {
        const onAbort = () => { void client.cancel(jobId); };
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        const done = () => opts.signal?.removeEventListener('abort', onAbort);
        client.submit({ ...job, jobId }, inputs, {
          onActive: () => undefined,
          onProgress: (e) => opts.onProgress?.(e),
          onResult: (r) => { done(); resolve(r); },
          onFailed: (kind, message) => {
            done();
            if (kind === 'cancelled') reject(new RunCancelledError('a cluster job'));
            else if (kind === 'user') { const e = new Error(message); e.name = 'UserInputError'; reject(e); }
            else reject(new Error(`${message} (run ${job.runId} on the cluster)`));
          },
        }).catch((e: unknown) => { done(); reject(e instanceof Error ? e : new Error(String(e))); });
      });
    },
    async close() {
      // jobs of this CLI still queued are withdrawn; a result upload being answered finishes first
      await client.withdrawAll();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(force);
      await client.close();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** runExperiment's signature, run here or on the cluster. */
export type ExperimentRunner = {
  runExperiment(config: ExperimentConfig, inputs: PipelineInputs | null, opts: RunExperimentOptions): Promise<ExperimentResult>;
  /** True when the runs go to the cluster (callers may submit several at once). */
  remote: boolean;
  close(): Promise<void>;
};

/**
 * experimentRunner(ctx) – core's runExperiment in this process, or (with --redis) the cluster: same
 * arguments, same result; on the cluster `now`, `yieldToHost` and `models` are the worker's own.
 */
export async function experimentRunner(ctx: CliContext): Promise<ExperimentRunner> {
  const cluster = await connectCluster(ctx);
  if (!cluster) return { runExperiment, remote: false, close: async () => undefined };
  return {
    remote: true,
    runExperiment: (config, inputs, opts) => cluster.run({ runId: opts.runId ?? `cli-${Date.now().toString(36)}`, name: opts.name ?? config.name, config }, inputs, { signal: opts.signal instanceof AbortSignal ? opts.signal : undefined, onProgress: opts.onProgress }),
    close: () => cluster.close(),
  };
}
