import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarSeries } from '@skippy/core';
import { sharedDataPath } from '../../shared.ts';
import { readBarsFile } from '../../readers/index.ts';
import { openDataStore } from '../../store/openDataStore.ts';
import { ingestCcxt } from '../ingestCcxt.ts';
import { startBinanceTestServer } from './binanceTestServer.ts';
import type { TestServer } from './binanceTestServer.ts';

const btcPath = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
const ethPath = sharedDataPath('binance-spot-btc-eth-1m-2021-04/ETH_USDT-1m.json.gz');

describe.runIf(btcPath && ethPath)('ingestCcxt(store, options) against a local Binance-format server (needs ../shared/data)', () => {
  let server: TestServer;
  let real: Record<string, BarSeries>;
  let dir: string;
  beforeAll(async () => {
    real = { BTC: await readBarsFile(btcPath!), ETH: await readBarsFile(ethPath!) };
    server = await startBinanceTestServer(real);
    dir = mkdtempSync(join(tmpdir(), 'skippy-ccxt-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('dry run: exact calls = ceil(missing bars / limit) per symbol, no network, nothing written', async () => {
    const store = openDataStore(join(dir, 'dry'));
    const since = real.BTC.ts[0];
    const r = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since, until: since + 2500 * 60_000, limit: 1000, dryRun: true, apiUrl: server.url });
    expect(r.items.map((i) => [i.symbol, i.missingBars, i.plannedCalls])).toEqual([['BTC', 2500, 3], ['ETH', 2500, 3]]);
    expect(r.plannedCalls).toBe(6);
    expect(r.calls).toBe(0);
    expect(server.hits).toEqual({});
    expect(await store.listDatasets()).toEqual([]);
  });

  it('fetches exactly the planned calls, stores the real bars bit for bit, and a second run costs 0 calls', async () => {
    const store = openDataStore(join(dir, 'full'));
    const since = real.BTC.ts[100];
    const until = since + 1200 * 60_000; // 1,200 bars → 2 calls of ≤ 1000 per symbol
    const t0 = Date.now();
    const r = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since, until, limit: 1000, rateLimitMs: 30, apiUrl: server.url });
    const elapsed = Date.now() - t0;
    expect([r.plannedCalls, r.calls, r.marketCalls, r.budgetExhausted]).toEqual([4, 4, 1, false]);
    expect(server.hits['/api/v3/klines']).toBe(4);
    expect(server.hits['/api/v3/exchangeInfo']).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(4 * 30); // 5 requests, ≥ 30 ms apart
    expect(server.klineQueries[0].get('startTime')).toBe(String(since));
    expect(server.klineQueries[0].get('endTime')).toBe(String(since + 999 * 60_000));
    expect(server.klineQueries[0].get('limit')).toBe('1000');
    const btc = await store.readBars('BTC', '1m');
    const i0 = 100;
    // the real file has gaps: the store holds exactly the real bars whose open is in [since, until)
    const idx: number[] = [];
    for (let i = 0; i < real.BTC.ts.length; i++) if (real.BTC.ts[i] >= since && real.BTC.ts[i] < until) idx.push(i);
    const expected = idx.length;
    expect(btc.ts.length).toBe(expected);
    expect(idx[0]).toBe(i0);
    for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(btc[k])).toEqual(idx.map((i) => real.BTC[k][i]));
    expect(r.items.map((i) => i.fetchedBars)).toEqual([expected, expect.any(Number)]);

    const before = { ...server.hits };
    const again = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since: since + 100 * 60_000, until: until - 100 * 60_000, apiUrl: server.url });
    expect([again.plannedCalls, again.calls, again.marketCalls]).toEqual([0, 0, 0]);
    expect(server.hits).toEqual(before);

    // extending the range fetches only the new part: 300 bars after `until` → 1 call per symbol
    const more = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since, until: until + 300 * 60_000, rateLimitMs: 0, apiUrl: server.url });
    expect(more.items.map((i) => [i.missingBars, i.calls])).toEqual([[300, 1], [300, 1]]);
    const q = server.klineQueries[server.klineQueries.length - 1];
    expect(q.get('startTime')).toBe(String(until));
  });

  it('a budget stops early, stores what was fetched, and reports it; the next run resumes where it stopped', async () => {
    const store = openDataStore(join(dir, 'budget'));
    const since = real.ETH.ts[0];
    const until = since + 3000 * 60_000; // 3 calls per symbol of 1000
    const r = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since, until, maxCalls: 4, rateLimitMs: 0, apiUrl: server.url });
    expect([r.plannedCalls, r.calls, r.budgetExhausted, r.skippedCalls]).toEqual([6, 4, true, 2]);
    expect(r.items.map((i) => i.calls)).toEqual([3, 1]);
    const eth = await store.readBars('ETH', '1m');
    expect(eth.ts[eth.ts.length - 1]).toBeLessThan(since + 1000 * 60_000);
    const dry = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since, until, dryRun: true });
    expect(dry.items.map((i) => i.plannedCalls)).toEqual([0, 2]);
    const rest = await ingestCcxt(store, { symbols: ['BTC', 'ETH'], intervals: ['1m'], since, until, rateLimitMs: 0, apiUrl: server.url });
    expect(rest.calls).toBe(2);
  });
});

describe.runIf(btcPath)('ingestCcxt(store, options) failures (needs ../shared/data)', () => {
  it('an unknown market is a UserInputError; a dead server is an Error naming the market, and stored bars survive', async () => {
    const real = { BTC: await readBarsFile(btcPath!) };
    const server = await startBinanceTestServer(real);
    const dir = mkdtempSync(join(tmpdir(), 'skippy-ccxt-fail-'));
    try {
      const store = openDataStore(dir);
      const since = real.BTC.ts[0];
      await ingestCcxt(store, { symbols: ['BTC'], intervals: ['1m'], since, until: since + 60 * 60_000, rateLimitMs: 0, apiUrl: server.url });
      await expect(ingestCcxt(store, { symbols: ['DOGE'], intervals: ['1m'], since, until: since + 60 * 60_000, rateLimitMs: 0, apiUrl: server.url }))
        .rejects.toMatchObject({ name: 'UserInputError', message: expect.stringMatching(/--symbols: expected a market listed on binance, got "DOGE\/USDT"/) });
      await server.close();
      await expect(ingestCcxt(store, { symbols: ['BTC'], intervals: ['1m'], since, until: since + 120 * 60_000, rateLimitMs: 0, apiUrl: server.url }))
        .rejects.toThrow(/binance BTC\/USDT 1m: .*bars fetched before the failure are stored/);
      expect((await store.readBars('BTC', '1m')).ts.length).toBe(60);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
