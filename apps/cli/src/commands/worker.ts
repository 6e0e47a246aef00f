/**
 * `skippy-train worker --redis URL [--concurrency N] [--server URL] [--token T] [--cache DIR]` – a BullMQ
 * worker of run jobs (study trials and ablation sets are runs too) on any machine: inputs fetched by content
 * hash from the job's host and cached, the same pipeline as the server's worker threads, progress through
 * Redis, results uploaded over HTTP. Runs until SIGINT/SIGTERM (finishing its current jobs first).
 */
import { resolve } from 'node:path';
import { UserInputError } from '@skippy/core';
import { codeVersion, isJobEngineError, startJobWorker } from '@skippy/io/jobs';
import type { Command, CommandResult } from '../framework.ts';
import { getNumber, getString } from '../args.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'process run jobs (runs, study trials, ablation sets) from a BullMQ queue on Redis, on any machine',
  usage: 'worker --redis URL [--concurrency N] [--server URL] [--token T] [--cache DIR] [--lock-ms N]',
  details: `Start one per core on as many machines as you have; the server (SKIPPY_REDIS) or a CLI command
(--redis) enqueues the jobs. --server URL checks at start that the server runs the same code version (refused with
both versions named otherwise) and is where the server's jobs fetch their inputs and upload their results (default:
the URL each job names). --token (or SKIPPY_TOKEN) is the server's token, required when the server is not on
loopback. --concurrency N interleaves N jobs on this process's one thread: for CPU-bound runs start one process per
core instead. A job whose worker dies is retried elsewhere after --lock-ms (default 30000) without losing anything.
Inputs are cached by content hash in --cache (default .skippy/worker-cache).`,
  options: {
    redis: { type: 'string', arg: 'URL', description: 'Redis URL, e.g. redis://10.0.0.5:6379 (default $SKIPPY_REDIS)' },
    concurrency: { type: 'string', arg: 'N', description: 'jobs at once in this process', default: '1' },
    server: { type: 'string', arg: 'URL', description: 'the Skippy server (version check; inputs and results of its jobs)' },
    token: { type: 'string', arg: 'T', description: 'the server token (default $SKIPPY_TOKEN)' },
    cache: { type: 'string', arg: 'DIR', description: 'input cache folder (default .skippy/worker-cache)' },
    'lock-ms': { type: 'string', arg: 'N', description: 'job lock: a silent worker\'s job is retried after this long', default: '30000' },
  },
  async run(ctx): Promise<CommandResult> {
    const redis = getString(ctx, 'redis') ?? process.env.SKIPPY_REDIS;
    if (!redis) throw new UserInputError('--redis', 'is required: expected a Redis URL such as redis://127.0.0.1:6379 (or SKIPPY_REDIS)');
    const concurrency = getNumber(ctx, 'concurrency', { integer: true, min: 1, max: 64 })!;
    const lockMs = getNumber(ctx, 'lock-ms', { integer: true, min: 1000, max: 3_600_000 })!;
    const server = getString(ctx, 'server');
    if (server !== undefined && !/^https?:\/\/[^\s/]+/.test(server)) throw new UserInputError('--server', 'expected an http(s) URL such as http://10.0.0.2:5178', server);
    let running;
    try {
      running = await startJobWorker({
        redisUrl: redis, concurrency, server, token: getString(ctx, 'token') ?? process.env.SKIPPY_TOKEN ?? undefined,
        cacheDir: resolve(getString(ctx, 'cache') ?? '.skippy/worker-cache'), codeVersion: codeVersion(process.env.SKIPPY_CODE_VERSION),
        loadModels: async () => (await import('@skippy/ml')).mlModelFactories(), lockMs, log: (line) => ctx.log(line),
        // trainer: ppo jobs: a fresh PPO trainer per run, as the server's run worker makes
        loadPolicyTrainer: async () => { const { ppoTrainer } = await import('@skippy/ml'); return () => ppoTrainer({ yieldToHost: () => new Promise<void>((r) => setImmediate(r)) }); },
      });
    } catch (e) {
      if (isJobEngineError(e)) throw new UserInputError(e.field, e.detail);
      throw e;
    }
    const w = running;
    const stop = () => { void w.close(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const reason = await w.stopped;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (reason !== null) {
      const i = reason.indexOf(': ');
      throw new UserInputError(reason.slice(0, i), reason.slice(i + 2));
    }
    return { json: { worker: w.id, host: w.host, stopped: true }, text: `worker ${w.id} stopped` };
  },
};
