import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../commands/run.ts';
import { reportSummaryCommand } from '../commands/report.ts';
import { runInProcess } from '../commands/__tests__/cliHarness.ts';
import { workbenchHome } from '../framework.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-store-default-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train run stores by default in $SKIPPY_HOME (the server\'s home); --no-store opts out', () => {
  it('workbenchHome(flag): --home, else $SKIPPY_HOME, else .skippy', () => {
    const before = process.env.SKIPPY_HOME;
    try {
      process.env.SKIPPY_HOME = join(dir, 'env-home');
      expect(workbenchHome(undefined)).toBe(join(dir, 'env-home'));
      expect(workbenchHome(join(dir, 'flag'))).toBe(join(dir, 'flag'));
      delete process.env.SKIPPY_HOME;
      expect(workbenchHome(undefined)).toBe(join(process.cwd(), '.skippy'));
    } finally { process.env.SKIPPY_HOME = before; }
  });

  it('a plain `run` is listed for report:summary --latest; a --no-store run is not', async () => {
    const cfg = join(dir, 'tiny.yml');
    writeFileSync(cfg, 'name: stored by default\ndata:\n  synthetic: { days: 1 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const before = process.env.SKIPPY_HOME;
    const home = join(dir, 'home');
    process.env.SKIPPY_HOME = home;
    try {
      const run = await runInProcess(runCommand, '--config', cfg, '--json');
      expect(run.code, run.stderr).toBe(0);
      const id = (JSON.parse(run.stdout) as { run_id: string }).run_id;
      expect(existsSync(join(home, 'skippy.db'))).toBe(true);
      const latest = await runInProcess(reportSummaryCommand, '--latest', '--json', '--out', join(dir, 'r.html'));
      expect(latest.code, latest.stderr).toBe(0);
      expect((JSON.parse(latest.stdout) as { run_id: string }).run_id).toBe(id);

      const skipped = await runInProcess(runCommand, '--config', cfg, '--json', '--no-store');
      expect(skipped.code, skipped.stderr).toBe(0);
      const other = (JSON.parse(skipped.stdout) as { run_id: string }).run_id;
      expect(other).not.toBe(id);
      const still = await runInProcess(reportSummaryCommand, '--latest', '--json', '--out', join(dir, 'r2.html'));
      expect((JSON.parse(still.stdout) as { run_id: string }).run_id).toBe(id);
      const both = await runInProcess(runCommand, '--config', cfg, '--store', '--no-store');
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--no-store');
    } finally { process.env.SKIPPY_HOME = before; }
  });
});
