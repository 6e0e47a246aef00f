/**
 * The run worker imports @skippy/ml (TensorFlow.js, ≈ 120 MB resident) only for a config that fits an
 * mlp/tcn model: a logistic run never loads it, an mlp run still finds its factory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createServer, type RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

const TINY = { data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
let dir: string, server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-ml-worker-'));
  server = await createServer({ port: 0, home: dir, workers: 1 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function finish(c: ReturnType<typeof createTRPCClient<AppRouter>>, id: string) {
  const t0 = Date.now();
  for (;;) {
    const r = await c.runs.get.query({ id });
    if (!['queued', 'running'].includes(r.status)) return r;
    if (Date.now() - t0 > 120_000) throw new Error('run did not finish');
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('run worker: @skippy/ml loaded on demand', () => {
  it('fits an mlp run in the pool (the factory is imported when the config needs it)', async () => {
    const c = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.url}/trpc` })] });
    const { id } = await c.runs.start.mutate({ config: { ...TINY, name: 'tiny-mlp', models: { primary: { kind: 'mlp', hidden: [8], epochs: 2 } } } });
    const r = await finish(c, id);
    expect(r.error).toBeNull();
    expect(r.status).toBe('done');
    const report = await c.reports.get.query({ id });
    expect(JSON.stringify(report)).toContain('"mlp"');
  });
});
