import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpoCommand } from '../hpo.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-hpo-honesty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hpo:optuna with the run objective: every trial is a configuration tried', () => {
  it('restates the best trial\'s stored report with PBO and DSR over all trials (N = the trials) and the gates again', async () => {
    const cfg = join(dir, 'c.yml');
    writeFileSync(cfg, 'name: honesty\ndata:\n  synthetic: { days: 1 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nhpo:\n  space: { "models.primary.l2": [0.01, 1, 100] }\n');
    const home = join(dir, 'h');
    const r = await runInProcess(hpoCommand, '--trials', '3', '--config', cfg, '--home', home, '--sampler', 'grid', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { study_overfitting: { trials: number; best_run: string; dsr: number | null; pbo: number | null } };
    expect(j.study_overfitting.trials).toBe(3);
    const report = JSON.parse(readFileSync(join(home, 'runs', j.study_overfitting.best_run, 'report.json'), 'utf8'));
    expect(report.overfitting.nTrials).toBe(3);
    expect(report.overfitting.family).toMatch(/^3 trials of study/);
    expect(report.headline.dsr).toBe(j.study_overfitting.dsr);
    expect(report.warnings[0]).toMatch(/best of 3 trials/);
    expect(report.verdict.reasons.find((x: { check: string }) => x.check === 'dsr').value).toBe(report.headline.dsr);
  });
});
