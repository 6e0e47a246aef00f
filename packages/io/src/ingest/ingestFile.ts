/**
 * ingestFile(store, path, options) – reads a bar file with readBarsFile (JSON/.gz/CSV/kline CSV/Parquet,
 * auto-detected) and merges it into the store. The symbol comes from `symbol` or the file name; the
 * interval from `intervalMs`, the file name or the timestamps. Source label: "file:<basename>".
 */
import { basename } from 'node:path';
import { UserInputError } from '@skippy/core';
import { readBarsFile } from '../readers/index.ts';
import type { DataStore, WriteBarsResult } from '../store/openDataStore.ts';

export interface IngestFileOptions {
  symbol?: string;
  intervalMs?: number;
  /** Zone of naive CSV timestamps. @default "UTC" */
  timezone?: string;
}

export async function ingestFile(store: DataStore, path: string, options: IngestFileOptions = {}): Promise<WriteBarsResult> {
  const bars = await readBarsFile(path, {
    ...(options.symbol !== undefined ? { symbol: options.symbol } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
  });
  if (!bars.symbol) throw new UserInputError('--symbols', `expected a symbol for ${basename(path)} (it cannot be inferred from the file name)`);
  if (bars.intervalMs === null) throw new UserInputError('--bars', `expected the bar interval of ${basename(path)} (it cannot be inferred)`);
  if (bars.ts.length === 0) throw new UserInputError(basename(path), 'expected at least one bar');
  const sorted = new Float64Array(bars.ts).sort();
  let offGrid = 0;
  for (const t of sorted) if (t % bars.intervalMs !== 0) offGrid++;
  if (offGrid > 0) throw new UserInputError(basename(path), `expected bar open times on the ${bars.intervalMs} ms grid; ${offGrid} are off it (run \`skippy-train qc\` on the file)`);
  return store.writeBars(bars, { source: `file:${basename(path)}` });
}
