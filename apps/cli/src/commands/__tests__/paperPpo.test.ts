import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ppoCommand } from '../ppo.ts';
import { paperCommand } from '../paper.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-paper-ppo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train paper start on a PPO run', () => {
  it('ppo stores frozen.json (kind policy); paper start --run ID --until-end replays the last window with fill_mismatches 0', async () => {
    const cfg = join(dir, 'tiny.yml'), home = join(dir, 'home');
    writeFileSync(cfg, 'name: tinyppo\ndata:\n  synthetic: { days: 1 }\nfeatures:\n  microstructure: { enabled: false }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nppo:\n  num_steps: 64\n  update_epochs: 1\n  hidden: [8, 8]\n  window: 3\n');
    const run = await runInProcess(ppoCommand, '--steps', '256', '--config', cfg, '--home', home, '--json');
    expect(run.code).toBe(0);
    const { run_id: id, config_hash: hash } = JSON.parse(run.stdout) as { run_id: string; config_hash: string };
    const frozenPath = join(home, 'runs', id, 'frozen.json');
    expect(existsSync(frozenPath)).toBe(true);
    const frozen = JSON.parse(readFileSync(frozenPath, 'utf8')) as { kind: string; policyKind: string; configHash: string; policies: Record<string, { format: string }> };
    expect(frozen).toMatchObject({ kind: 'policy', policyKind: 'ppo', configHash: hash });
    expect(frozen.policies.BTC.format).toBe('skippy-ppo-policy/1');
    const r = await runInProcess(paperCommand, 'start', '--run', id, '--home', home, '--speed', 'max', '--until-end', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { config_hash: string; bars: number; fills: number; fill_mismatches: number; reached_end: boolean; drift: { flags: string[] } };
    expect(j.config_hash).toBe(hash);
    expect(j.reached_end).toBe(true);
    expect(j.bars).toBeGreaterThan(50);
    expect(j.fills).toBeGreaterThan(0);
    expect(j.fill_mismatches).toBe(0);
    expect(j.drift.flags).toEqual([]);
  }, 120_000);
});
