/**
 * The run worker imports @skippy/ml (TensorFlow.js, ≈ 120 MB resident) only for a config that fits an
 * mlp/tcn model (the predicate is core's usesHostModels, tested there); an mlp run still finds its factory in the pool.
 */
import { describe, expect, it } from 'vitest';
import { finishRun, useTestServer } from './runHarness.ts';

const TINY = { data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
const t = useTestServer('ml-worker');

describe('run worker: @skippy/ml loaded on demand', () => {
  it('fits an mlp run in the pool (the factory is imported when the config needs it)', async () => {
    const c = t.client();
    const { id } = await c.runs.start.mutate({ config: { ...TINY, name: 'tiny-mlp', models: { primary: { kind: 'mlp', hidden: [8], epochs: 2 } } } });
    const r = await finishRun(c, id);
    expect(r.error).toBeNull();
    expect(r.status).toBe('done');
    const report = await c.reports.get.query({ id });
    expect(JSON.stringify(report)).toContain('"mlp"');
  });
});
