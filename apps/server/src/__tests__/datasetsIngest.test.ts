/**
 * Ingest from the browser, server side: an upload and a listed shared file go through io's ingestFile in the
 * ingest worker (with QC of the file as it is); only listed shared files are accepted; the ccxt budget preview
 * prices the request against the exchange's own dataset without any network call; the fetch stores bars.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { defaultConfig } from '@skippy/core/config';
import { syntheticBars } from '@skippy/core/data';
import { SHARED_DATA_MISSING, sharedDataDir } from '@skippy/io';
import { openDataStore } from '@skippy/io/store';
import { Datasets } from '../services/datasets.ts';
import type { ConfigService, ServerServices } from '../services/types.ts';
import { appRouter } from '../trpc/router.ts';
import { flattenZodError } from '../trpc/trpc.ts';
import type { ZodError } from 'zod';
import { startBinanceTestServer } from '../../../../packages/io/src/ingest/__tests__/binanceTestServer.ts';

const config = { current: () => ({ path: '', config: defaultConfig(), hash: '', yaml: '', error: null, updatedAt: 0 }) } as unknown as ConfigService;

/** CryptoDataDownload layout in miniature: URL line, newest first, 01:00 twice (ms row 101.125 first, rounded seconds row 101.13), 00:00 twice (identical). */
const FIXTURE = `https://www.CryptoDataDownload.com
unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount
1704074400000,2024-01-01 02:00:00,BTC/USDT,101.125,102.5,100.75,101.875,3.5,354.0625,12
1704070800000,2024-01-01 01:00:00,BTC/USDT,100.5,101.25,100.25,101.125,2.25,227.53125,9
1704070800.0,2024-01-01 01-AM,BTC/USDT,100.5,101.25,100.25,101.13,2.25,227.53,
1704067200.0,2024-01-01 12-AM,BTC/USDT,100,100.5,99.5,100.5,1,100.5,
1704067200000,2024-01-01 00:00:00,BTC/USDT,100,100.5,99.5,100.5,1,100.5,7
`;

interface FileAnswer {
  ingest: { dataset: string; symbol: string; interval: string; rows: number; added: number; duplicates: { rule: string; times: number; ohlc_differ: number } };
  qc: { rows_in: number; order: string; time_units: { seconds: number; milliseconds: number } | null; duplicate_summary: { times: number; rule: string }; gaps: { bars_missing: number }[]; bad_prints: { iso: string }[]; preamble: string[] };
}

