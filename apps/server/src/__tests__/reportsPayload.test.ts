/**
 * reports.get sends the report without the CSCV per-combination arrays; reports.overfitting sends exactly
 * those arrays. Together they are the stored report.json, number for number (a real 1-day run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, type TRPCClientError } from '@trpc/client';
import type { RunReport } from '@skippy/core/reports';
import { createServer, type RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

/** 1 synthetic day, 3 folds, 8 CSCV partitions: C(8, 4) = 70 combinations. */
const TINY = { name: 'tiny-payload', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
let dir: string, server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-report-payload-'));
  server = await createServer({ port: 0, home: dir, workers: 1 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reports.get (summary) and reports.overfitting (the bulky arrays)', () => {
  it('split the stored report without changing a number', async () => {
    const c = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc` })] });
    const { id } = await c.runs.start.mutate({ config: TINY });
    const t0 = Date.now();
    for (;;) {
      const r = await c.runs.get.query({ id });
      if (!['queued', 'running'].includes(r.status)) { expect(r.status).toBe('done'); break; }
      if (Date.now() - t0 > 90_000) throw new Error('run did not finish');
      await new Promise((res) => setTimeout(res, 200));
    }
    const storedText = readFileSync(join(dir, 'runs', id, 'report.json'), 'utf8');
    const stored = JSON.parse(storedText) as RunReport;
    const summary = await c.reports.get.query({ id });
    const bulk = await c.reports.overfitting.query({ id });

    const o = summary.overfitting!;
    expect(o).not.toHaveProperty('logits');
    expect(o.degradation).not.toHaveProperty('is');
    expect(o.degradation).not.toHaveProperty('oos');
    expect(o.combinations).toBe(70);
    expect(o.logitCount).toBe(70);
    expect(bulk.logits).toHaveLength(70);
    expect(bulk.is).toHaveLength(o.degradationCount);
    expect(bulk.oos).toHaveLength(o.degradationCount);
    expect(o.degradationCount).toBe(stored.overfitting!.degradation.is.length);

    // summary + bulk put back together is the stored report, every field and number
    const { logitCount: _l, degradationCount: _d, ...scalars } = o;
    const rebuilt = { ...summary, overfitting: { ...scalars, logits: bulk.logits, degradation: { ...o.degradation, is: bulk.is, oos: bulk.oos } } };
    expect(rebuilt).toEqual(stored);

    // the wire: the summary is the stored JSON minus the arrays' text
    const get = await (await fetch(`${server.url}/trpc/reports.get?input=${encodeURIComponent(JSON.stringify({ id }))}`)).text();
    const arrays = JSON.stringify(stored.overfitting!.logits).length + JSON.stringify(stored.overfitting!.degradation.is).length + JSON.stringify(stored.overfitting!.degradation.oos).length;
    expect(get.length).toBeLessThan(JSON.stringify(stored).length - arrays + 200);
  }, 120_000);

  it('an unknown run → 404 on reports.overfitting too', async () => {
    const c = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc` })] });
    const err = await c.reports.overfitting.query({ id: 'nope' }).catch((e: unknown) => e) as TRPCClientError<AppRouter>;
    expect(err.data?.httpStatus).toBe(404);
    expect(err.message).toBe('run "nope" not found');
  });
});
