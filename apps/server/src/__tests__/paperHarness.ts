/**
 * Test helpers for the server's paper sessions: a temporary workbench home (runs folder + SQLite), a finished
 * run stored there with its frozen artifact, and waiting for a session to reach a state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { validateConfig } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { runExperiment } from '@skippy/core/pipeline';
import type { FrozenArtifact } from '@skippy/core/paper';
import { runArtifactDir, writeRunReport } from '@skippy/io/artifacts';
import { writeFrozenArtifact } from '@skippy/io/paper';
import type { PaperManager, PaperView } from '../services/paperManager.ts';

export interface PaperTestHome { home: string; runsRoot: string; dataDir: string; db: Database.Database; close(): void }

/** paperTestHome(prefix) – a fresh home under the OS temp folder; close() closes the database and removes it. */
export function paperTestHome(prefix: string): PaperTestHome {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const db = new Database(join(home, 'skippy.db'));
  return { home, runsRoot: join(home, 'runs'), dataDir: join(home, 'data'), db, close: () => { db.close(); rmSync(home, { recursive: true, force: true }); } };
}

/** storeFrozenRun(runsRoot, input, runId) – runs the config (synthetic data) and stores its report and frozen artifact as a finished run. */
export async function storeFrozenRun(runsRoot: string, input: unknown, runId: string): Promise<{ config: ExperimentConfig; frozen: FrozenArtifact }> {
  const r = validateConfig(input);
  if (!r.ok) throw new Error(`config: ${JSON.stringify(r)}`);
  let c = 0;
  const res = await runExperiment(r.config, null, { now: () => ++c, runId });
  const dir = runArtifactDir(runsRoot, runId);
  writeRunReport(dir, res.report);
  writeFrozenArtifact(dir, res.frozen!);
  return { config: r.config, frozen: res.frozen! };
}

/** untilSession(m, id, pred, tries, what) – polls every 5 ms until pred holds; throws when the session failed first or after `tries` polls. */
export async function untilSession(m: PaperManager, id: string, pred: (v: PaperView) => boolean, tries = 2000, what = 'the state'): Promise<PaperView> {
  for (let k = 0; k < tries; k++) {
    const v = m.get(id)!;
    if (pred(v)) return v;
    if (v.status === 'failed') throw new Error(`session ${id} failed before reaching ${what}: ${v.error}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`session ${id} never reached ${what} (status ${m.get(id)?.status}, bars ${m.get(id)?.summary.bars}: ${m.get(id)?.error})`);
}
