import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCommand } from '../ingest.ts';
import { dataCommand } from '../data.ts';
import { readBarsFile, sharedDataPath } from '@skippy/io';
import { startBinanceTestServer } from '../../../../../packages/io/src/ingest/__tests__/binanceTestServer.ts';
import { runInProcess } from './cliHarness.ts';

const inProcess = runInProcess;

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'skippy-ingest-cli-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train ingest / data ls', () => {
  it('ingest --source synthetic --json writes bars + tables; data ls --json lists them', async () => {
    const d = join(dir, 'syn');
    const r = await inProcess(ingestCommand, '--source', 'synthetic', '--symbols', 'BTC,ETH', '--bars', '1m,5m', '--days', '1', '--seed', '3', '--json', '--data-dir', d);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.source).toBe('synthetic:seed=3');
    expect(j.bars.map((b: { symbol: string; interval: string; rows: number }) => `${b.symbol} ${b.interval} ${b.rows}`)).toEqual(['BTC 1m 1440', 'ETH 1m 1440', 'BTC 5m 288', 'ETH 5m 288']);
    expect(j.tables.length).toBe(9);
    const ls = await inProcess(dataCommand, 'ls', '--json', '--data-dir', d);
    expect(ls.code).toBe(0);
    const datasets = JSON.parse(ls.stdout).datasets;
    expect(datasets.length).toBe(13);
    expect(datasets[0]).toMatchObject({ kind: 'bars', symbol: 'BTC', interval: '1m', rows: 1440, firstTs: Date.UTC(2024, 0, 1), gaps: 0, file: 'bars/source=synthetic/symbol=BTC/interval=1m/bars.parquet' });
    const text = await inProcess(dataCommand, 'ls', '--data-dir', d);
    expect(text.stdout).toMatch(/bars BTC 1m \[synthetic\]\s+1440\s+2024-01-01T00:00Z/);
  });

  it('bad input → one line on stderr, exit 2, and the stored data is unchanged', async () => {
    const d = join(dir, 'bad');
    await inProcess(ingestCommand, '--source', 'synthetic', '--days', '1', '--no-tables', '--symbols', 'BTC', '--data-dir', d);
    const manifest = readFileSync(join(d, 'manifest.json'), 'utf8');
    const badCsv = join(dir, 'BTC_USDT-1m.csv');
    writeFileSync(badCsv, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,oops,1\n');
    for (const args of [['--source', 'file', '--input', badCsv], ['--source', 'file'], ['--source', 'nope'], ['--bars', '7m'], ['--source', 'ccxt', '--since', 'yesterday', '--dry-run']]) {
      const r = await inProcess(ingestCommand, ...args, '--data-dir', d);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').length).toBe(1);
    }
    expect(readFileSync(join(d, 'manifest.json'), 'utf8')).toBe(manifest);
    expect((await inProcess(dataCommand, 'list', '--data-dir', d)).code).toBe(2);
  });

  it('ingest --source ccxt --dry-run --json prices the request from the exchange dataset\'s own coverage (synthetic bars are another dataset) without any network call', async () => {
    const d = join(dir, 'dry');
    await inProcess(ingestCommand, '--source', 'synthetic', '--days', '1', '--no-tables', '--symbols', 'BTC', '--data-dir', d);
    const r = await inProcess(ingestCommand, '--source', 'ccxt', '--symbols', 'BTC,ETH', '--since', '2023-12-31', '--until', '2024-01-02T12:00Z', '--dry-run', '--json', '--data-dir', d, '--api-url', 'http://127.0.0.1:9');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // the synthetic BTC day does not count as Binance coverage (datasets are kept apart by source): 3600 bars → 4 calls each
    expect(j.items.map((i: { symbol: string; missingBars: number; plannedCalls: number }) => [i.symbol, i.missingBars, i.plannedCalls])).toEqual([['BTC', 3600, 4], ['ETH', 3600, 4]]);
    expect([j.plannedCalls, j.calls, j.dryRun]).toEqual([8, 0, true]);
  });
});

const btc1m = sharedDataPath('binance-spot-btc-eth-1m-2021-09/BTC_USDT-1m.json.gz');

describe.runIf(btc1m)('skippy-train ingest --source ccxt against a local Binance-format server (needs ../shared/data)', () => {
  it('--max-calls stops early and reports; a second run finishes; a third costs 0 calls', async () => {
    const real = await readBarsFile(btc1m!);
    const server = await startBinanceTestServer({ BTC: real });
    try {
      const d = join(dir, 'ccxt');
      const since = String(real.ts[0]), until = String(real.ts[0] + 2500 * 60_000);
      const args = ['--source', 'ccxt', '--symbols', 'BTC', '--bars', '1m', '--since', since, '--until', until, '--api-url', server.url, '--rate-limit-ms', '0', '--json', '--data-dir', d];
      const first = JSON.parse((await inProcess(ingestCommand, ...args, '--max-calls', '2')).stdout);
      expect([first.plannedCalls, first.calls, first.marketCalls, first.budgetExhausted, first.skippedCalls]).toEqual([3, 2, 1, true, 1]);
      const second = JSON.parse((await inProcess(ingestCommand, ...args)).stdout);
      expect([second.plannedCalls, second.calls]).toEqual([1, 1]);
      const third = JSON.parse((await inProcess(ingestCommand, ...args)).stdout);
      expect([third.plannedCalls, third.calls, third.marketCalls]).toEqual([0, 0, 0]);
      expect(server.hits['/api/v3/klines']).toBe(3);
      const ls = JSON.parse((await inProcess(dataCommand, 'ls', '--json', '--data-dir', d)).stdout).datasets;
      let expected = 0;
      for (const t of real.ts) if (t >= Number(since) && t < Number(until)) expected++;
      expect(ls[0]).toMatchObject({ symbol: 'BTC', interval: '1m', rows: expected, sources: ['ccxt:binance'] });
    } finally {
      await server.close();
    }
  });
});

const funding = sharedDataPath('funding-rates-binance-bybit-2020-2023/ETH-USDT_bybit_2021-01-01_2024-01-01_funding_history.csv');

describe.runIf(funding)('skippy-train ingest --source file on a funding CSV (needs ../shared/data)', () => {
  it('detects the funding file and stores table funding/ETH in UTC', async () => {
    const d = join(dir, 'funding');
    const r = await inProcess(ingestCommand, '--source', 'file', '--input', funding!, '--timezone', '+03:00', '--json', '--data-dir', d);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tables[0]).toMatchObject({ name: 'funding', symbol: 'ETH', rows: 3285, firstTs: Date.UTC(2021, 0, 1), added: 3285 });
  });
});
