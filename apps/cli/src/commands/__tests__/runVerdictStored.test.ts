import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@skippy/io/db';
import { storedVerdict } from '@skippy/core/reports';
import { runCommand } from '../run.ts';
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
});
