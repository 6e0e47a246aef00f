/**
 * hpo:optuna --outer-from: nested evaluation. The trials select on the data before the day only (their runs'
 * config ends there and their out-of-sample returns stop before it); the best configuration is run once on the
 * whole range and reported on its out-of-sample returns from the day on (the Sharpe recomputed here by hand).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTableParquet } from '@skippy/io';
import { hpoCommand } from '../hpo.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-hpo-nested-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CUT = Date.parse('2024-01-03');

describe('hpo:optuna --outer-from (nested evaluation)', () => {
  const cfg = join(dir, 'c.yml');
  writeFileSync(cfg, 'name: nested\ndata:\n  synthetic: { days: 3 }\n  range: { start: "2024-01-01" }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nhpo:\n  space: { "models.primary.l2": [0.01, 100] }\n');
  const home = join(dir, 'h');

  it('selects on the inner data only and reports the best configuration on the outer window', async () => {
    const r = await runInProcess(hpoCommand, '--trials', '2', '--config', cfg, '--home', home, '--sampler', 'grid', '--outer-from', '2024-01-03', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { best_trial: number; best_value: number; best_params: Record<string, number>; trials: { run_id: string; state: string }[]; nested: { outer_from: string; inner_best_trial: number; inner_best_value: number; outer_run: string; outer_bars: number; outer_sharpe: number | null; outer_total_return: number | null } };
    expect(j.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    for (const t of j.trials) {
      const rep = JSON.parse(readFileSync(join(home, 'runs', t.run_id, 'report.json'), 'utf8'));
      expect(rep.config.data.range.end).toBe('2024-01-03');
      const oos = await readTableParquet(join(home, 'runs', t.run_id, 'oos_returns.parquet'));
      expect(Math.max(...(oos.columns.ts as Float64Array))).toBeLessThan(CUT);
    }
    expect(j.nested).toMatchObject({ outer_from: '2024-01-03', inner_best_trial: j.best_trial, inner_best_value: j.best_value });
    const outer = JSON.parse(readFileSync(join(home, 'runs', j.nested.outer_run, 'report.json'), 'utf8'));
    expect(outer.config.data.range.end).toBeNull();
    expect(outer.config.models.primary.l2).toBe(j.best_params['models.primary.l2']);
    // the outer window's Sharpe by hand: mean / sample SD × √periodsPerYear of the OOS returns from the cut on
    const tab = await readTableParquet(join(home, 'runs', j.nested.outer_run, 'oos_returns.parquet'));
    const ts = tab.columns.ts as Float64Array, ret = tab.columns.r as Float64Array;
    const w = Array.from(ret).filter((_, i) => ts[i] >= CUT);
    expect(w.length).toBe(j.nested.outer_bars);
    expect(w.length).toBeGreaterThan(100);
    expect(Array.from(ts).some((x) => x < CUT)).toBe(true);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (w.length - 1));
    expect(j.nested.outer_sharpe).toBeCloseTo((mean / sd) * Math.sqrt(outer.headline.periodsPerYear), 9);
    expect(j.nested.outer_total_return).toBeCloseTo(w.reduce((g, x) => g * (1 + x), 1) - 1, 12);
  }, 120_000);

  it('refuses --outer-from outside the run objective or outside the data range, in one line', async () => {
    const a = await runInProcess(hpoCommand, '--trials', '2', '--objective', 'bench:branin', '--home', home, '--outer-from', '2024-01-03');
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe('skippy-train hpo:optuna: --outer-from: is for the run objective only (a study whose trials are runs of the config)');
    const b = await runInProcess(hpoCommand, '--trials', '2', '--config', cfg, '--home', home, '--outer-from', '2023-12-31');
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toBe('skippy-train hpo:optuna: --outer-from: expected a day after data.range.start (2024-01-01), got "2023-12-31"');
    const c = await runInProcess(hpoCommand, '--trials', '2', '--config', cfg, '--home', home, '--outer-from', 'Jan 3');
    expect(c.stderr.trim()).toBe('skippy-train hpo:optuna: --outer-from: expected a UTC day YYYY-MM-DD, got "Jan 3"');
  });
});
