/**
 * The frozen artifact on disk: `<run dir>/frozen.json` beside report.json (written atomically).
 * readFrozenArtifact refuses, with one line naming the run, a folder without it or a file that is not a
 * frozen artifact, and checks that its config hash is the hash of its config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '@skippy/core';
import { configHash } from '@skippy/core/config';
import { FROZEN_ARTIFACT_FORMAT } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { writeFileAtomic } from '../atomic.ts';

export const FROZEN_FILE = 'frozen.json';

/** writeFrozenArtifact(dir, frozen) – `frozen.json` (non-finite numbers become null: the artifact holds none). */
export function writeFrozenArtifact(dir: string, frozen: FrozenArtifact): string {
  const path = join(dir, FROZEN_FILE);
  writeFileAtomic(path, JSON.stringify(frozen, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  return path;
}

/** readFrozenArtifact(dir, label) – the run's frozen artifact; a UserInputError naming `label` when absent or not one. */
export function readFrozenArtifact(dir: string, label: string): FrozenArtifact {
  const path = join(dir, FROZEN_FILE);
  if (!existsSync(path)) {
    const why = existsSync(join(dir, 'report.json')) ? 'the run has no frozen model (a policy run, a run whose last window fitted no model, or one made before paper trading)' : 'no such run';
    throw new UserInputError(label, `a finished supervised run with ${FROZEN_FILE}`, path, why);
  }
  let j: Partial<FrozenArtifact> | null;
  try { j = JSON.parse(readFileSync(path, 'utf8')) as Partial<FrozenArtifact> | null; } catch (e) {
    throw new UserInputError(label, `a JSON ${FROZEN_FILE}`, path, e instanceof Error ? e.message : String(e));
  }
  if (!j || j.format !== FROZEN_ARTIFACT_FORMAT || !j.config || !Array.isArray(j.symbols) || !j.window || j.model === undefined) {
    throw new UserInputError(label, `a ${FROZEN_ARTIFACT_FORMAT} artifact in ${FROZEN_FILE}`, j?.format ?? 'unknown');
  }
  const hash = configHash(j.config);
  if (hash !== j.configHash) throw new UserInputError(label, `a frozen artifact whose config hashes to its configHash ${String(j.configHash).slice(0, 12)}`, hash.slice(0, 12));
  return j as FrozenArtifact;
}
