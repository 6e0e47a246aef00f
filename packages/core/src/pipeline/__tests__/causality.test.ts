import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import { syntheticInputs } from '../index.ts';
import { expectCausal } from './causalityHarness.ts';

function config(extra: Record<string, unknown>): ExperimentConfig {
  const r = validateConfig({ data: { synthetic: { days: 4 } }, features: { microstructure: { enabled: false } }, ...extra });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}

describe('runExperiment(config, inputs) is causal as a whole: changing every price after τ changes nothing before τ', () => {
  it.each([
    ['purged K-fold scoring, bet sizing, τ at 70 %', {}, 0.7],
    ['CPCV scoring, τ inside the first test window', { evaluation: { method: 'cpcv', cpcv: { groups: 4, test_groups: 2 } } }, 0.45],
    ['rolling windows, Kelly sizing, no calibration, planted edge, τ at 80 %', { data: { synthetic: { days: 4, edge: { strength: 0.3, lookback: 20 } } }, evaluation: { backtest: { window: 'rolling' } }, risk: { sizing: { kind: 'kelly', min_trades: 5 } }, models: { calibration: 'none' } }, 0.8],
    ['meta-labelling on the MA rule, τ at 60 %', { models: { meta: { enabled: true } } }, 0.6],
  ])('%s', async (_name, extra, tau) => {
    const c = config(extra);
    const r = await expectCausal(c, syntheticInputs(c), tau);
    expect(r.predictions).toBeGreaterThan(100);
    expect(r.trades).toBeGreaterThan(0);
    expect(r.changedAfter).toBe(true);
  });
});
