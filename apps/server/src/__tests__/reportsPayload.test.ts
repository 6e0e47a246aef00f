/**
 * reports.get sends the report without the CSCV per-combination arrays; reports.overfitting sends exactly
 * those arrays. Together they are the stored report.json, number for number (a real 1-day run).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TRPCClientError } from '@trpc/client';
import type { RunReport } from '@skippy/core/reports';
import type { AppRouter } from '../trpc/router.ts';
import { finishRun, useTestServer } from './runHarness.ts';

/** 1 synthetic day, 3 folds, 8 CSCV partitions: C(8, 4) = 70 combinations. */
const TINY = { name: 'tiny-payload', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
const t = useTestServer('report-payload');

describe('reports.get (summary) and reports.overfitting (the bulky arrays)', () => {
  it('split the stored report without changing a number', async () => {
    const c = t.client();
    const { id } = await c.runs.start.mutate({ config: TINY });
    expect((await finishRun(c, id, 90_000)).status).toBe('done');
    const storedText = readFileSync(join(t.dir, 'runs', id, 'report.json'), 'utf8');
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
    const get = await (await fetch(`${t.server.url}/trpc/reports.get?input=${encodeURIComponent(JSON.stringify({ id }))}`)).text();
    const arrays = JSON.stringify(stored.overfitting!.logits).length + JSON.stringify(stored.overfitting!.degradation.is).length + JSON.stringify(stored.overfitting!.degradation.oos).length;
    expect(get.length).toBeLessThan(JSON.stringify(stored).length - arrays + 200);
  }, 120_000);

  it('an unknown run → 404 on reports.overfitting too', async () => {
    const c = t.client();
    const err = await c.reports.overfitting.query({ id: 'nope' }).catch((e: unknown) => e) as TRPCClientError<AppRouter>;
    expect(err.data?.httpStatus).toBe(404);
    expect(err.message).toBe('run "nope" not found');
  });
});
