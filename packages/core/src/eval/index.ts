/**
 * @skippy/core/eval – leakage-proof evaluation: purged/embargoed splitters, CSCV/PBO,
 * and statistics that do not flatter (PSR, DSR, minimum track record). See README.md.
 */
export * from './stats/index.ts';
export * from './split/index.ts';
export { combinations, binomial } from './combinations.ts';
export * from './pbo/index.ts';
export { quantileSorted } from './quantile.ts';
export * from './canary/index.ts';
export { parseMatrixCsv, parseLabelsCsv } from './csv.ts';
export type { NumericTable, LabelIntervals } from './csv.ts';
