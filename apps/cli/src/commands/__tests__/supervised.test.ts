import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTableParquet } from '@skippy/io';
import { supervisedCommand } from '../supervised.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-supervised-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cfg = join(dir, 'tiny.yml');
writeFileSync(cfg, 'name: tiny\ndata:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nmodels:\n  calibration: none\n  primary: { kind: mlp, hidden: [8], epochs: 2 }\n');

describe('skippy-train supervised --model KIND [--config F] [--json] [--export-dataset DIR]', () => {
  it('runs the protocol with the chosen kind (the run summary + model) and exports the exact supervised set', async () => {
    const out = join(dir, 'ds');
    const r = await runInProcess(supervisedCommand, '--model', 'mlp', '--config', cfg, '--json', '--export-dataset', out);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { model: string; verdict: string; headline: { oosAuc: number | null }; dataset: { rows: number; columns: string[] }; protocol: { flat_bars: number } };
    expect(j.model).toBe('mlp');
    expect(['go', 'no-go', 'inconclusive']).toContain(j.verdict);
    const t = await readTableParquet(join(out, 'dataset.parquet'));
    expect(t.rows).toBe(j.dataset.rows);
    expect(Object.keys(t.columns)).toEqual(j.dataset.columns);
    expect(j.dataset.columns.slice(0, 6)).toEqual(['sample', 't0', 't1', 't0_iso', 't1_iso', 'symbol']);
    expect(j.dataset.columns.slice(-5)).toEqual(['y', 'ret', 'weight', 'wf_window', 'cv_fold']);
    const wf = t.columns.wf_window as Int32Array, t0 = t.columns.t0 as Float64Array, cv = t.columns.cv_fold as Int32Array;
    // −1 before the first fit, then non-decreasing windows in time order; every sample in a scoring fold (K-fold)
    const first = wf.findIndex((w) => w >= 0);
    expect(first).toBeGreaterThan(0);
    for (let i = 1; i < wf.length; i++) if (wf[i] >= 0) expect(wf[i]).toBeGreaterThanOrEqual(wf[i - 1]);
    for (let i = 1; i < t0.length; i++) expect(t0[i]).toBeGreaterThanOrEqual(t0[i - 1]);
    expect(new Set(cv)).toEqual(new Set([0, 1, 2]));
    const w = t.columns.weight as Float64Array;
    expect(w.every((x) => x > 0 && x <= 1)).toBe(true);
    const csv = readFileSync(join(out, 'dataset.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(j.dataset.rows + 1);
    expect(csv[0]).toBe(j.dataset.columns.join(','));
    expect(Number(csv[1].split(',')[1])).toBe(t0[0]);
    const meta = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8')) as { features: string[]; model: { kind: string } };
    expect(meta.model.kind).toBe('mlp');
    expect(j.dataset.columns).toEqual(expect.arrayContaining(meta.features));
  });

  it('--model logistic on an mlp config uses the logistic defaults; an unknown kind is one line, exit 2', async () => {
    const r = await runInProcess(supervisedCommand, '--model', 'logistic', '--config', cfg);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model: logistic\n/);
    expect(r.stdout).toMatch(/out of sample: from /);
    const bad = await runInProcess(supervisedCommand, '--model', 'xgboost', '--config', cfg);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--model.*logistic \| gbdt \| mlp \| tcn.*xgboost/);
  });
});
