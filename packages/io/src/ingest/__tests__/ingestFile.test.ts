import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataPath } from '../../shared.ts';
import { readBarsFile } from '../../readers/index.ts';
import { openDataStore } from '../../store/openDataStore.ts';
import { ingestFile, ingestFundingFile } from '../ingestFile.ts';

const p5 = sharedDataPath('binance-spot-btc-5m-2019-11/BTC_USDT-5m.json.gz');

describe.runIf(p5)('ingestFile(store, path) (needs ../shared/data)', () => {
  it('stores the real BTC 5m file (symbol and interval from the name); re-ingest replaces, adds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-file-'));
    try {
      const store = openDataStore(dir);
      const real = await readBarsFile(p5!);
      const r = await ingestFile(store, p5!);
      expect(r.symbol).toBe('BTC');
      expect(r.interval).toBe('5m');
      const [e] = await store.listDatasets();
      const uniq = new Set(real.ts).size;
      expect(e.rows).toBe(uniq);
      expect(e.kind === 'bars' && e.sources).toEqual(['file:BTC_USDT-5m.json.gz']);
      const again = await ingestFile(store, p5!);
      expect([again.added, again.replaced, again.rows]).toEqual([0, uniq, uniq]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('ingestFile(store, path) on bad input', () => {
  it('a malformed file throws a one-line UserInputError and leaves what is stored untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-file-'));
    try {
      const store = openDataStore(dir);
      const good = join(dir, 'BTC_USDT-1m.json');
      writeFileSync(good, JSON.stringify([[1_700_000_040_000, 1, 2, 0.5, 1.5, 10], [1_700_000_100_000, 1.5, 2, 1, 1.2, 3]]));
      await ingestFile(store, good);
      const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
      const bad = join(dir, 'BTC_USDT-1m.csv');
      writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2023-11-14T22:14:00Z,1,2,0.5,abc,1\n');
      await expect(ingestFile(store, bad)).rejects.toThrow(/BTC_USDT-1m\.csv:2/);
      await expect(ingestFile(store, join(dir, 'missing.json'))).rejects.toThrow(/missing\.json/);
      expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
      expect(Array.from((await store.readBars('BTC', '1m')).close)).toEqual([1.5, 1.2]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

const fundingPath = sharedDataPath('funding-rates-binance-bybit-2020-2023/BTC-USDT_binance_2020-01-01_2024-01-01_funding_history.csv');

describe.runIf(fundingPath)('ingestFundingFile(store, path, {timezone}) (needs ../shared/data)', () => {
  it('stores the UTC+3 funding file as funding/BTC in UTC, merging by ts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-fund-'));
    try {
      const store = openDataStore(dir);
      const r = await ingestFundingFile(store, fundingPath!, { timezone: '+03:00' });
      expect(r).toMatchObject({ kind: 'table', name: 'funding', symbol: 'BTC', file: 'tables/name=funding/symbol=BTC/table.parquet', sources: ['file:BTC-USDT_binance_2020-01-01_2024-01-01_funding_history.csv'] });
      const t = await store.readTable('funding', 'BTC');
      const ts = t.columns.ts as Float64Array;
      expect(ts[0]).toBe(Date.UTC(2020, 0, 1, 0)); // "2020-01-01 03:00" at UTC+3
      expect((t.columns.value as Float64Array)[0]).toBe(-0.00012359);
      for (let i = 1; i < ts.length; i++) if (!(ts[i] > ts[i - 1])) throw new Error(`not sorted at ${i}`);
      const again = await ingestFundingFile(store, fundingPath!, { timezone: '+03:00' });
      expect([again.added, again.rows]).toEqual([0, r.rows]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
