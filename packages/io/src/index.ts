export { writeFileAtomic } from './atomic.ts';
export { sharedDataDir, sharedDataPath, SHARED_DATA_MISSING } from './shared.ts';
export { readCaptureLines, readCapture, loadCaptureText, captureLineLabel } from './capture.ts';
export type { CaptureText } from './capture.ts';
export { writeBarsParquet, readBarsParquet, writeTableParquet, readTableParquet, tableParquetBytes, parseTableParquet, barsParquetBytes, barsFromTable } from './parquet.ts';
export type { TableColumn, ParquetTable, TableParquetOptions } from './parquet.ts';
export * from './readers/index.ts';
