/** A finished server run carries its verdict in runs.list (what the Runs page's Verdict column shows). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { storedVerdict } from '@skippy/core/reports';
import { createServer, type RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

const TINY = { name: 'tiny-verdict', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
let dir: string, server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-run-verdict-'));
  server = await createServer({ port: 0, home: dir, workers: 1 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runs.list metrics: verdict_go, gates_failed, gates_not_computable', () => {
  it('match the stored report\'s verdict', async () => {
    const c = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.url}/trpc` })] });
    const { id } = await c.runs.start.mutate({ config: TINY });
    const t0 = Date.now();
    for (;;) {
      const r = await c.runs.get.query({ id });
      if (!['queued', 'running'].includes(r.status)) { expect(r.status).toBe('done'); break; }
      if (Date.now() - t0 > 90_000) throw new Error('run did not finish');
      await new Promise((res) => setTimeout(res, 200));
    }
    const report = await c.reports.get.query({ id });
    const row = (await c.runs.list.query()).find((r) => r.id === id)!;
    const reasons = report.verdict.reasons;
    expect(storedVerdict(row.metrics)).toEqual({
      decision: report.verdict.decision,
      gatesFailed: reasons.filter((x) => x.passed === false).length,
      gatesNotComputable: reasons.filter((x) => x.passed === null).length,
    });
  });
});
