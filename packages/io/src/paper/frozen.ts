/**
 * The frozen artifact on disk: `<run dir>/frozen.json` beside report.json (written atomically).
 * readFrozenArtifact refuses, with one line naming the run, a folder without it or a file that is not a
 * frozen artifact, and checks that its config hash is the hash of its config. A supervised run's artifact
 * holds its model; a policy (PPO) run's (`kind: 'policy'`) its trained policies and observation normalisers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '@skippy/core';
import { configHash } from '@skippy/core/config';
import { FROZEN_ARTIFACT_FORMAT } from '@skippy/core/paper';
import type { FrozenRunArtifact } from '@skippy/core/paper';
import { writeFileAtomic } from '../atomic.ts';

export const FROZEN_FILE = 'frozen.json';

/** writeFrozenArtifact(dir, frozen) – `frozen.json` (non-finite numbers become null: the artifact holds none). */
export function writeFrozenArtifact(dir: string, frozen: FrozenRunArtifact): string {
  const path = join(dir, FROZEN_FILE);
  writeFileAtomic(path, JSON.stringify(frozen, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  return path;
}

/** readFrozenArtifact(dir, label) – the run's frozen artifact; a UserInputError naming `label` when absent or not one. */
export function readFrozenArtifact(dir: string, label: string): FrozenRunArtifact {
  const path = join(dir, FROZEN_FILE);
  if (!existsSync(path)) {
    const why = existsSync(join(dir, 'report.json')) ? 'the run has no frozen model (a run whose last window fitted no model, or one made before paper trading)' : 'no such run';
    throw new UserInputError(label, `a finished supervised run with ${FROZEN_FILE} (or a PPO run with its frozen policy)`, path, why);
  }
  let j: (Partial<FrozenRunArtifact> & { model?: unknown; kind?: unknown; policies?: unknown; normalisers?: unknown }) | null;
  try { j = JSON.parse(readFileSync(path, 'utf8')) as typeof j; } catch (e) {
    throw new UserInputError(label, `a JSON ${FROZEN_FILE}`, path, e instanceof Error ? e.message : String(e));
  }
  const body = j?.kind === 'policy' ? j.policies !== null && typeof j.policies === 'object' && j.normalisers !== null && typeof j.normalisers === 'object' : j?.model !== undefined;
  if (!j || j.format !== FROZEN_ARTIFACT_FORMAT || !j.config || !Array.isArray(j.symbols) || !j.window || !body) {
    throw new UserInputError(label, `a ${FROZEN_ARTIFACT_FORMAT} artifact in ${FROZEN_FILE}`, j?.format ?? 'unknown');
  }
  const hash = configHash(j.config);
  if (hash !== j.configHash) throw new UserInputError(label, `a frozen artifact whose config hashes to its configHash ${String(j.configHash).slice(0, 12)}`, hash.slice(0, 12));
  return j as FrozenRunArtifact;
}
