/**
 * A PPO run started through the API (`trainer: ppo`): the run worker loads @skippy/ml, trains a tiny
 * policy per walk-forward window, streams its bucketed diagnostics over SSE, stores the training history in
 * the report and writes the frozen policy artifact a paper session trades.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { RunProgress } from '@skippy/core/reports';
import { readFrozenArtifact } from '@skippy/io/paper';
import { runArtifactDir } from '@skippy/io/artifacts';
import { isPolicyArtifact } from '@skippy/core/pipeline';
import { createServer, type RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

/** One synthetic day, one symbol, 2 windows; 2 envs × 64 steps per update, a few thousand steps in all. */
const TINY_PPO = {
  name: 'tiny-ppo', trainer: 'ppo', data: { symbols: ['BTC'], synthetic: { days: 1 } }, features: { microstructure: { enabled: false } },
  evaluation: { n_splits: 3, cscv_partitions: 8, backtest: { n_windows: 2 } },
  ppo: { steps: 2048, num_envs: 2, num_steps: 64, num_minibatches: 2, update_epochs: 2, hidden: [16], window: 4, episode_bars: 48 },
};
const METRICS = ['episodic_return', 'policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clipfrac', 'explained_variance', 'steps_per_s'];

let home = '';
let server: RunningServer;
const client = () => createTRPCClient<AppRouter>({
  links: [splitLink({
    condition: (op) => op.type === 'subscription',
    true: httpSubscriptionLink({ url: `${server.url}/trpc`, EventSource }),
    false: httpBatchLink({ url: `${server.url}/trpc` }),
  })],
});

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'skippy-ppo-run-'));
  server = await createServer({ port: 0, home, workers: 1, webDist: join(home, 'no-web') });
});
afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('runs.start with trainer: ppo', () => {
  it('trains in the run worker, streams PPO metrics, keeps the history in the report and writes the frozen policy', async () => {
    const c = client();
    const { id } = await c.runs.start.mutate({ config: TINY_PPO });
    const events: RunProgress[] = await new Promise((resolve, reject) => {
      const got: RunProgress[] = [];
      c.runs.onProgress.subscribe({ runId: id }, { onData: (e) => got.push(e), onError: reject, onComplete: () => resolve(got) });
    });
    const run = await c.runs.get.query({ id });
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    expect(run.config.trainer).toBe('ppo');

    // streamed: one point per bucket of updates, every metric named, per window
    const points = events.flatMap((e) => (e.partial?.policy ? [e.partial.policy] : []));
    const snapshot = events.flatMap((e) => e.partial?.policyHistory ?? []);
    const all = [...snapshot, ...points];
    expect(all.length).toBeGreaterThan(0);
    for (const p of points) for (const m of ['window', 'symbol', 'step', 'updates', ...METRICS]) expect(p).toHaveProperty(m);
    expect(new Set(all.map((p) => p.window))).toEqual(new Set([0, 1]));
    // a late subscriber may get the catch-up snapshot instead of the first points; the stream's last window is complete
    const streamedW1 = all.filter((p) => p.window === 1);
    expect(streamedW1.every((p, i) => i === 0 || p.step > streamedW1[i - 1].step)).toBe(true);

    // the report: the same history as columns, bounded, one series per window (one symbol)
    const report = await c.reports.get.query({ id });
    const pt = report.policyTraining!;
    expect(pt.kind).toBe('ppo');
    expect(pt.symbols).toEqual(['BTC']);
    expect(pt.metrics).toEqual(METRICS);
    expect(pt.series.map((s) => [s.window, s.symbol])).toEqual([[0, 0], [1, 0]]);
    for (const s of pt.series) {
      expect(s.step.length).toBeGreaterThan(0);
      expect(s.step.length).toBeLessThanOrEqual(pt.maxPointsPerSeries);
      for (const m of METRICS) expect((s as unknown as Record<string, unknown[]>)[m]).toHaveLength(s.step.length);
      // each update's rollout is num_envs × num_steps = 128 steps
      expect(s.step.at(-1)! % 128).toBe(0);
      expect(s.entropy.every((v) => v !== null && v > 0 && v <= Math.log(3) + 1e-6)).toBe(true); // 3 actions
      expect(s.clipfrac.every((v) => v !== null && v >= 0 && v <= 1)).toBe(true);
    }
    // what streamed for the last window is what the report kept
    expect(pt.series[1].step).toEqual(streamedW1.map((p) => p.step));
    expect(pt.series[1].policy_loss).toEqual(streamedW1.map((p) => (Number.isFinite(p.policy_loss) ? p.policy_loss : null)));
    expect(report.model).toBeNull();
    expect(report.protocol?.sizing).toMatch(/^ppo policy: PPO/);

    // the exported HTML report draws the same history: one SVG chart per metric
    const html = await (await fetch(`${server.url}/artifacts/${id}/report.html`)).text();
    expect(html).toContain('<h2>PPO training</h2>');
    expect(html.match(/aria-label="[^"]+ per training step"/g)).toHaveLength(8);

    // the frozen policy artifact (kind 'policy') beside report.json, for the Paper page
    const frozen = readFrozenArtifact(runArtifactDir(join(home, 'runs'), id), 'run');
    expect(isPolicyArtifact(frozen)).toBe(true);
    expect(frozen.symbols).toEqual(['BTC']);
    expect(frozen.configHash).toBe(run.configHash);
  }, 120_000);

  it('refuses ppo.steps beyond the server budget with one line naming the field', async () => {
    const err = await client().runs.start.mutate({ config: { ...TINY_PPO, ppo: { ...TINY_PPO.ppo, steps: 50_000_000 } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as Error).message).toBe('ppo.steps: expected at most 20000000 environment steps for a PPO run the server trains (longer runs: skippy-train ppo --checkpoints DIR), got 50000000');
  });
});
