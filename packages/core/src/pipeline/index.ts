/**
 * @skippy/core/pipeline – one experiment end to end (pure): runExperiment(config, inputs, options).
 * The host (server worker, CLI) loads data through @skippy/io, passes it in, and writes the returned
 * tables as artifacts. See README.md.
 */
export { runExperiment } from './runExperiment.ts';
export { RunCancelledError, isRunCancelledError } from './types.ts';
export type { PipelineInputs, PipelineSignal, ProgressListener, RunExperimentOptions, ExperimentResult, ArtifactColumns } from './types.ts';
export { alignInputs } from './alignInputs.ts';
export { syntheticInputs, BAR_INTERVAL_MS } from './syntheticInputs.ts';
export { buildSamples } from './buildSamples.ts';
export { loadData, featuresOf, labelsOf } from './prepare.ts';
export { fitInputs } from './fitInputs.ts';
export { scoringSplits } from './crossValidate.ts';
export { usesHostModels } from './primaryModel.ts';
export { usesPolicyTrainer } from './policyWalkForward.ts';
export { PolicyHistoryBuckets, PolicyHistoryStreams, bucketPolicyHistory, policyTrainingSection, POLICY_METRICS, POLICY_HISTORY_MAX_POINTS } from './policyHistory.ts';
export type { PolicyMetric } from './policyHistory.ts';
export type { SampleSet } from './buildSamples.ts';
export { sideFromProbability, barSignals, signalReturns } from './signals.ts';
export type { BarSignal } from './signals.ts';
export { classificationMetrics } from './classificationMetrics.ts';
export type { ClassificationMetrics } from './classificationMetrics.ts';
export { verdictFromGates } from './verdict.ts';
export { evaluateGates, DEFAULT_GATE_THRESHOLDS } from './gates.ts';
export type { GateInput, GateResult, GateDecision, GateThresholds } from './gates.ts';
export { dataRequirementIssues, appliedCostComponents, syntheticAvailableData } from './dataRequirements.ts';
export type { AvailableData, DataRequirementIssue } from './dataRequirements.ts';
export { equitySection } from './sections.ts';
export { restateForStudy } from './study.ts';
export type { StudyTrialReturns } from './study.ts';
export { frozenArtifact, frozenPolicyArtifact, isPolicyArtifact, FROZEN_ARTIFACT_FORMAT } from './frozen.ts';
export type { FrozenArtifact, FrozenPolicyArtifact, FrozenRunArtifact } from './frozen.ts';
