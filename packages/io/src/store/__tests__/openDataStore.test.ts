import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, basename, join } from 'node:path';
import { syntheticBars } from '@skippy/core/data';
import type { BarSeries } from '@skippy/core';
import { sliceBars } from '@skippy/core';
import { openDataStore } from '../openDataStore.ts';
import { writeFileAtomic } from '../../atomic.ts';

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-store-'));
    try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}
const day = syntheticBars({ seed: 1, days: 1 }); // 1440 bars each
const same = (a: BarSeries, b: BarSeries) => {
  for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength).equals(Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength))).toBe(true);
};
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();
}

describe('openDataStore(dir)', () => {
  it('writeBars → partition file + manifest; readBars returns the same bytes; listDatasets reports rows, range, gaps, bytes', withDir(async (dir) => {
    const store = openDataStore(dir);
    expect(await store.listDatasets()).toEqual([]);
    const r = await store.writeBars(day.BTC, { source: 'synthetic:seed=1' });
    await store.writeBars(day.ETH, { source: 'synthetic:seed=1' });
    expect(r).toMatchObject({ dataset: 'synthetic', symbol: 'BTC', interval: '1m', added: 1440, replaced: 0, rows: 1440, file: 'bars/source=synthetic/symbol=BTC/interval=1m/bars.parquet' });
    expect(r.duplicates).toMatchObject({ rule: 'precision', times: 0, rows_dropped: 0 });
    expect(filesUnder(dir)).toEqual(['bars/source=synthetic/symbol=BTC/interval=1m/bars.parquet', 'bars/source=synthetic/symbol=ETH/interval=1m/bars.parquet', 'manifest.json']);
    same(await store.readBars('BTC', '1m'), day.BTC);
    const ls = await store.listDatasets();
    expect(ls.map((e) => [e.kind, e.kind === 'bars' && e.source, e.symbol, e.rows, e.firstTs, e.lastTs])).toEqual([
      ['bars', 'synthetic', 'BTC', 1440, day.BTC.ts[0], day.BTC.ts[1439]], ['bars', 'synthetic', 'ETH', 1440, day.ETH.ts[0], day.ETH.ts[1439]],
    ]);
    const btc = ls[0];
    expect(btc.kind === 'bars' && btc.gaps).toBe(0);
    expect(btc.bytes).toBe(readFileSync(join(dir, btc.file)).length);
    expect(btc.sources).toEqual(['synthetic:seed=1']);
    expect(await store.coverage('BTC', '1m')).toEqual([[day.BTC.ts[0], day.BTC.ts[1439] + 60_000]]);
  }));

  it('merges: overlapping writes dedupe by ts, keep order, record gaps and coverage; readBars slices [start, end)', withDir(async (dir) => {
    const store = openDataStore(dir);
    await store.writeBars(sliceBars(day.BTC, 600, 1000), { source: 'synthetic:a' });
    await store.writeBars(sliceBars(day.BTC, 0, 300), { source: 'synthetic:b' });
    const r = await store.writeBars(sliceBars(day.BTC, 900, 1200), { source: 'synthetic:a' });
    expect(r).toMatchObject({ added: 200, replaced: 100, rows: 300 + 600 });
    const [e] = await store.listDatasets();
    expect(e.kind === 'bars' && [e.gaps, e.missingBars, e.sources]).toEqual([1, 300, ['synthetic:a', 'synthetic:b']]);
    const t = day.BTC.ts;
    expect(await store.coverage('BTC', '1m')).toEqual([[t[0], t[300]], [t[600], t[1200]]]);
    const part = await store.readBars('BTC', '1m', { start: t[250], end: t[650] });
    expect(Array.from(part.ts)).toEqual([...Array.from(t.subarray(250, 300)), ...Array.from(t.subarray(600, 650))]);
    await expect(store.readBars('SOL', '1m')).rejects.toThrow(/SOL 1m: expected a stored dataset/);
  }));

  it('a write that fails mid-way (temp half-written, then an error) loses nothing: the old data and manifest still read back', withDir(async (dir) => {
    await openDataStore(dir).writeBars(sliceBars(day.BTC, 0, 500), { source: 'synthetic:first' });
    const manifestBefore = readFileSync(join(dir, 'manifest.json'), 'utf8');
    let calls = 0;
    const crashing = (path: string, data: string | Uint8Array) => {
      calls++;
      // what writeFileAtomic does up to the crash: half the bytes in a temp file next to the target
      const tmp = join(dirname(path), `.${basename(path)}.crash.tmp`);
      const fd = openSync(tmp, 'w');
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      writeSync(fd, bytes.subarray(0, bytes.length >> 1));
      closeSync(fd);
      throw new Error('disk full');
    };
    await expect(openDataStore(dir, { writeFile: crashing }).writeBars(sliceBars(day.BTC, 400, 1440), { source: 'synthetic:second' })).rejects.toThrow(/disk full/);
    expect(calls).toBe(1);
    const store = openDataStore(dir);
    same(await store.readBars('BTC', '1m'), sliceBars(day.BTC, 0, 500));
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    expect((await store.listDatasets())[0].sources).toEqual(['synthetic:first']);
  }));

  it('a crash between the data rename and the manifest rename heals: the manifest is rebuilt from the file', withDir(async (dir) => {
    await openDataStore(dir).writeBars(sliceBars(day.BTC, 0, 500), { source: 'synthetic:first' });
    let n = 0;
    const dataOnly = (path: string, data: string | Uint8Array) => {
      if (n++ === 0) writeFileAtomic(path, data);
      else throw new Error('killed');
    };
    await expect(openDataStore(dir, { writeFile: dataOnly }).writeBars(sliceBars(day.BTC, 500, 800), { source: 'synthetic:second' })).rejects.toThrow(/killed/);
    const store = openDataStore(dir);
    const [e] = await store.listDatasets();
    expect([e.rows, e.sources]).toEqual([800, ['synthetic:first', 'synthetic:second']]);
    same(await store.readBars('BTC', '1m'), sliceBars(day.BTC, 0, 800));
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).datasets[0].rows).toBe(800);
  }));

  it('rebuilds a missing or corrupt manifest from the partition files; ignores leftover temp files', withDir(async (dir) => {
    const s1 = openDataStore(dir);
    await s1.writeBars(day.BTC, { source: 'x' });
    await s1.writeBars(day.ETH, { source: 'x' });
    const good = readFileSync(join(dir, 'manifest.json'), 'utf8');
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    writeFileSync(join(dir, 'bars/source=x/symbol=BTC/interval=1m/.bars.parquet.123.tmp'), 'half');
    expect((await openDataStore(dir).listDatasets()).map((e) => e.symbol)).toEqual(['BTC', 'ETH']);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(good);
    rmSync(join(dir, 'manifest.json'));
    expect((await openDataStore(dir).listDatasets()).length).toBe(2);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(good);
  }));

  it('writeTable / readTable round-trip per-symbol and market-wide tables, listed with kind "table"', withDir(async (dir) => {
    const store = openDataStore(dir);
    await store.writeTable('funding', 'BTC', { ts: Float64Array.of(1, 2), value: Float64Array.of(0.0001, NaN) }, { source: 's' });
    await store.writeTable('sentiment', null, { ts: Float64Array.of(5), value: Float64Array.of(50), availableAt: Float64Array.of(9) }, { source: 's' });
    const t = await store.readTable('funding', 'BTC');
    expect(Array.from(t.columns.value as Float64Array)).toEqual([0.0001, NaN]);
    const ls = await store.listDatasets();
    expect(ls.map((e) => e.file)).toEqual(['tables/name=funding/symbol=BTC/table.parquet', 'tables/name=sentiment/table.parquet']);
    expect(ls[1]).toMatchObject({ kind: 'table', name: 'sentiment', symbol: null, rows: 1, firstTs: 5, lastTs: 5, columns: ['ts', 'value', 'availableAt'] });
    await expect(store.readTable('oi', 'BTC')).rejects.toThrow(/table oi BTC/);
  }));

  it('rejects unsafe symbols and bars without an interval, writing nothing', withDir(async (dir) => {
    const store = openDataStore(dir);
    await expect(store.writeBars({ ...day.BTC, symbol: '../x' }, { source: 's' })).rejects.toThrow(/symbol: expected letters/);
    await expect(store.writeBars({ ...day.BTC, intervalMs: null }, { source: 's' })).rejects.toThrow(/expected a known bar interval/);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  }));
});
