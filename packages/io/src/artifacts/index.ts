/** @skippy/io/artifacts – per-run artifact folders: report.json + Parquet tables, written atomically. */
export { runArtifactDir, writeRunTables, writeRunReport, readRunReport, listRunFiles, deleteRunArtifacts } from './runArtifacts.ts';
export { writeArtifactTable, readArtifactTable } from './tables.ts';
export type { ArtifactTable, ArtifactColumn } from './tables.ts';
export { loadRunInputs } from './loadRunInputs.ts';