let dir: string, shared: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-ds-ingest-'));
  shared = join(dir, 'shared');
  mkdirSync(join(shared, 'cdd-1h'), { recursive: true });
  writeFileSync(join(shared, 'cdd-1h', 'SOURCE.md'), '# A tiny hourly export\n');
  writeFileSync(join(shared, 'cdd-1h', 'Binance_BTCUSDT_1h.csv'), FIXTURE);
  writeFileSync(join(shared, 'cdd-1h', 'notes.csv'), 'a,b\n1,2\n'); // no interval in the name: not listed
  writeFileSync(join(shared, 'cdd-1h', 'BTC-USDT_binance_1h_funding_history.csv'), 'Symbol,Date,Funding Rate\nBTC-USDT,2024-01-01 00:00:00,0.0001\n');
  writeFileSync(join(dir, 'BTC_USDT-1h.csv'), FIXTURE); // outside the shared folder
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Datasets.ingestFile / shared / ccxt', () => {
  it('an upload (base64) is QCed as it is and ingested with the chosen rule into its own file dataset', async () => {
    const ds = new Datasets(config, join(dir, 'up'), { sharedDir: shared });
    const a = await ds.ingestFile({ kind: 'upload', name: 'Binance_BTCUSDT_1h.csv', contentBase64: Buffer.from(FIXTURE).toString('base64'), duplicates: 'last' }) as FileAnswer;
    expect(a.ingest).toMatchObject({ dataset: 'file:Binance_BTCUSDT_1h', symbol: 'BTC', interval: '1h', rows: 3, added: 3, duplicates: { rule: 'last', times: 2, ohlc_differ: 1 } });
    expect(a.qc).toMatchObject({ rows_in: 5, order: 'descending', duplicate_summary: { times: 2, rule: 'last' }, time_units: { seconds: 2, milliseconds: 3 }, preamble: ['https://www.CryptoDataDownload.com'] });
    const bars = await openDataStore(join(dir, 'up')).readBars('BTC', '1h', { source: 'file:Binance_BTCUSDT_1h' });
    expect(bars.close[1]).toBe(101.13); // "last" kept the rounded seconds row of 01:00
    expect((await ds.list()).filter((d) => d.source === 'store').map((d) => d.id)).toEqual(['store:file:Binance_BTCUSDT_1h:BTC:1h']);
  });

  it('shared() lists the folder\'s bar files only; ingest takes a listed id and refuses anything else', async () => {
    const ds = new Datasets(config, join(dir, 'sh'), { sharedDir: shared });
    expect(ds.shared().map((f) => [f.id, f.title, f.symbol, f.interval])).toEqual([['cdd-1h/Binance_BTCUSDT_1h.csv', 'A tiny hourly export', 'BTC', '1h']]);
    const a = await ds.ingestFile({ kind: 'shared', id: 'cdd-1h/Binance_BTCUSDT_1h.csv' }) as FileAnswer;
    expect(a.ingest.duplicates).toMatchObject({ rule: 'precision', times: 2 });
    for (const id of ['../BTC_USDT-1h.csv', 'cdd-1h/notes.csv', 'cdd-1h/BTC-USDT_binance_1h_funding_history.csv', '/etc/passwd']) {
      await expect(ds.ingestFile({ kind: 'shared', id })).rejects.toThrow(/^id: expected a shared file listed by datasets\.shared/);
    }
  });

  it('a broken upload → one line naming the file, nothing stored', async () => {
    const ds = new Datasets(config, join(dir, 'bad'), { sharedDir: null });
    const csv = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,oops,1\n';
    const e = await ds.ingestFile({ kind: 'upload', name: 'BTC_USDT-1h.csv', contentBase64: Buffer.from(csv).toString('base64') }).then(() => new Error('resolved'), (x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('UserInputError');
    expect(e.message.split('\n')).toHaveLength(1);
    expect(e.message).toMatch(/BTC_USDT-1h\.csv/);
    expect(await openDataStore(join(dir, 'bad')).listDatasets()).toEqual([]);
  });

  it('ccxt preview: synthetic bars do not count as exchange coverage; 2 days of 1m = 2880 bars = 3 calls of 1000; nothing fetched', async () => {
    const d = join(dir, 'ccxt-plan');
    await openDataStore(d).writeBars(syntheticBars({ symbols: ['BTC'], days: 1, seed: 1 }).BTC, { source: 'synthetic:seed=1' });
    const ds = new Datasets(config, d, { sharedDir: null, ccxtApiUrl: 'http://127.0.0.1:9' });
    const since = Date.UTC(2024, 0, 1), until = Date.UTC(2024, 0, 3);
    const p = await ds.ccxt({ exchange: 'binance', symbols: ['BTC'], intervals: ['1m'], since, until, dryRun: true }) as {
      report: { dryRun: boolean; plannedCalls: number; calls: number; items: { missingBars: number; plannedCalls: number }[] }; missing: { ranges: number[][] }[];
    };
    expect(p.report).toMatchObject({ dryRun: true, plannedCalls: 3, calls: 0 });
    expect(p.report.items.map((i) => [i.missingBars, i.plannedCalls])).toEqual([[2880, 3]]);
    expect(p.missing[0].ranges).toEqual([[since, until]]);
  });

  it('ccxt fetch (local Binance-format server): stores the bars as ccxt:binance, a second preview costs 0 calls', async () => {
    const real = syntheticBars({ symbols: ['BTC'], days: 1, seed: 2 }).BTC;
    const server = await startBinanceTestServer({ BTC: real });
    try {
      const d = join(dir, 'ccxt-fetch');
      const ds = new Datasets(config, d, { sharedDir: null, ccxtApiUrl: server.url, ccxtRateLimitMs: 0 });
      const q = { exchange: 'binance', symbols: ['BTC'], intervals: ['1m'], since: real.ts[0], until: real.ts[0] + 1500 * 60_000 };
      const f = await ds.ccxt({ ...q, dryRun: false, maxCalls: 10 }) as { report: { calls: number; items: { added: number }[] } };
      expect(f.report.calls).toBe(2);
      expect(f.report.items[0].added).toBe(1440); // the server holds one day
      const again = await ds.ccxt({ ...q, dryRun: true }) as { report: { plannedCalls: number } };
      expect(again.report.plannedCalls).toBe(0);
      expect((await ds.list()).filter((x) => x.source === 'store').map((x) => x.id)).toEqual(['store:ccxt:binance:BTC:1m']);
    } finally {
      await server.close();
    }
  });
});

