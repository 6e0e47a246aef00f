import { beforeAll, describe, expect, it } from 'vitest';
import { isUserInputError, validateConfig } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { runExperiment, syntheticInputs } from '@skippy/core/pipeline';
import { decodePaperState, encodePaperState, frozenPolicies, isPolicyArtifact, PaperSession, replayParity } from '@skippy/core/paper';
import type { FrozenPolicyArtifact, PaperBar } from '@skippy/core/paper';
import type { PolicyTrainer, PolicyWindowResult } from '@skippy/core/rl';
import type { BarSeries, TimeSeries } from '@skippy/core/data';
import { ensureMlBackend } from '../../backend.ts';
import { ppoTrainer } from '../ppoTrainer.ts';
import { policyFromJSON } from '../policyJson.ts';

beforeAll(async () => { await ensureMlBackend(); });

function config(): ExperimentConfig {
  const r = validateConfig({
    data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 },
    ppo: { steps: 256, num_steps: 64, num_envs: 2, update_epochs: 1, hidden: [8, 8], window: 3, episode_bars: 32 },
  });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}

const barAt = (b: Record<string, BarSeries>, t: number): Record<string, PaperBar> =>
  Object.fromEntries(Object.entries(b).map(([s, x]) => [s, { ts: x.ts[t], open: x.open[t], high: x.high[t], low: x.low[t], close: x.close[t], volume: x.volume[t] }]));
const head = (b: Record<string, BarSeries>, n: number): Record<string, BarSeries> =>
  Object.fromEntries(Object.entries(b).map(([s, x]) => [s, { ...x, ts: x.ts.slice(0, n), open: x.open.slice(0, n), high: x.high.slice(0, n), low: x.low.slice(0, n), close: x.close.slice(0, n), volume: x.volume.slice(0, n) }]));

describe('paper trading a PPO run (frozen policy artifact)', () => {
  let frozen: FrozenPolicyArtifact;
  let bars: Record<string, BarSeries>;
  let funding: Record<string, TimeSeries>;
  let trained: PolicyWindowResult | null = null;
  let windowBars: { testFrom: number; testTo: number } = { testFrom: 0, testTo: 0 };
  beforeAll(async () => {
    const cfg = config(), inner = ppoTrainer();
    // the real ppo trainer; the wrapper only keeps the last window's result to compare with
    const policy: PolicyTrainer = { ...inner, fitWindow: async (ctx) => { const r = await inner.fitWindow(ctx); trained = r; windowBars = { testFrom: ctx.testFrom, testTo: ctx.testTo }; return r; } };
    const inputs = syntheticInputs(cfg);
    bars = inputs.bars;
    funding = inputs.funding!; // the run's funding: the trainer's env and the engine charge it, so the session is fed it too
    expect(cfg.execution.funding).toBe(true);
    const res = await runExperiment(cfg, inputs, { now: () => 0, runId: 'ppopaper', policy });
    expect(res.frozen).toBeNull();
    expect(res.frozenPolicy).not.toBeNull();
    const stored = JSON.parse(JSON.stringify(res.frozenPolicy)) as unknown as FrozenPolicyArtifact; // as frozen.json stores it
    expect(isPolicyArtifact(stored)).toBe(true);
    frozen = stored;
  }, 60_000);

  it('freezes the last window\'s policy and training normaliser with the config hash', () => {
    expect(frozen).toMatchObject({ format: 'skippy-frozen-v1', kind: 'policy', runId: 'ppopaper', policyKind: 'ppo', observationWindow: 3, symbols: ['BTC', 'ETH'] });
    expect(frozen.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(frozen.window.index).toBe(frozen.window.count - 1);
    expect(frozen.window.startBar).toBe(windowBars.testFrom);
    expect(frozen.window.endBar).toBe(windowBars.testTo);
    expect(Object.keys(frozen.normalisers)).toEqual(['BTC', 'ETH']);
    expect(frozen.normalisers.BTC.names).toEqual(frozen.featureNames);
  });

  it('replay: the restored policy takes the trained policy\'s actions and the fills equal the period backtest (fill_mismatches 0)', async () => {
    const policies = frozenPolicies(frozen, policyFromJSON);
    const from = frozen.window.startBar, T = bars.BTC.ts.length;
    const sides: Record<string, number[]> = { BTC: [], ETH: [] };
    const r = await replayParity(frozen, policies, bars, { funding });
    expect(r.fromBar).toBe(from);
    expect(r.drift.fillMismatches).toBe(0);
    expect(r.drift.flags).toEqual([]);
    expect(r.drift.paper.fills).toBeGreaterThan(0);
    expect(r.drift.paper.equity).toBe(r.drift.backtest.equity);
    // the session's own per-bar actions against what the trained policy decided in the run
    const session = PaperSession.create({ frozen, model: policies, history: head(bars, from), funding });
    for (let t = from; t < T; t++) {
      const step = await session.onBars(barAt(bars, t));
      for (const s of ['BTC', 'ETH']) sides[s].push(step.signals[s].side);
    }
    for (const s of ['BTC', 'ETH']) {
      expect(sides[s]).toEqual(Array.from(trained!.side[s].subarray(from, T)));
      expect(new Set(sides[s]).size).toBeGreaterThan(1);
    }
    expect(session.summary().fills).toBe(r.summary.fills);
  });

  it('state → resume continues bit for bit; a missing policy or too short a warm-up is one clear line', async () => {
    const policies = frozenPolicies(frozen, policyFromJSON);
    const from = frozen.window.startBar, T = bars.BTC.ts.length, mid = from + Math.floor((T - from) / 2);
    const whole = PaperSession.create({ frozen, model: policies, history: head(bars, from), funding });
    for (let t = from; t < T; t++) await whole.onBars(barAt(bars, t));
    let s = PaperSession.create({ frozen, model: policies, history: head(bars, from), funding });
    for (let t = from; t < mid; t++) await s.onBars(barAt(bars, t));
    s = PaperSession.resume({ frozen, model: frozenPolicies(frozen, policyFromJSON), history: {}, funding }, decodePaperState(encodePaperState(s.state())));
    for (let t = mid; t < T; t++) await s.onBars(barAt(bars, t));
    expect(s.ledger().fills).toEqual(whole.ledger().fills);
    expect(s.summary()).toEqual(whole.summary());
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e as Error; } return null; };
    const e1 = err(() => PaperSession.create({ frozen, model: { BTC: policies.BTC }, history: head(bars, from) }));
    expect(isUserInputError(e1)).toBe(true);
    expect(e1!.message).toMatch(/^policies\.ETH: the restored policy of every symbol/);
    const e2 = err(() => PaperSession.create({ frozen, model: policies, history: head(bars, 2) }));
    expect(isUserInputError(e2)).toBe(true);
    expect(e2!.message).toMatch(/^history: at least 3 warm-up bars/);
    const e3 = err(() => frozenPolicies({ ...frozen, policies: { BTC: frozen.policies.BTC } }, policyFromJSON));
    expect(e3!.message).toMatch(/^frozen\.policies\.ETH: a trained policy for every symbol/);
  });
});
