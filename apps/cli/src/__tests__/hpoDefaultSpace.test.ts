import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@skippy/core/config';
import { defaultRunSpace, hpoCommand } from '../commands/hpo.ts';
import { runInProcess } from '../commands/__tests__/cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-hpo-default-space-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hpo:optuna --trials N without --space or hpo.space (the plan\'s command as written)', () => {
  it('defaultRunSpace(config): barrier multiples, and the L2 strength for a logistic model', () => {
    const c = defaultConfig();
    expect(Object.keys(c.hpo.space)).toHaveLength(0);
    expect(defaultRunSpace(c)).toEqual({
      'labels.pt': { type: 'float', low: 0.5, high: 3 }, 'labels.sl': { type: 'float', low: 0.5, high: 3 },
      'models.primary.l2': { type: 'float', low: 0.01, high: 100, log: true },
    });
    expect(Object.keys(defaultRunSpace({ ...c, models: { ...c.models, primary: { kind: 'gbdt' } as unknown as typeof c.models.primary } }))).toEqual(['labels.pt', 'labels.sl']);
  });

  it('runs a study on the default space and says so on stderr', async () => {
    const cfg = join(dir, 'c.yml');
    writeFileSync(cfg, 'name: default-space\ndata:\n  synthetic: { days: 1 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const r = await runInProcess(hpoCommand, '--trials', '2', '--config', cfg, '--home', join(dir, 'h'), '--sampler', 'random', '--seed', '3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('search space: the default (labels.pt in [0.5, 3], labels.sl in [0.5, 3], models.primary.l2 in [0.01, 100] (log))');
    // the text summary says what the best value is worth after selecting over the trials (when 2+ trials completed)
    if (/trials: 2 \(2 complete/.test(r.stdout)) expect(r.stdout).toMatch(/selection over 2 complete trials: the best trial's report restated for the study – DSR (n\/a|\d\.\d{3}) \(N = 2\), PBO/);
    const j = await runInProcess(hpoCommand, '--trials', '2', '--config', cfg, '--home', join(dir, 'h2'), '--sampler', 'random', '--seed', '3', '--json');
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout) as { trials: { params: Record<string, number> }[] };
    expect(out.trials).toHaveLength(2);
    for (const t of out.trials) {
      expect(t.params['labels.pt']).toBeGreaterThanOrEqual(0.5);
      expect(t.params['labels.pt']).toBeLessThanOrEqual(3);
      expect(t.params['models.primary.l2']).toBeGreaterThanOrEqual(0.01);
    }
  });
});
