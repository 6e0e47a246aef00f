/** A finished server run carries its verdict in runs.list (what the Runs page's Verdict column shows). */
import { describe, expect, it } from 'vitest';
import { storedVerdict } from '@skippy/core/reports';
import { finishRun, useTestServer } from './runHarness.ts';

const TINY = { name: 'tiny-verdict', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
const t = useTestServer('run-verdict');

describe('runs.list metrics: verdict_go, gates_failed, gates_not_computable', () => {
  it('match the stored report\'s verdict', async () => {
    const c = t.client();
    const { id } = await c.runs.start.mutate({ config: TINY });
    expect((await finishRun(c, id, 90_000)).status).toBe('done');
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
