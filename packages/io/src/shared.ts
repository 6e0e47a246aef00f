import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Locates the real public market data that sits beside the project (`../shared/data`).
 * Override with SKIPPY_SHARED_DATA. Returns null when absent: tests and benchmarks
 * that need it then skip with a clear message.
 */
export function sharedDataDir(): string | null {
  const env = process.env.SKIPPY_SHARED_DATA;
  if (env) return existsSync(env) ? resolve(env) : null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, '..', 'shared', 'data');
    if (existsSync(join(candidate, 'README.md'))) return resolve(candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz') or null when the data is absent. */
export function sharedDataPath(relative: string): string | null {
  const root = sharedDataDir();
  if (!root) return null;
  const p = join(root, relative);
  return existsSync(p) ? p : null;
}

export const SHARED_DATA_MISSING = 'skipped: ../shared/data is absent (set SKIPPY_SHARED_DATA to the folder of real market data)';
