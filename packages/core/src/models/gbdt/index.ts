/**
 * @skippy/core/models/gbdt – histogram gradient-boosted trees for binary log-loss, after scikit-learn's
 * HistGradientBoostingClassifier. See ../README.md.
 */
export { fitGbdt, predictGbdt, predictGbdtRaw } from './boost.ts';
export type { GbdtModel, GbdtOptions } from './boost.ts';
export { fitBinMapper, fitBinColumns, binRows, binColumns, binOf, columnThresholds, binFeatures, transposeRows, thresholdsOf } from './binning.ts';
export type { BinMapper, BinMapperOptions } from './binning.ts';
export { buildHistogram, buildNodeHistogram, buildRowsHistogram, histogramRange, subtractHistogram } from './histogram.ts';
export { findBestSplit, leafValue, emptySplit } from './split.ts';
export type { SplitInfo, SplitContext } from './split.ts';
export { growTree } from './grower.ts';
export { gbdtTask, featureRange, mergeSplits, runTask, TASK_GRADIENTS, TASK_ROOT, TASK_CHILDREN, TASK_BINS, TASK_SPLIT_ROWS, TASK_PLACE_ROWS, TASK_LEAVES, SPLIT_FIELDS } from './parallel.ts';
export type { GbdtThreads, GbdtShared } from './parallel.ts';
export type { GrowContext } from './grower.ts';
export { logLoss, logLossGradients, logLossGradientBlocks, sumPairs, binaryAuc, sigmoid } from './loss.ts';
export { treeValue, thresholdOf } from './tree.ts';
export type { GbdtTree } from './tree.ts';
export { gbdtFactory, gbdtFactoryWith, gbdtFromJSON, gbdtModelFromJSON, gbdtToJSON } from './factory.ts';
export type { GbdtJson } from './factory.ts';