describe('datasets.ingest / ccxtPreview inputs are bounded (tRPC, zod)', () => {
  const caller = appRouter.createCaller({ services: { datasets: new Datasets(config, join(tmpdir(), 'never-written'), { sharedDir: null }) } as unknown as ServerServices });
  it.each([
    [{ kind: 'upload', name: '../etc/passwd.csv', contentBase64: 'YQ==' }, /^name: expected a bar file name/],
    [{ kind: 'upload', name: 'a.exe', contentBase64: 'YQ==' }, /^name: expected a bar file name/],
    [{ kind: 'upload', name: 'BTC_USDT-1h.csv', contentBase64: 'not base64!' }, /^contentBase64: expected base64 content/],
    [{ kind: 'upload', name: 'BTC_USDT-1h.csv', contentBase64: 'YQ==', duplicates: 'best' }, /^duplicates: /],
  ])('ingest(%j) → BAD_REQUEST', async (input, message) => {
    const e = await caller.datasets.ingest(input as never).then(() => null, (x: unknown) => x as TRPCError);
    if (!e) throw new Error('expected a BAD_REQUEST');
    expect(e).toBeInstanceOf(TRPCError);
    expect(e.code).toBe('BAD_REQUEST');
    // the line the errorFormatter sends the page
    expect(flattenZodError(e.cause as ZodError)[0].text).toMatch(message);
  });

  it.each([
    [{ exchange: 'evil', symbols: ['BTC'], intervals: ['1m'] }, /^exchange: /],
    [{ symbols: ['A1', 'B1', 'C1', 'D1', 'E1', 'F1'], intervals: ['1m'] }, /^symbols: expected at most 5 symbols/],
    [{ symbols: ['BTC'], intervals: ['1m'], days: 10_000 }, /^days: expected at most 3650 days/],
  ])('ccxtPreview(%j) → BAD_REQUEST', async (input, message) => {
    const e = await caller.datasets.ccxtPreview(input as never).then(() => null, (x: unknown) => x as TRPCError);
    if (!e) throw new Error('expected a BAD_REQUEST');
    expect(e.code).toBe('BAD_REQUEST');
    expect(flattenZodError(e.cause as ZodError)[0].text).toMatch(message);
  });
});

const realRoot = sharedDataDir();
if (!realRoot) console.warn(`datasetsIngest real-data case ${SHARED_DATA_MISSING}`);

describe.runIf(realRoot)('datasets ingest of the shared 1h export (needs ../shared/data)', () => {
  it('QC shows 2,649 duplicate hours (1,442 disagree), 8 gaps, mixed time units and the bad first print; ingest keeps 33,413 bars', async () => {
    const ds = new Datasets(config, join(dir, 'real'), { sharedDir: realRoot });
    const a = await ds.ingestFile({ kind: 'shared', id: 'binance-spot-btc-eth-1h-2017-2021/Binance_BTCUSDT_1h.csv.gz' }) as FileAnswer;
    expect(a.qc.duplicate_summary).toMatchObject({ times: 2_649, rule: 'precision' });
    expect(a.qc.gaps).toHaveLength(8);
    expect(a.qc.time_units).toMatchObject({ seconds: 28_584, milliseconds: 36_062 - 28_584 });
    expect(a.qc.bad_prints.map((b) => b.iso)).toContain('2017-08-17T04:00:00.000Z');
    expect(a.ingest).toMatchObject({ dataset: 'file:Binance_BTCUSDT_1h', rows: 33_413, duplicates: { times: 2_649, ohlc_differ: 1_442 } });
  });
});

describe('POST /trpc/datasets.ingest body limit', () => {
  it('an upload body over 24 MB → 413 naming the upload limit; other routes keep 1 MB', async () => {
    const { createServer } = await import('../server.ts');
    const home = join(dir, 'http-home');
    const server = await createServer({ port: 0, home, warmWorkers: false, workers: 1 });
    try {
      const big = JSON.stringify({ kind: 'upload', name: 'BTC_USDT-1h.csv', contentBase64: 'A'.repeat(25 * 1048576) });
      const r = await fetch(`${server.url}/trpc/datasets.ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(r.status).toBe(413);
      expect(((await r.json()) as { error: { message: string } }).error.message).toBe('request body too large (limit 24mb)');
      const small = JSON.stringify({ config: { name: 'x'.repeat(2 * 1048576) } });
      const r2 = await fetch(`${server.url}/trpc/config.validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: small });
      expect(r2.status).toBe(413);
      expect(((await r2.json()) as { error: { message: string } }).error.message).toBe('request body too large (limit 1mb)');
    } finally {
      await server.close();
    }
  });
});
