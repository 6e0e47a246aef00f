export { runQc } from './runQc.ts';
export { runTimeSeriesQc, FUNDING_GRID_MS } from './runTimeSeriesQc.ts';
export { formatQcReport, formatDurationMs } from './formatQcReport.ts';
export { CONFLICT_RULE } from './orderAndDedupe.ts';
export { MAD_TO_SIGMA, MEAN_ABS_DEV_TO_SIGMA } from './robustOutliers.ts';
export { medianInPlace, medianPairInPlace, selectInPlace } from './quickselect.ts';
export type * from './types.ts';
