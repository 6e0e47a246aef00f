import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { validateConfig } from '@skippy/core/config';
import { runExperiment } from '@skippy/core/pipeline';
import { runArtifactDir, writeRunReport } from '@skippy/io/artifacts';
import { openPaperStore, writeFrozenArtifact } from '@skippy/io/paper';
import { ensureMlBackend, ppoTrainer } from '@skippy/ml';
import { PaperManager } from '../services/paperManager.ts';
import type { PaperView } from '../services/paperManager.ts';

const home = mkdtempSync(join(tmpdir(), 'skippy-paper-policy-'));
const runsRoot = join(home, 'runs');
const db = new Database(join(home, 'skippy.db'));
afterAll(() => { db.close(); rmSync(home, { recursive: true, force: true }); });

beforeAll(async () => {
  await ensureMlBackend();
  const r = validateConfig({
    name: 'ppo-paper', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 },
    ppo: { steps: 256, num_steps: 64, num_envs: 2, update_epochs: 1, hidden: [8, 8], window: 3, episode_bars: 32 },
  });
  if (!r.ok) throw new Error('config');
  const res = await runExperiment(r.config, null, { now: () => 0, runId: 'ppo1', policy: ppoTrainer() });
  const dir = runArtifactDir(runsRoot, 'ppo1');
  writeRunReport(dir, res.report);
  writeFrozenArtifact(dir, res.frozenPolicy!);
}, 120_000);

describe('PaperManager on a PPO run (frozen policy artifact)', () => {
  it('restores the policies with @skippy/ml and replays the last window with fill_mismatches 0; a restart resumes the policy\'s account', async () => {
    const manager = () => new PaperManager({ store: openPaperStore(db, 0), runsRoot, dataDir: join(home, 'data'), persistEveryMs: 0 });
    const until = async (m: PaperManager, id: string, pred: (v: PaperView) => boolean): Promise<PaperView> => {
      for (let k = 0; k < 4000; k++) { const v = m.get(id)!; if (pred(v)) return v; await new Promise((res) => setTimeout(res, 5)); }
      throw new Error(`session ${id}: ${m.get(id)?.status} ${m.get(id)?.error}`);
    };
    const whole = manager();
    const a = await whole.start({ runId: 'ppo1', feed: 'replay', speed: Infinity });
    const doneA = await until(whole, a.id, (x) => x.status === 'done' || x.status === 'failed');
    expect(doneA.error).toBeNull();
    expect(doneA.health.parity).toMatchObject({ fillMismatches: 0, flags: [] });
    expect(doneA.summary.fills).toBeGreaterThan(0);
    await whole.shutdown();
    // interrupted after 30 bars, resumed by a new manager: the same end
    const m1 = manager();
    const events = m1.subscribe(null);
    const b = await m1.start({ runId: 'ppo1', feed: 'replay', speed: Infinity });
    let steps = 0;
    for await (const e of events) if (e.kind === 'step' && e.id === b.id && ++steps === 30) break;
    await m1.shutdown();
    const m2 = manager();
    expect(await m2.resumeRunning()).toEqual([b.id]);
    const doneB = await until(m2, b.id, (x) => x.status === 'done' || x.status === 'failed');
    expect(doneB.health.parity).toMatchObject({ fillMismatches: 0, flags: [] });
    expect(doneB.summary.equity).toBe(doneA.summary.equity);
    expect(doneB.summary.fills).toBe(doneA.summary.fills);
    await m2.shutdown();
  }, 60_000);
});
