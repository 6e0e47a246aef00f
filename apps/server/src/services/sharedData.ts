/**
 * The shared market data the Data page may ingest: bar files under SKIPPY_SHARED_DATA or ../shared/data (io's
 * sharedDataDir), one folder level deep (`<folder>/<file>`), whose layout io reads by name — a bar file
 * extension (.csv/.json/.jsonl/.parquet, plain or .gz) and an interval in the name (…-1m…, …_1h…), funding-rate
 * CSVs left out. Each file is known by its id `<folder>/<file>`; an ingest names an id from this list, never a path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { intervalFromFileName, symbolFromFileName } from '@skippy/io';
import { isFundingFile } from '@skippy/io/ingest';
import { intervalLabel } from '@skippy/io/store';

export interface SharedFile {
  /** `<folder>/<file>`: what datasets.ingest takes. */
  id: string;
  folder: string;
  file: string;
  /** The folder's SOURCE.md title (first `# ` line), else the folder name. */
  title: string;
  bytes: number;
  symbol: string;
  interval: string;
}

/** Largest shared file listed (bytes). */
export const MAX_SHARED_BYTES = 256 * 1024 * 1024;
const BAR_FILE = /\.(csv|json|jsonl|parquet)(\.gz)?$/i;
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function titleOf(dir: string, folder: string): string {
  const md = join(dir, 'SOURCE.md');
  if (!existsSync(md)) return folder;
  const line = readFileSync(md, 'utf8').split('\n').find((l) => l.startsWith('# '));
  return line ? line.slice(2).trim() : folder;
}

/** listSharedFiles(root) – the readable bar files under `root` (see the module comment); [] when root is null or absent. */
export function listSharedFiles(root: string | null): SharedFile[] {
  if (!root || !existsSync(root)) return [];
  const out: SharedFile[] = [];
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || !SAFE.test(d.name)) continue;
    const dir = join(root, d.name);
    let title: string | null = null;
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      if (!f.isFile() || !SAFE.test(f.name) || !BAR_FILE.test(f.name)) continue;
      const ms = intervalFromFileName(f.name);
      if (ms === null) continue;
      const path = join(dir, f.name);
      const bytes = statSync(path).size;
      if (bytes === 0 || bytes > MAX_SHARED_BYTES) continue;
      if (/\.csv(\.gz)?$/i.test(f.name) && isFundingFile(path)) continue;
      title ??= titleOf(dir, d.name);
      out.push({ id: `${d.name}/${f.name}`, folder: d.name, file: f.name, title, bytes, symbol: symbolFromFileName(f.name), interval: intervalLabel(ms) });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The path of a listed file by its id; null when the id is not in the list (only listed files may be ingested). */
export function sharedFilePath(root: string | null, id: string): string | null {
  const hit = listSharedFiles(root).find((f) => f.id === id);
  return hit && root ? join(root, hit.folder, hit.file) : null;
}
