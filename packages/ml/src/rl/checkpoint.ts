/**
 * PPO checkpoints: weights, Adam moments, step counters, the architecture and the hash of the config
 * that trained them. A store is any key → checkpoint map (the CLI passes a directory-backed one); a
 * checkpoint from another config hash or architecture is refused with one line naming what differs.
 */
import { UserInputError } from '@skippy/core';
import type { PolicyArchitecture } from './policyNet.ts';
import type { PpoState } from './ppo.ts';

export const PPO_CHECKPOINT_FORMAT = 'skippy-ppo-checkpoint/1';

/** Plain JSON: float32 values written as numbers round-trip exactly. */
export interface PpoCheckpoint {
  format: typeof PPO_CHECKPOINT_FORMAT;
  configHash: string;
  architecture: PolicyArchitecture;
  globalStep: number;
  iteration: number;
  /** Iterations of the whole run; the checkpoint is final when iteration === iterations. */
  iterations: number;
  shapes: [number, number][];
  params: number[][];
  adam: { t: number; m: number[][]; v: number[][] };
}

export interface CheckpointStore {
  load(key: string): Promise<PpoCheckpoint | null> | PpoCheckpoint | null;
  save(key: string, checkpoint: PpoCheckpoint): Promise<void> | void;
}

/** An in-memory store (tests, browser workers). */
export function memoryCheckpointStore(): CheckpointStore & { entries: Map<string, PpoCheckpoint> } {
  const entries = new Map<string, PpoCheckpoint>();
  return { entries, load: (k) => entries.get(k) ?? null, save: (k, c) => { entries.set(k, structuredClone(c)); } };
}

export function checkpointFromState(state: PpoState, configHash: string, iterations: number): PpoCheckpoint {
  const { net, adam } = state;
  return {
    format: PPO_CHECKPOINT_FORMAT, configHash, architecture: { obsSize: net.obsSize, numActions: net.numActions, hidden: [...net.hidden] },
    globalStep: state.globalStep, iteration: state.iteration, iterations, shapes: net.shapes.map((s) => [s[0], s[1]]),
    params: net.params.map((p) => Array.from(p)), adam: { t: adam.t, m: adam.m.map((x) => Array.from(x)), v: adam.v.map((x) => Array.from(x)) },
  };
}

const archText = (a: PolicyArchitecture) => `${a.obsSize} inputs → [${a.hidden.join(', ')}] → ${a.numActions} actions`;

/**
 * stateFromCheckpoint(c, configHash, arch, where) – the training state of a compatible checkpoint; a
 * UserInputError naming `where` (e.g. --resume) when its format, config hash or architecture differs.
 */
export function stateFromCheckpoint(c: PpoCheckpoint, configHash: string, arch: PolicyArchitecture, where: string): PpoState {
  if (c?.format !== PPO_CHECKPOINT_FORMAT) throw new UserInputError(where, `expected a ${PPO_CHECKPOINT_FORMAT} checkpoint`, c?.format);
  if (c.configHash !== configHash) throw new UserInputError(where, `checkpoint was trained with config ${c.configHash.slice(0, 12)}, this run's config is ${configHash.slice(0, 12)} (resume only with the same config)`);
  if (archText(c.architecture) !== archText(arch)) throw new UserInputError(where, `checkpoint architecture ${archText(c.architecture)} differs from this run's ${archText(arch)}`);
  return {
    net: { ...arch, hidden: [...arch.hidden], shapes: c.shapes.map((s) => [s[0], s[1]]), params: c.params.map((p) => Float32Array.from(p)) },
    adam: { t: c.adam.t, m: c.adam.m.map((x) => Float32Array.from(x)), v: c.adam.v.map((x) => Float32Array.from(x)) },
    globalStep: c.globalStep, iteration: c.iteration,
  };
}
