import { describe, expect, it } from 'vitest';
import { validateConfig, configHash } from '../../config/load.ts';
import type { PolicyProgress, PolicyTrainer } from '../../rl/index.ts';
import type { RunProgress } from '../../reports/types.ts';
import { PolicyHistoryBuckets, PolicyHistoryStreams, bucketPolicyHistory, policyTrainingSection, runExperiment, syntheticInputs, usesPolicyTrainer } from '../index.ts';

/** Update i of n (1-based) with easy numbers: step 100 i, loss i, return 10 i when an episode ended (every third update, 2 episodes). */
function rec(i: number, n: number | undefined): PolicyProgress {
  const ended = i % 3 === 0;
  return {
    step: 100 * i, iteration: i, ...(n !== undefined ? { iterations: n } : {}), episodes: ended ? 2 : 0, episodic_return: ended ? 10 * i : Number.NaN,
    policy_loss: i, value_loss: 2 * i, entropy: 1, approx_kl: 0.01 * i, clipfrac: 0.1, explained_variance: i === 2 ? Number.NaN : 0.5, steps_per_s: i % 2 ? 100 : 300,
  };
}

describe('PolicyHistoryBuckets(window, maxPoints)', () => {
  it('folds ⌈iterations / maxPoints⌉ updates into one point: weighted return, harmonic steps/s, finite means', () => {
    const n = 10, b = new PolicyHistoryBuckets(3, 4); // stride ⌈10 / 4⌉ = 3: buckets {1,2,3} {4,5,6} {7,8,9} {10}
    const pts = [];
    for (let i = 1; i <= n; i++) { const p = b.push(rec(i, n)); if (p) pts.push(p); }
    expect(pts.map((p) => [p.window, p.symbol, p.step, p.updates, p.episodes])).toEqual([[3, 0, 300, 3, 2], [3, 0, 600, 3, 2], [3, 0, 900, 3, 2], [3, 0, 1000, 1, 0]]);
    expect(pts[0].episodic_return).toBe(30); // only update 3 ended episodes
    expect(pts[0].policy_loss).toBe(2); // (1 + 2 + 3) / 3
    expect(pts[0].explained_variance).toBe(0.5); // update 2's NaN left out
    // rates 100, 300, 100: 3 / (1/100 + 1/300 + 1/100) = 3 / (7/300) = 900/7
    expect(pts[0].steps_per_s).toBe(128.571); // 900 / 7 = 128.5714… to 6 significant digits
    expect(pts[1].steps_per_s).toBe(180); // 3 / (1/300 + 1/100 + 1/300) = 180
    expect(pts[3].episodic_return).toBeNaN(); // no episode ended in update 10
    expect(pts[3].approx_kl).toBeCloseTo(0.1, 12);
    expect(b.flush()).toBeNull();
  });
  it('weights each update\'s mean return by its episodes', () => {
    const b = new PolicyHistoryBuckets(0, 1);
    b.push({ step: 1, iteration: 1, iterations: 2, episodes: 1, episodic_return: 4 });
    const p = b.push({ step: 2, iteration: 2, iterations: 2, episodes: 3, episodic_return: 8, run_step: 502, run_steps: 1000 })!;
    expect(p.episodic_return).toBe((4 + 3 * 8) / 4);
    expect(p).toMatchObject({ run_step: 502, run_steps: 1000 }); // other fields: the bucket's last record's
    expect(p.episodes).toBe(4);
  });
});

describe('PolicyHistoryStreams(maxPoints)', () => {
  it('keeps one series per agent of a window: by symbol_index, or a new agent when the step goes back', () => {
    const named = [1, 2, 1, 2].map((i, k) => ({ ...rec(i, 2), symbol_index: k < 2 ? 0 : 1 }));
    expect(bucketPolicyHistory(0, named, 1).map((p) => [p.symbol, p.step, p.updates])).toEqual([[0, 200, 2], [1, 200, 2]]);
    // no symbol_index, no iterations: one point per update, the second agent found by its step restarting
    const unnamed = [1, 2, 3, 1, 2].map((i) => rec(i, undefined));
    expect(bucketPolicyHistory(0, unnamed).map((p) => [p.symbol, p.step])).toEqual([[0, 100], [0, 200], [0, 300], [1, 100], [1, 200]]);
    // an agent that stopped early (3 of 4 updates, bucket of 2 open): its open bucket closes when the next agent starts
    const early = [...[1, 2, 3].map((i) => ({ ...rec(i, 4), symbol_index: 0 })), { ...rec(1, 4), symbol_index: 1 }];
    const streams = new PolicyHistoryStreams(2);
    expect(early.map((r) => streams.push(0, r).map((p) => [p.symbol, p.step, p.updates]))).toEqual([[], [[0, 200, 2]], [], [[0, 300, 1]]]);
    expect(streams.flush(0)).toMatchObject({ symbol: 1, step: 100, updates: 1 });
  });
});

