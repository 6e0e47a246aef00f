/**
 * The frozen artifact of a finished supervised run: what a paper session trades. It is the LAST
 * walk-forward window's fit exactly as the run made it — the model's JSON (weights and the scalers
 * fitted inside it), the Platt calibrator, the window's Kelly size — with the validated config, its
 * hash and the window's bounds. Nothing here is refitted: a session restores the model from this JSON
 * and predicts; a retrain would be a new run.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { configHash } from '../config/load.ts';
import type { WalkForwardOutcome } from './walkForward.ts';

export const FROZEN_ARTIFACT_FORMAT = 'skippy-frozen-v1';

export interface FrozenArtifact {
  format: typeof FROZEN_ARTIFACT_FORMAT;
  runId: string;
  /** SHA-256 of the canonical config (equals the run report's configHash). */
  configHash: string;
  config: ExperimentConfig;
  symbols: string[];
  interval: ExperimentConfig['data']['bar_interval'];
  /** Feature names in model column order. */
  featureNames: string[];
  /** The walk-forward window whose fit this is, in the run's bar indices and times (end exclusive). */
  window: { index: number; count: number; startBar: number; endBar: number; startTs: number; endTs: number; trainRows: number };
  /** FittedModel.toJSON() of the window's model (bagged: { kind: 'bagged', members }). */
  model: unknown;
  /** Platt scaling on the model's logit, or null (uncalibrated). */
  calibration: { a: number; b: number } | null;
  /** risk.sizing kind kelly: the window's fractional Kelly size; null otherwise. */
  kellySize: number | null;
  /** The decision threshold the run's headline used (models.decision_thresholds[0]). */
  threshold: number;
}

/**
 * frozenArtifact(config, wf, featureNames, barTs, runId) – the artifact of the run's last walk-forward
 * window, or null when that window fitted no model (too few training rows: the run was flat there).
 */
export function frozenArtifact(config: ExperimentConfig, wf: WalkForwardOutcome, featureNames: string[], barTs: Float64Array, intervalMs: number, runId: string): FrozenArtifact | null {
  const last = wf.lastFit;
  if (!last || last.window !== wf.windows.length - 1) return null;
  const w = wf.windows[last.window];
  const T = barTs.length;
  return {
    format: FROZEN_ARTIFACT_FORMAT, runId, configHash: configHash(config), config, symbols: [...config.data.symbols], interval: config.data.bar_interval,
    featureNames: [...featureNames],
    window: {
      index: w.index, count: wf.windows.length, startBar: w.startBar, endBar: w.endBar, startTs: barTs[w.startBar],
      endTs: w.endBar < T ? barTs[w.endBar] : barTs[T - 1] + intervalMs, trainRows: last.trainRows,
    },
    model: last.model.toJSON(),
    calibration: last.calibration ? { a: last.calibration.a, b: last.calibration.b } : null,
    kellySize: config.risk.sizing.kind === 'kelly' && Number.isFinite(last.kellySize) ? last.kellySize : null,
    threshold: config.models.decision_thresholds[0],
  };
}
