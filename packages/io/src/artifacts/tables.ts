/**
 * Column tables as Parquet files (hyparquet-writer / hyparquet), written atomically. Float64Array
 * → DOUBLE, Int32Array/Int8Array → INT32, string[] → STRING.
 */
import { readFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetReadObjects } from 'hyparquet';
import { writeFileAtomic } from '../atomic.ts';

export type ArtifactColumn = Float64Array | Int32Array | Int8Array | string[];
export type ArtifactTable = Record<string, ArtifactColumn>;

/** writeArtifactTable(path, columns) – one Parquet file, temp file + rename. Returns the row count. */
export function writeArtifactTable(path: string, columns: ArtifactTable): number {
  const names = Object.keys(columns);
  const rows = names.length ? columns[names[0]].length : 0;
  const columnData = names.map((name) => {
    const col = columns[name];
    if (col.length !== rows) throw new Error(`column ${name} has ${col.length} rows; expected ${rows}`);
    if (Array.isArray(col)) return { name, data: col, type: 'STRING' as const };
    if (col instanceof Float64Array) return { name, data: col, type: 'DOUBLE' as const };
    return { name, data: Int32Array.from(col), type: 'INT32' as const };
  });
  const buffer = parquetWriteBuffer({ columnData });
  writeFileAtomic(path, new Uint8Array(buffer));
  return rows;
}

/** readArtifactTable(path) – rows as plain objects (numbers as numbers, strings as strings). */
export async function readArtifactTable(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return parquetReadObjects({ file });
}
