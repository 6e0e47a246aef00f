import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import { runExperiment, syntheticInputs } from '../index.ts';

const config = (bagging: Record<string, unknown>) => {
  const r = validateConfig({ data: { synthetic: { days: 2 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 }, models: { bagging } });
  if (!r.ok) throw new Error(r.issues[0].text);
  return r.config;
};

describe('runExperiment with models.bagging (sequential bootstrap)', () => {
  it('fits every split as a bagged ensemble, deterministically, and differs from the single model', async () => {
    const c = config({ n_estimators: 3, bootstrap: 'sequential', max_samples: 0.5 });
    const a = await runExperiment(c, syntheticInputs(c), { now: () => 0 });
    const b = await runExperiment(c, syntheticInputs(c), { now: () => 0 });
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
    const plain = config({});
    const p = await runExperiment(plain, syntheticInputs(plain), { now: () => 0 });
    const pa = a.tables.predictions.prob as Float64Array, pp = p.tables.predictions.prob as Float64Array;
    let diff = 0;
    for (let i = 0; i < pa.length; i++) if (Number.isFinite(pa[i]) && pa[i] !== pp[i]) diff++;
    expect(diff).toBeGreaterThan(100);
    expect(a.report.headline.oosAuc).not.toBeNull();
  });
});
