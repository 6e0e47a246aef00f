/**
 * @skippy/core/hpo – the study engine (pure, isomorphic): search spaces, samplers (TPE, random, grid),
 * pruners (median, successive halving, Hyperband), the study state machine over a StudyStorage (an
 * in-memory one here; SQLite in @skippy/io/studies), the trial queue, Pareto fronts, random-forest
 * importance and benchmark objectives.
 */
export type { ParamValue, Params, ParamCondition, FloatParam, IntParam, CategoricalParam, ParamSpec, SearchSpace } from './space.ts';
export { validateSearchSpace, isActive, searchSpaceKey, toInternal, toExternal, containsValue, cardinality } from './space.ts';
export type { Direction, TrialState, SamplerConfig, PrunerConfig, StudyDefinition, StudyRecord, TrialRecord, StudyStorage } from './types.ts';
export { createMemoryStorage } from './memoryStorage.ts';
export { erfc, ndtr, logNdtr, logGaussMass, ndtriExp, truncNormPpf, truncNormLogPdf } from './gauss.ts';
export type { ParzenOptions, ParzenEstimator } from './parzen.ts';
export { DEFAULT_PARZEN_OPTIONS, defaultWeights, buildParzenEstimator, sampleParzen, parzenLogPdf } from './parzen.ts';
export type { Sampler, SampleContext, TpeOptions } from './samplers.ts';
export { createSampler, createTpeSampler, createRandomSampler, createGridSampler, gridPoints, groupDecomposedSpace, splitTrials, tpeGamma } from './samplers.ts';
export type { SamplerStreams } from './streams.ts';
export { createSamplerStreams, streamsForNextTrial, latestStreamDraws, streamPositions, randomValue } from './streams.ts';
export type { Pruner, PruneContext, MedianPrunerOptions } from './pruners.ts';
export { createPruner, createMedianPruner, createSuccessiveHalvingPruner, createHyperbandPruner, successiveHalvingPrune, hyperbandBracket } from './pruners.ts';
export type { Study } from './study.ts';
export { openStudy, bestTrial, bestSoFar, studySummary, TrialPrunedError, isTrialPrunedError, INTERRUPTED } from './study.ts';
export type { TrialQueue, TrialHandle, TrialOutcome, Objective, LocalQueueOptions, RunTrialsOptions } from './queue.ts';
export { localTrialQueue, runTrials } from './queue.ts';
export { dominates, nonDominationRanks, paretoFront, signedValues } from './pareto.ts';
export type { ImportanceOptions } from './importance.ts';
export { parameterImportance } from './importance.ts';
export type { BenchmarkObjective } from './benchmarks.ts';
export { BENCHMARK_OBJECTIVES, branin, hartmann6, rosenbrock } from './benchmarks.ts';
export { parseObjectiveOutput } from './objectiveOutput.ts';
export { parseSearchSpaceYaml, parseYamlValue } from './spaceYaml.ts';
export { RUN_OBJECTIVE, configForParams, validateRunSpace } from './runSpace.ts';
export { nestedInnerConfig, outerWindow } from './nested.ts';
export type { OuterWindow } from './nested.ts';
