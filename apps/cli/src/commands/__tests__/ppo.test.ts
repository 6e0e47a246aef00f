import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ppoCommand } from '../ppo.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-ppo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tiny = join(dir, 'tiny.yml');
writeFileSync(tiny, 'name: tinyppo\ndata:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\nppo:\n  num_steps: 64\n  update_epochs: 1\n  hidden: [16, 16]\n');

describe('skippy-train ppo --env cartpole --steps N --seed S --json', () => {
  it('prints one JSON object: seed, steps, steps_to_solve, final_mean_return, steps/s, history', async () => {
    const r = await runInProcess(ppoCommand, '--env', 'cartpole', '--steps', '1024', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { env: string; seed: number; steps: number; steps_to_solve: number | null; final_mean_return: number; steps_per_s: number; cpu_steps_per_s: number; history: { step: number; approx_kl: number; clipfrac: number; explained_variance: number }[] };
    expect(j).toMatchObject({ env: 'cartpole', seed: 3, steps: 1024, steps_to_solve: null });
    expect(j.final_mean_return).toBeGreaterThan(5);
    expect(j.steps_per_s).toBeGreaterThan(0);
    expect(j.history.map((h) => h.step)).toEqual([512, 1024]);
    expect(j.history[1]).toHaveProperty('approx_kl');
  });
});

describe('skippy-train ppo [--steps N] [--config F] [--checkpoints DIR | --resume DIR] (trading)', () => {
  it('runs the whole protocol with the PPO policy, saves checkpoints per window and symbol, resumes from them', async () => {
    const ck = join(dir, 'ck');
    const r = await runInProcess(ppoCommand, '--steps', '512', '--config', tiny, '--checkpoints', ck, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { policy: string; name: string; verdict: string; headline: { trades: number } };
    expect(j).toMatchObject({ policy: 'ppo', name: 'tinyppo' });
    expect(['go', 'no-go', 'inconclusive']).toContain(j.verdict);
    expect(readdirSync(ck).some((f) => /^w0\.BTC\.json$/.test(f))).toBe(true);
    const again = await runInProcess(ppoCommand, '--steps', '512', '--config', tiny, '--resume', ck, '--json');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { headline: unknown }).headline).toEqual((j as { headline: unknown }).headline);
    // another config hash (ppo.steps differs) → one line naming --resume, exit 2
    const other = await runInProcess(ppoCommand, '--steps', '1024', '--config', tiny, '--resume', ck);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^skippy-train ppo: --resume: checkpoint was trained with config [0-9a-f]{12}, this run's config is [0-9a-f]{12}.*\n$/);
  });

  it('refuses bad input with one line naming the flag (exit 2)', async () => {
    for (const [args, flag] of [[['--steps', '0'], '--steps'], [['--env', 'atari', '--steps', '10'], '--env'], [['--seed', '1.5', '--env', 'cartpole'], '--seed'],
      [['--resume', join(dir, 'nothing-here')], '--resume']] as const) {
      const r = await runInProcess(ppoCommand, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toContain(`skippy-train ppo: ${flag}:`);
    }
  });
});

describe('the trading run\'s progress text (run steps, rate, ETA)', () => {
  it('counts the run\'s steps over windows and symbols and extrapolates the rate seen so far', async () => {
    const { etaMeter, clockText, ppoProgressText } = await import('../ppo.ts');
    const { defaultConfig } = await import('@skippy/core');
    let t = 0;
    const eta = etaMeter(() => t);
    expect(eta(512, 10_240).etaS).toBeNaN(); // one report: no rate yet
    t = 2000;
    expect(eta(7_680, 10_240)).toEqual({ rate: 3584, etaS: 2560 / 3584 });
    expect([clockText(59.6), clockText(754), clockText(3725), clockText(Number.NaN)]).toEqual(['1:00', '12:34', '1:02:05', '?']);
    t = 4000;
    const text = ppoProgressText({ step: 256, window: 1, symbol_index: 1, run_step: 9_728, run_steps: 10_240 }, defaultConfig(), eta);
    expect(text).toBe('PPO step 9,728/10,240 ETA 0:00 2,304 steps/s (window 2/6 ETH)');
  });
});
