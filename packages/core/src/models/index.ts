/**
 * @skippy/core/models – the supervised baseline: L2-regularised logistic regression with the
 * standardisation fitted inside, on training rows only; histogram gradient-boosted trees (gbdt/). See README.md.
 */
export { fitLogistic, predictLogistic } from './logistic.ts';
export type { LogisticModel, LogisticOptions } from './logistic.ts';
export { fitPlatt, applyPlatt, logitScores } from './calibration.ts';
export type { PlattModel, PlattOptions } from './calibration.ts';
export type { ModelData, FitRequest, FittedModel, ModelFactory, TrainingProgress } from './contract.ts';
export { logisticFactory } from './logisticFactory.ts';
export { BUILTIN_MODEL_FACTORIES } from './registry.ts';
export { gbdtFactory, gbdtFromJSON, gbdtModelFromJSON, gbdtToJSON, fitGbdt, predictGbdt, predictGbdtRaw, fitBinMapper, binRows } from './gbdt/index.ts';
export type { GbdtModel, GbdtOptions, GbdtJson, GbdtTree, BinMapper, BinMapperOptions } from './gbdt/index.ts';
