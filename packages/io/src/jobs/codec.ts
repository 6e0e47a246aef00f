/**
 * Bytes of the job contract: pipeline inputs and run results are encoded with Node's structured-clone
 * serializer (typed arrays stay typed arrays), identified by the SHA-256 of those bytes. Both ends are
 * Node processes of the same code version (the worker refuses another), so the format is shared.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { ArtifactColumns, ExperimentResult, PipelineInputs } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';

/** One artifact table already encoded as the Parquet file the submitter writes (the bytes writeRunTables would write). */
export interface RunFile {
  name: string;
  file: string;
  rows: number;
  columns: string[];
  bytes: Uint8Array;
}

/**
 * What a worker sends back: the report (artifacts not yet written), the tables to write and the frozen last fit.
 * For a server (result form "files") the tables come as their Parquet bytes instead (`files`, tables empty), so
 * the server only writes bytes.
 */
export interface RunResult {
  report: RunReport;
  tables: Record<string, ArtifactColumns>;
  files?: RunFile[];
  frozen?: ExperimentResult['frozen'];
  /** A policy run's frozen artifact (kind 'policy'), written as frozen.json like `frozen`. */
  frozenPolicy?: ExperimentResult['frozenPolicy'];
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A content hash as the job host accepts it (64 lower-case hex digits). */
export const isContentHash = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

export function encodeInputs(inputs: PipelineInputs): Buffer {
  return serialize(inputs);
}

export function decodeInputs(bytes: Uint8Array): PipelineInputs {
  const v = deserialize(bytes) as unknown;
  if (v === null || typeof v !== 'object' || !('bars' in v)) throw new Error('input blob: expected encoded pipeline inputs (an object with bars)');
  return v as PipelineInputs;
}

export function encodeResult(result: RunResult): Buffer {
  return serialize({ report: result.report, tables: result.tables, ...(result.files ? { files: result.files } : {}), ...(result.frozen !== undefined ? { frozen: result.frozen } : {}), ...(result.frozenPolicy ? { frozenPolicy: result.frozenPolicy } : {}) });
}

export function decodeResult(bytes: Uint8Array): RunResult {
  const v = deserialize(bytes) as Partial<RunResult> | null;
  if (!v || typeof v !== 'object' || !v.report || typeof v.report !== 'object' || !v.tables || typeof v.tables !== 'object') throw new Error('result: expected an encoded {report, tables}');
  return v as RunResult;
}
