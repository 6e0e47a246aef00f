import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { BarSeries } from '@skippy/core';
import { readBarsParquet, readTableParquet, writeBarsParquet, writeTableParquet, tableParquetBytes, parseTableParquet } from '../parquet.ts';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'skippy-pq-'));
}

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe('writeBarsParquet(path, bars) / readBarsParquet(path)', () => {
  it('round-trips every column bit for bit, with symbol, intervalMs and extra columns', async () => {
    const dir = tmp();
    try {
      const n = 1000;
      const bars: BarSeries = {
        symbol: 'BTC', intervalMs: 60_000,
        ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
        columns: { trades: new Float64Array(n) },
      };
      for (let i = 0; i < n; i++) {
        bars.ts[i] = 1_704_067_200_000 + i * 60_000;
        bars.open[i] = 42_000 + Math.sin(i) * 100; bars.close[i] = bars.open[i] + 1 / 3;
        bars.high[i] = bars.close[i] + 0.1; bars.low[i] = bars.open[i] - 0.1; bars.volume[i] = i * 0.001;
        bars.columns!.trades[i] = i;
      }
      bars.volume[3] = NaN; bars.close[4] = -0; bars.high[5] = Infinity;
      const path = join(dir, 'btc.parquet');
      writeBarsParquet(path, bars);
      const back = await readBarsParquet(path);
      expect(back.symbol).toBe('BTC');
      expect(back.intervalMs).toBe(60_000);
      for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(bitsEqual(back[k], bars[k])).toBe(true);
      expect(Number.isNaN(back.volume[3])).toBe(true);
      expect(Object.is(back.close[4], -0)).toBe(true);
      expect(bitsEqual(back.columns!.trades, bars.columns!.trades)).toBe(true);
      expect(readdirSync(dir)).toEqual(['btc.parquet']);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('keeps intervalMs null and an empty series', async () => {
    const dir = tmp();
    try {
      const e = new Float64Array(0);
      const path = join(dir, 'e.parquet');
      writeBarsParquet(path, { symbol: 'ETH', intervalMs: null, ts: e, open: e, high: e, low: e, close: e, volume: e });
      const back = await readBarsParquet(path);
      expect(back.intervalMs).toBeNull();
      expect(back.ts.length).toBe(0);
      expect(back.symbol).toBe('ETH');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('writeTableParquet(path, columns, metadata) / readTableParquet(path)', () => {
  it('round-trips Float64Array, Int32Array, Int8Array and string[] columns with metadata, across row groups', async () => {
    const dir = tmp();
    try {
      const n = 5_000; // several row groups of 1,024 rows, last one partial
      const f = new Float64Array(n), i32 = new Int32Array(n), i8 = new Int8Array(n), s: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        f[i] = i % 11 === 0 ? NaN : i * 0.1 - 5; i32[i] = i * 7 - 1_000_000; i8[i] = (i % 3) - 1; s[i] = `s${i % 17}é`;
      }
      const path = join(dir, 't.parquet');
      writeTableParquet(path, { f, i32, i8, s }, { source: 'unit', note: 'ünïcode' }, { rowGroupRows: 1024, codec: 'SNAPPY' });
      const back = await readTableParquet(path);
      expect(back.rows).toBe(n);
      expect(Object.keys(back.columns)).toEqual(['f', 'i32', 'i8', 's']);
      expect(back.columns.f).toBeInstanceOf(Float64Array);
      expect(back.columns.i32).toBeInstanceOf(Int32Array);
      expect(back.columns.i8).toBeInstanceOf(Int8Array);
      expect(bitsEqual(back.columns.f as Float64Array, f)).toBe(true);
      expect(back.columns.i32).toEqual(i32);
      expect(back.columns.i8).toEqual(i8);
      expect(back.columns.s).toEqual(s);
      expect(back.metadata).toEqual({ source: 'unit', note: 'ünïcode' });
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('property: any finite/NaN doubles and small ints round-trip exactly (in memory)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.double(), fc.integer({ min: -128, max: 127 }), fc.integer(), fc.string()), { minLength: 1, maxLength: 50 }),
      async (rows) => {
        const f = Float64Array.from(rows, (r) => r[0]);
        const i8 = Int8Array.from(rows, (r) => r[1]);
        const i32 = Int32Array.from(rows, (r) => r[2]);
        const s = rows.map((r) => r[3]);
        const back = await parseTableParquet(tableParquetBytes({ f, i8, i32, s }));
        expect(bitsEqual(back.columns.f as Float64Array, f)).toBe(true);
        expect(back.columns.i8).toEqual(i8);
        expect(back.columns.i32).toEqual(i32);
        expect(back.columns.s).toEqual(s);
      }), { numRuns: 40 });
  });

  it('rejects ragged columns, unsupported types and a non-Parquet file', async () => {
    expect(() => tableParquetBytes({ a: new Float64Array(2), b: new Float64Array(3) })).toThrow(/column "b" has 3 rows, expected 2/);
    expect(() => tableParquetBytes({ a: [1, 2] as unknown as string[] })).toThrow(/column "a"/);
    const dir = tmp();
    try {
      const p = join(dir, 'junk.parquet');
      writeFileSync(p, 'not parquet at all');
      await expect(readTableParquet(p)).rejects.toThrow(/junk\.parquet: expected a readable Parquet file/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
