/**
 * datasets.qc on the right source: with a real file and synthetic bars of the same symbol and interval stored
 * side by side, QC of one dataset reads only its bars (in the QC worker thread).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@skippy/core/config';
import { syntheticBars } from '@skippy/core/data';
import { openDataStore } from '@skippy/io/store';
import { Datasets } from '../services/datasets.ts';
import type { ConfigService } from '../services/types.ts';

const HOUR = 3_600_000;
const config = { current: () => ({ path: '', config: defaultConfig(), hash: '', yaml: '', error: null, updatedAt: 0 }) } as unknown as ConfigService;

let dir: string;
let datasets: Datasets;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-ds-src-'));
  const store = openDataStore(dir);
  // synthetic BTC 1h: 2 days = 48 bars from 2024-01-01, no gaps
  const syn = syntheticBars({ symbols: ['BTC'], days: 2, seed: 5, intervalMs: HOUR }).BTC;
  await store.writeBars(syn, { source: 'synthetic:seed=5' });
  // a "file" BTC 1h: 10 hourly bars of 2019 with hours 3 and 4 missing (one gap of 2 bars) → 8 rows
  const hours = [0, 1, 2, 5, 6, 7, 8, 9];
  const t0 = Date.UTC(2019, 5, 1);
  const col = (f: (k: number) => number) => Float64Array.from(hours, f);
  await store.writeBars({
    symbol: 'BTC', intervalMs: HOUR, ts: col((h) => t0 + h * HOUR),
    open: col((h) => 8000 + h), high: col((h) => 8010 + h), low: col((h) => 7990 + h), close: col((h) => 8001 + h), volume: col(() => 5),
  }, { source: 'file:Binance_BTCUSDT_1h.csv.gz' });
  datasets = new Datasets(config, dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Datasets.qc({source: "store", dataset}) / list()', () => {
  it('list() names each stored dataset by its source key', async () => {
    const stored = (await datasets.list()).filter((d) => d.source === 'store');
    expect(stored.map((d) => [d.id, d.dataset, d.rows, d.start])).toEqual([
      ['store:file:Binance_BTCUSDT_1h:BTC:1h', 'file:Binance_BTCUSDT_1h', 8, Date.UTC(2019, 5, 1)],
      ['store:synthetic:BTC:1h', 'synthetic', 48, Date.UTC(2024, 0, 1)],
    ]);
  });

  it('QC of the file dataset sees its 8 bars and its one 2-bar gap, none of the 48 synthetic bars', async () => {
    const r = await datasets.qc({ source: 'store', symbol: 'BTC', interval: '1h', dataset: 'file:Binance_BTCUSDT_1h' }) as { rows_in: number; first_iso: string; gaps: { bars_missing: number; start_iso: string }[] };
    expect(r.rows_in).toBe(8);
    expect(r.first_iso).toBe('2019-06-01T00:00:00.000Z');
    expect(r.gaps.map((g) => [g.start_iso, g.bars_missing])).toEqual([['2019-06-01T03:00:00.000Z', 2]]);
  });

  it('QC of the synthetic dataset sees its 48 bars only', async () => {
    const r = await datasets.qc({ source: 'store', symbol: 'BTC', interval: '1h', dataset: 'synthetic' }) as { rows_in: number; first_iso: string; gaps: unknown[] };
    expect([r.rows_in, r.first_iso, r.gaps.length]).toEqual([48, '2024-01-01T00:00:00.000Z', 0]);
  });

  it('without a dataset, two sources → one clear line naming both; an unknown dataset → one line naming it', async () => {
    await expect(datasets.qc({ source: 'store', symbol: 'BTC', interval: '1h' })).rejects.toThrow(/expected one source; the data directory holds 2: file:Binance_BTCUSDT_1h, synthetic/);
    await expect(datasets.qc({ source: 'store', symbol: 'BTC', interval: '1h', dataset: 'ccxt:binance' })).rejects.toThrow(/^BTC 1h source ccxt:binance: expected a stored dataset; stored sources: file:Binance_BTCUSDT_1h, synthetic$/);
  });
});
