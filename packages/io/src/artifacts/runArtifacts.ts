/**
 * A run's artifact folder: `<root>/<runId>/` holding `report.json` and one Parquet file per large
 * array (equity curve, trades, predictions). Every file is written atomically (temp + rename), so a
 * crash leaves either the old file or the new one.
 */
import { existsSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArtifactInfo, RunReport } from '@skippy/core/reports';
import { writeFileAtomic } from '../atomic.ts';
import { writeArtifactTable, type ArtifactTable } from './tables.ts';

const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** runArtifactDir(root, runId) – the folder of one run (the id must be a safe file name). */
export function runArtifactDir(root: string, runId: string): string {
  if (!SAFE_ID.test(runId)) throw new Error(`runId must match ${SAFE_ID}; was ${JSON.stringify(runId)}`);
  return join(resolve(root), runId);
}

/** writeRunTables(dir, tables) – `<name>.parquet` per table; returns what the report lists under `artifacts`. */
export function writeRunTables(dir: string, tables: Record<string, ArtifactTable>): ArtifactInfo[] {
  const out: ArtifactInfo[] = [];
  for (const [name, columns] of Object.entries(tables)) {
    const file = `${name}.parquet`;
    const rows = writeArtifactTable(join(dir, file), columns);
    out.push({ name, file, rows, columns: Object.keys(columns) });
  }
  return out;
}

/** writeRunReport(dir, report) – `report.json` (non-finite numbers become null). */
export function writeRunReport(dir: string, report: RunReport): void {
  writeFileAtomic(join(dir, 'report.json'), JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}

/** readRunReport(dir) – the stored report or null when absent. */
export function readRunReport(dir: string): RunReport | null {
  const p = join(dir, 'report.json');
  if (!existsSync(p)) return null;
  return JSON.parse(readFileSync(p, 'utf8')) as RunReport;
}

/** listRunFiles(dir) – file names in a run's folder (temp files excluded). */
export function listRunFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
}

export function deleteRunArtifacts(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
