import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import type { PolicyTrainer, PolicyWindowContext } from '../../rl/index.ts';
import { runExperiment, syntheticInputs } from '../index.ts';
import { expectCausal } from './causalityHarness.ts';

function config(extra: Record<string, unknown> = {}): ExperimentConfig {
  const r = validateConfig({ data: { synthetic: { days: 3 } }, features: { microstructure: { enabled: false } }, ...extra });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}

/**
 * A transparent policy: "learns" the sign of the mean 20-bar return on its training bars (trend or
 * mean reversion) and then follows (or fades) the sign of ret_20 at each test bar — enough to check the
 * plumbing: windows, training-bar bounds, signals, report.
 */
function signPolicy(seen: PolicyWindowContext[]): PolicyTrainer {
  return {
    kind: 'sign-test',
    describe: () => 'follow or fade sign(ret_20)',
    async fitWindow(ctx) {
      seen.push(ctx);
      const out = { side: {} as Record<string, Int8Array>, size: {} as Record<string, Float64Array>, inSampleSide: {} as Record<string, Int8Array>, history: [{ step: 1, ret: 0 }] };
      for (const s of ctx.symbols) {
        const f = ctx.features[s], j = f.names.indexOf('ret_20');
        const c = ctx.bars[s].close;
        let drift = 0;
        for (let t = ctx.trainFrom + 21; t < ctx.trainTo; t++) drift += Math.sign(f.columns[j][t - 20]) * Math.log(c[t] / c[t - 20]);
        const dir = drift >= 0 ? 1 : -1;
        const n = c.length;
        const side = new Int8Array(n), size = new Float64Array(n), is = new Int8Array(n);
        for (let t = ctx.testFrom; t < ctx.testTo; t++) { const x = f.columns[j][t]; if (Number.isFinite(x) && x !== 0) { side[t] = (dir * Math.sign(x)) as -1 | 1; size[t] = 0.05; } }
        for (let t = ctx.trainFrom; t < ctx.trainTo; t++) { const x = f.columns[j][t]; if (Number.isFinite(x) && x !== 0) is[t] = (dir * Math.sign(x)) as -1 | 1; }
        out.side[s] = side; out.size[s] = size; out.inSampleSide[s] = is;
      }
      return out;
    },
  };
}

describe('runExperiment(config, inputs, {policy}) – a policy through the walk-forward protocol', () => {
  it('gives each window only bars before its start minus the embargo, and reports like a supervised run', async () => {
    const c = config();
    const seen: PolicyWindowContext[] = [];
    const { report } = await runExperiment(c, syntheticInputs(c), { now: () => 0, policy: signPolicy(seen) });
    const T = 3 * 1440, first = Math.floor(T * 0.4), emb = Math.ceil(T * 0.02);
    expect(seen).toHaveLength(6);
    expect(seen[0].testFrom).toBe(first);
    for (const w of seen) { expect(w.trainFrom).toBe(0); expect(w.trainTo).toBe(w.testFrom - emb); expect(w.testTo).toBeGreaterThan(w.testFrom); }
    expect(seen[5].testTo).toBe(T);
    expect(report.protocol!.sizing).toMatch(/^sign-test policy/);
    expect(report.overfitting!.nTrials).toBe(1);
    expect(report.headline.dsr).toBe(report.headline.psr === null ? null : report.overfitting!.psr); // N = 1: nothing selected, DSR = PSR(0)
    expect(report.verdict.reasons).toHaveLength(7);
    expect(report.protocol!.isSharpe).not.toBeNull();
    expect(report.baselines).toHaveLength(3);
  });
  it('is causal as a whole: mirroring prices after τ changes nothing before τ', async () => {
    // a 60-bar cool-down instead of the rest of the UTC day, so the policy trades after τ too
    const c = config({ risk: { consecutive_loss_cooldown: { kind: 'bars', bars: 60 } } });
    const r = await expectCausal(c, syntheticInputs(c), 0.7, { policy: signPolicy([]) });
    expect(r.trades).toBeGreaterThan(0);
    expect(r.changedAfter).toBe(true);
  });
});
