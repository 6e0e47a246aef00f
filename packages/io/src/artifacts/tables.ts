/**
 * Column tables of a run as Parquet files, through engineer B's writeTableParquet /
 * readTableParquet (exact type restore, atomic temp + rename).
 */
import { readTableParquet, writeTableParquet } from '../parquet.ts';
import type { ParquetTable, TableColumn } from '../parquet.ts';

export type ArtifactColumn = TableColumn;
export type ArtifactTable = Record<string, ArtifactColumn>;

/** writeArtifactTable(path, columns) – one Parquet file (atomic). Returns the row count. */
export function writeArtifactTable(path: string, columns: ArtifactTable): number {
  const names = Object.keys(columns);
  const rows = names.length ? columns[names[0]].length : 0;
  for (const name of names) if (columns[name].length !== rows) throw new Error(`column ${name} has ${columns[name].length} rows; expected ${rows}`);
  writeTableParquet(path, columns);
  return rows;
}

/** readArtifactTable(path) – the columns back with their types (Float64Array, Int32Array, Int8Array, string[]). */
export function readArtifactTable(path: string): Promise<ParquetTable> {
  return readTableParquet(path);
}
