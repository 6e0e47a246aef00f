/**
 * The frozen artifact of a finished supervised run: what a paper session trades. It is the LAST
 * walk-forward window's fit exactly as the run made it — the model's JSON (weights and the scalers
 * fitted inside it), the Platt calibrator, the window's Kelly size — with the validated config, its
 * hash and the window's bounds. Nothing here is refitted: a session restores the model from this JSON
 * and predicts; a retrain would be a new run.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { configHash } from '../config/load.ts';
import type { ObservationNormaliserJSON } from '../rl/normaliser.ts';
import type { WalkForwardOutcome } from './walkForward.ts';
import type { PolicyOutcome } from './policyWalkForward.ts';

export const FROZEN_ARTIFACT_FORMAT = 'skippy-frozen-v1';

/** What every frozen artifact starts with: the run, its validated config and hash, and the window it froze. */
export interface FrozenHeader {
  format: typeof FROZEN_ARTIFACT_FORMAT;
  runId: string;
  /** SHA-256 of the canonical config (equals the run report's configHash). */
  configHash: string;
  config: ExperimentConfig;
  symbols: string[];
  interval: ExperimentConfig['data']['bar_interval'];
  /** Feature names in model (supervised) or observation (policy) column order. */
  featureNames: string[];
  /** The walk-forward window whose fit this is, in the run's bar indices and times (end exclusive). */
  window: { index: number; count: number; startBar: number; endBar: number; startTs: number; endTs: number; trainRows: number };
}

export interface FrozenArtifact extends FrozenHeader {
  /** FittedModel.toJSON() of the window's model (bagged: { kind: 'bagged', members }). */
  model: unknown;
  /** Platt scaling on the model's logit, or null (uncalibrated). */
  calibration: { a: number; b: number } | null;
  /** risk.sizing kind kelly: the window's fractional Kelly size; null otherwise. */
  kellySize: number | null;
  /** The decision threshold the run's headline used (models.decision_thresholds[0]). */
  threshold: number;
}

/** The header of the artifact of window `w` (bars [startBar, endBar) of barTs; the last window ends one interval after the last bar). */
function frozenHeader(config: ExperimentConfig, runId: string, featureNames: string[], barTs: Float64Array, intervalMs: number,
  w: { index: number; count: number; startBar: number; endBar: number; trainRows: number }): FrozenHeader {
  const T = barTs.length;
  return {
    format: FROZEN_ARTIFACT_FORMAT, runId, configHash: configHash(config), config, symbols: [...config.data.symbols], interval: config.data.bar_interval,
    featureNames: [...featureNames],
    window: { ...w, startTs: barTs[w.startBar], endTs: w.endBar < T ? barTs[w.endBar] : barTs[T - 1] + intervalMs },
  };
}

/**
 * frozenArtifact(config, wf, featureNames, barTs, runId) – the artifact of the run's last walk-forward
 * window, or null when that window fitted no model (too few training rows: the run was flat there).
 */
export function frozenArtifact(config: ExperimentConfig, wf: WalkForwardOutcome, featureNames: string[], barTs: Float64Array, intervalMs: number, runId: string): FrozenArtifact | null {
  const last = wf.lastFit;
  if (!last || last.window !== wf.windows.length - 1) return null;
  const w = wf.windows[last.window];
  return {
    ...frozenHeader(config, runId, featureNames, barTs, intervalMs, { index: w.index, count: wf.windows.length, startBar: w.startBar, endBar: w.endBar, trainRows: last.trainRows }),
    model: last.model.toJSON(),
    calibration: last.calibration ? { a: last.calibration.a, b: last.calibration.b } : null,
    kellySize: config.risk.sizing.kind === 'kelly' && Number.isFinite(last.kellySize) ? last.kellySize : null,
    threshold: config.models.decision_thresholds[0],
  };
}

/**
 * The frozen artifact of a finished policy (PPO) run: the LAST walk-forward window's trained policy per
 * symbol as the trainer's JSON (restored by a host restorer, e.g. @skippy/ml's policyFromJSON) and the
 * observation normaliser fitted on that window's training bars, with the validated config and its hash.
 * A paper session acts with it on the trading environment's observation (core/rl/policyActor.ts).
 */
export interface FrozenPolicyArtifact extends FrozenHeader {
  kind: 'policy';
  /** The trainer (PolicyTrainer.kind, e.g. 'ppo'). */
  policyKind: string;
  /** Feature rows per observation (config.ppo.window). */
  observationWindow: number;
  /** Per symbol: the trained policy's JSON. */
  policies: Record<string, unknown>;
  /** Per symbol: the observation normaliser fitted on the window's training bars. */
  normalisers: Record<string, ObservationNormaliserJSON>;
}

/** What a finished run freezes: a supervised model (FrozenArtifact, no `kind`) or a policy. */
export type FrozenRunArtifact = FrozenArtifact | FrozenPolicyArtifact;

export function isPolicyArtifact(f: FrozenRunArtifact): f is FrozenPolicyArtifact {
  return (f as { kind?: unknown }).kind === 'policy';
}

/**
 * frozenPolicyArtifact(config, po, featureNames, barTs, intervalMs, runId) – the artifact of a policy
 * run's last walk-forward window, or null when the trainer returned nothing to freeze for it.
 */
export function frozenPolicyArtifact(config: ExperimentConfig, po: PolicyOutcome, policyKind: string, featureNames: string[], barTs: Float64Array, intervalMs: number, runId: string): FrozenPolicyArtifact | null {
  const last = po.last;
  if (!last || !last.frozen) return null;
  const symbols = [...config.data.symbols];
  if (!symbols.every((s) => Object.hasOwn(last.frozen!, s))) return null;
  return {
    ...frozenHeader(config, runId, featureNames, barTs, intervalMs, { index: last.index, count: last.count, startBar: last.startBar, endBar: last.endBar, trainRows: last.trainTo - last.trainFrom }),
    kind: 'policy',
    policyKind, observationWindow: config.ppo.window,
    policies: Object.fromEntries(symbols.map((s) => [s, last.frozen![s].policy])),
    normalisers: Object.fromEntries(symbols.map((s) => [s, last.frozen![s].normaliser])),
  };
}
