/**
 * RunManager with a stand-in pool: a PPO run's streamed training points reach every subscriber, a late
 * subscriber gets them all in its catch-up snapshot (partial.policyHistory), and a retried attempt drops
 * what the lost attempt streamed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configHash, validateConfig } from '@skippy/core/config';
import type { PolicyHistoryPoint, RunProgress } from '@skippy/core/reports';
import { openDatabase } from '@skippy/io/db';
import { RunManager } from '../runManager.ts';
import type { PoolJob, RunPool } from '../workerPool.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-rm-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const point = (window: number, step: number): PolicyHistoryPoint => ({
  window, symbol: 0, step, updates: 1, episodes: 0, episodic_return: Number.NaN, policy_loss: -0.01, value_loss: 1, entropy: 1.09, approx_kl: 1e-4, clipfrac: 0, explained_variance: 0.1, steps_per_s: 1000,
});

/** Takes the first value the iterator yields (the catch-up snapshot for a live run). */
async function first(events: AsyncIterable<RunProgress>): Promise<RunProgress> {
  for await (const e of events) return e;
  throw new Error('no event');
}

describe('RunManager: a policy run\'s training points', () => {
  it('are kept for late subscribers (catch-up snapshot) and dropped when the run is retried', async () => {
    const jobs: PoolJob[] = [];
    const pool: RunPool = { submit: (e) => { jobs.push(e); }, cancel: () => false, stats: () => ({ size: 1, busy: 0, queued: 0 }), warm: async () => undefined, close: async () => undefined };
    const db = openDatabase(join(dir, 'skippy.db'));
    const manager = new RunManager({ db, pool, artifactsRoot: join(dir, 'runs'), dataDir: join(dir, 'data') });
    const r = validateConfig({ trainer: 'ppo' });
    if (!r.ok) throw new Error('config');
    const { id } = manager.start({ config: r.config, hash: configHash(r.config) });
    const job = jobs[0];
    job.onStart();
    const early = new AbortController();
    const live: RunProgress[] = [];
    const follow = (async () => { for await (const e of manager.subscribe(id, early.signal)) live.push(e); })();
    for (const p of [point(0, 128), point(0, 256), point(1, 128)]) job.onProgress({ runId: id, stage: 'walkforward', percent: 40, message: 'training', partial: { policy: p } });
    await new Promise((res) => setTimeout(res, 10));
    expect(live.flatMap((e) => (e.partial?.policy ? [[e.partial.policy.window, e.partial.policy.step]] : []))).toEqual([[0, 128], [0, 256], [1, 128]]);

    const late = new AbortController();
    const snapshot = await first(manager.subscribe(id, late.signal));
    late.abort();
    expect(snapshot.partial?.policyHistory?.map((p) => [p.window, p.step])).toEqual([[0, 128], [0, 256], [1, 128]]);

    // the BullMQ engine started the run again elsewhere: the lost attempt's points are gone
    job.onProgress({ runId: id, stage: 'data', percent: 0, message: 'attempt 2 on worker-b (the previous attempt failed or its worker was lost)' });
    const again = new AbortController();
    const after = await first(manager.subscribe(id, again.signal));
    again.abort();
    expect(after.partial?.policyHistory).toBeUndefined();
    early.abort();
    await follow.catch(() => undefined);
    manager.shutdown();
    db.close();
  });
});
