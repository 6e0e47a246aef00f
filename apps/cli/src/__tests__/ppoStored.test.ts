import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ppoCommand } from '../commands/ppo.ts';
import { reportSummaryCommand } from '../commands/report.ts';
import { runInProcess } from '../commands/__tests__/cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-ppo-stored-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train ppo (trading) stores its run like run does; --no-store opts out', () => {
  it('the PPO run is what report:summary --latest finds, with its report and tables', async () => {
    const cfg = join(dir, 'tiny.yml');
    writeFileSync(cfg, 'name: ppo stored\ndata:\n  synthetic: { days: 1 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const home = join(dir, 'home');
    const r = await runInProcess(ppoCommand, '--config', cfg, '--steps', '256', '--home', home, '--json');
    expect(r.code, r.stderr).toBe(0);
    const id = (JSON.parse(r.stdout) as { run_id: string }).run_id;
    expect(existsSync(join(home, 'runs', id, 'report.json'))).toBe(true);
    expect(existsSync(join(home, 'runs', id, 'equity.parquet'))).toBe(true);
    const latest = await runInProcess(reportSummaryCommand, '--latest', '--home', home, '--json', '--out', join(dir, 'r.html'));
    expect(latest.code, latest.stderr).toBe(0);
    expect((JSON.parse(latest.stdout) as { run_id: string }).run_id).toBe(id);
    const skipped = await runInProcess(ppoCommand, '--config', cfg, '--steps', '256', '--home', join(dir, 'other'), '--no-store', '--json');
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(existsSync(join(dir, 'other', 'skippy.db'))).toBe(false);
  });
});
