import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runArtifactDir, writeRunTables, readArtifactTable, writeRunReport, readRunReport, listRunFiles, deleteRunArtifacts } from '../index.ts';
import type { RunReport } from '@skippy/core/reports';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('writeRunTables(dir, tables) / readArtifactTable(path)', () => {
  it('round-trips float, int and string columns through Parquet, leaving no temp files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'skippy-art-')); dirs.push(root);
    const dir = runArtifactDir(root, 'run_1');
    const info = writeRunTables(dir, {
      equity: { ts: Float64Array.of(60_000, 120_000), equity: Float64Array.of(100_000, 100_012.5) },
      trades: { id: Int32Array.of(1), side: Int8Array.of(-1), symbol: ['ETH'] },
    });
    expect(info).toEqual([
      { name: 'equity', file: 'equity.parquet', rows: 2, columns: ['ts', 'equity'] },
      { name: 'trades', file: 'trades.parquet', rows: 1, columns: ['id', 'side', 'symbol'] },
    ]);
    const eq = await readArtifactTable(join(dir, 'equity.parquet'));
    expect(eq.rows).toBe(2);
    expect(eq.columns.equity).toEqual(Float64Array.of(100_000, 100_012.5));
    const tr = await readArtifactTable(join(dir, 'trades.parquet'));
    expect(tr.columns).toEqual({ id: Int32Array.of(1), side: Int8Array.of(-1), symbol: ['ETH'] });
    expect(readdirSync(dir).sort()).toEqual(['equity.parquet', 'trades.parquet']);
  });

  it('writeRunReport / readRunReport store NaN as null; deleteRunArtifacts removes the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'skippy-art-')); dirs.push(root);
    const dir = runArtifactDir(root, 'r2');
    expect(readRunReport(dir)).toBeNull();
    writeRunReport(dir, { runId: 'r2', durationMs: Number.NaN } as unknown as RunReport);
    expect(readRunReport(dir)).toEqual({ runId: 'r2', durationMs: null });
    expect(listRunFiles(dir)).toEqual(['report.json']);
    deleteRunArtifacts(dir);
    expect(listRunFiles(dir)).toEqual([]);
  });

  it('runArtifactDir rejects ids that could escape the folder', () => {
    expect(() => runArtifactDir('/tmp', '../x')).toThrow(/runId must match/);
  });

  it('rejects columns of different lengths', () => {
    const root = mkdtempSync(join(tmpdir(), 'skippy-art-')); dirs.push(root);
    expect(() => writeRunTables(root, { t: { a: Float64Array.of(1), b: Float64Array.of(1, 2) } })).toThrow(/column b has 2 rows; expected 1/);
  });
});
