import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@skippy/io/db';
import { storedVerdict } from '@skippy/core/reports';
import { runCommand } from '../run.ts';
import { hpoCommand } from '../hpo.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-run-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train run --store stores the verdict with the run (what the Runs page lists)', () => {
  it('verdict_go / gates_failed / gates_not_computable match the run\'s own gates', async () => {
    const cfg = join(dir, 'tiny.yml');
    writeFileSync(cfg, 'name: tiny\ndata:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const home = join(dir, 'home');
    const r = await runInProcess(runCommand, '--config', cfg, '--json', '--store', '--home', home);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { run_id: string; verdict: string; gates: { failed: string[]; not_computable: string[] } };
    const db = openDatabase(join(home, 'skippy.db'));
    try {
      const m = db.getMetrics(j.run_id);
      expect(storedVerdict(m)).toEqual({ decision: j.verdict, gatesFailed: j.gates.failed.length, gatesNotComputable: j.gates.not_computable.length });
      expect(m.verdict_go).toBe(j.verdict === 'go' ? 1 : j.verdict === 'no-go' ? 0 : null);
    } finally {
      db.close();
    }
  });

  it('hpo:optuna (run objective) stores each trial\'s run with its verdict too', async () => {
    const cfg = join(dir, 'tiny-hpo.yml');
    writeFileSync(cfg, 'name: tiny\ndata:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nhpo:\n  space:\n    labels.pt: [1, 2]\n');
    const home = join(dir, 'hpo-home');
    const r = await runInProcess(hpoCommand, '--config', cfg, '--trials', '2', '--home', home, '--json');
    expect(r.code, r.stderr).toBe(0);
    const db = openDatabase(join(home, 'skippy.db'));
    try {
      const runs = db.listRuns();
      expect(runs).toHaveLength(2);
      for (const run of runs) {
        const v = storedVerdict(db.getMetrics(run.id));
        expect(v, run.name).not.toBeNull();
        expect(['go', 'no-go', 'inconclusive']).toContain(v!.decision);
        expect(v!.decision === 'no-go' ? v!.gatesFailed > 0 : v!.gatesFailed === 0).toBe(true);
      }
    } finally {
      db.close();
    }
  });
});