describe('policyTrainingSection(kind, symbols, history, maxPoints)', () => {
  it('keeps ≤ maxPoints per window as columns, NaN as null; records without iterations are merged pairwise', () => {
    const known = Array.from({ length: 1000 }, (_, k) => rec(k + 1, 1000));
    const unknown = Array.from({ length: 9 }, (_, k) => rec(k + 1, undefined));
    const s = policyTrainingSection('ppo', ['BTC'], [{ window: 0, points: known }, { window: 1, points: unknown }], 4);
    expect(s.kind).toBe('ppo');
    expect(s.symbols).toEqual(['BTC']);
    expect(s.metrics[0]).toBe('episodic_return');
    expect(s.series[0].step).toEqual([250_00, 500_00, 750_00, 1000_00]);
    expect(s.series[0].updates).toEqual([250, 250, 250, 250]);
    expect(s.series[0].policy_loss[0]).toBe(125.5); // mean of 1…250
    // 9 single-update points → 5 → 3 (pairs merged until ≤ 4)
    expect(s.series[1].updates).toEqual([4, 4, 1]);
    expect(s.series[1].step).toEqual([400, 800, 900]);
    expect(s.series[1].policy_loss[0]).toBe(2.5);
    expect(s.series[1].episodic_return[0]).toBe(30);
    expect(s.series[1].episodic_return[2]).toBe(90);
    expect(s.series[1].steps_per_s[0]).toBe(150); // 4 / (2/100 + 2/300)
    expect(bucketPolicyHistory(1, unknown.slice(0, 1), 4)[0].explained_variance).toBe(0.5);
    expect(policyTrainingSection('ppo', ['BTC'], [{ window: 0, points: [rec(1, 1)] }]).series[0].episodic_return).toEqual([null]);
  });
});

describe('config.trainer', () => {
  it('defaults to supervised; ppo changes the hash; a bad value is one line naming the field', () => {
    const a = validateConfig({}), b = validateConfig({ trainer: 'ppo' }), bad = validateConfig({ trainer: 'dqn' });
    if (!a.ok || !b.ok) throw new Error('expected valid configs');
    expect(a.config.trainer).toBe('supervised');
    expect(usesPolicyTrainer(a.config)).toBe(false);
    expect(usesPolicyTrainer(b.config)).toBe(true);
    expect(configHash(b.config)).not.toBe(configHash(a.config));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0].text).toBe('trainer: expected one of supervised | ppo, got "dqn"');
  });
  it('runExperiment refuses trainer: ppo without a policy trainer, before any data', async () => {
    const r = validateConfig({ trainer: 'ppo', data: { synthetic: { days: 1 } } });
    if (!r.ok) throw new Error('invalid');
    await expect(runExperiment(r.config, null, { now: () => 0 })).rejects.toThrow('trainer: a host that trains PPO policies (the server run worker, skippy-train ppo), got "ppo"');
  });
  it('streams one bucketed policy point per bucket and puts the same history in the report', async () => {
    const r = validateConfig({ trainer: 'ppo', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } });
    if (!r.ok) throw new Error('invalid');
    const n = 450; // > 2 × 200: buckets of 3 updates → 150 points per window
    const trainer: PolicyTrainer = {
      kind: 'fake', describe: () => 'flat',
      async fitWindow(ctx) {
        const history: PolicyProgress[] = [];
        for (let i = 1; i <= n; i++) { const p = rec(i, n); history.push(p); ctx.onProgress?.(p); }
        const T = ctx.bars[ctx.symbols[0]].close.length;
        return { side: Object.fromEntries(ctx.symbols.map((s) => [s, new Int8Array(T)])), size: Object.fromEntries(ctx.symbols.map((s) => [s, new Float64Array(T)])), history };
      },
    };
    const events: RunProgress[] = [];
    const { report } = await runExperiment(r.config, syntheticInputs(r.config), { now: () => 0, policy: trainer, onProgress: (e) => events.push(e) });
    const streamed = events.flatMap((e) => (e.partial?.policy ? [e.partial.policy] : []));
    const series = report.policyTraining!.series;
    expect(series).toHaveLength(r.config.evaluation.backtest.n_windows);
    expect(streamed).toHaveLength(150 * series.length);
    expect(series[0].step).toHaveLength(150);
    expect(series[2].step).toEqual(streamed.filter((p) => p.window === 2).map((p) => p.step));
    expect(series[2].policy_loss).toEqual(streamed.filter((p) => p.window === 2).map((p) => p.policy_loss));
    expect(report.model).toBeNull();
  });
});
