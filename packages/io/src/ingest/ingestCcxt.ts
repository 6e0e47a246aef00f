/**
 * ingestCcxt(store, options) – budget-aware, incremental OHLCV ingestion through ccxt (loaded lazily:
 * `import('ccxt')` runs only here, and only when some bars are missing).
 *
 * - Incremental: the request [since, until) is snapped to the bar grid and diffed against the store's
 *   coverage (planFetch); only missing ranges are paged, so a stored range is never fetched again.
 * - Calls: `calls` counts OHLCV requests (one per page, the unit of --max-calls and of the dry run:
 *   Σ ceil(missing bars / limit) per missing range). `marketCalls` counts the one-off market-list
 *   request ccxt makes before the first OHLCV request (0 when nothing is missing). Both are counted at
 *   the HTTP layer, so they are what the exchange saw.
 * - Rate limit: at least `rateLimitMs` between consecutive HTTP requests (our own limiter; ccxt's is off).
 * - Budget: at most `maxCalls` OHLCV requests; when reached the run stops cleanly, stores what it
 *   fetched and reports `budgetExhausted: true` with the pages left.
 * - Only complete bars are stored: `until` defaults to the last bar close before now.
 * - Each (symbol, interval) is written after its pages are fetched — and also when a later page
 *   fails, so fetched bars are never thrown away.
 */
import { UserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core';
import type { DataStore } from '../store/openDataStore.ts';
import { intervalMsOf } from '../store/openDataStore.ts';
import { planFetch } from './planFetch.ts';
import type { FetchPage } from './planFetch.ts';

export interface IngestCcxtOptions {
  /** Base symbols (BTC) or unified pairs (BTC/USDT). */
  symbols: string[];
  /** Interval labels ("1m", "5m"). */
  intervals: string[];
  /** First bar open wanted (epoch ms). */
  since: number;
  /**
   * End of the wanted range (exclusive, epoch ms).
   * @default the last complete bar close before now
   */
  until?: number;
  /**
   * ccxt exchange id.
   * @default 'binance'
   */
  exchange?: string;
  /**
   * Quote currency appended to base symbols.
   * @default 'USDT'
   */
  quote?: string;
  /**
   * Bars per request (Binance spot allows 1000).
   * @default 1000
   */
  limit?: number;
  /**
   * Minimum ms between HTTP requests.
   * @default 250
   */
  rateLimitMs?: number;
  /** Maximum OHLCV requests for the whole run. @default unlimited */
  maxCalls?: number;
  /** Only plan: no network, nothing written. @default false */
  dryRun?: boolean;
  /** Base URL replacing the exchange's REST API roots (e.g. a local test server). */
  apiUrl?: string;
  /** Progress callback (stderr in the CLI). */
  onProgress?: (message: string) => void;
  /** Clock for the default `until`. @default Date.now */
  now?: () => number;
}

export interface IngestCcxtItem {
  symbol: string;
  market: string;
  interval: string;
  missingBars: number;
  /** OHLCV calls planned for this dataset. */
  plannedCalls: number;
  /** OHLCV calls made. */
  calls: number;
  fetchedBars: number;
  added: number;
}

export interface IngestCcxtReport {
  source: string;
  dryRun: boolean;
  since: number;
  until: number;
  items: IngestCcxtItem[];
  plannedCalls: number;
  calls: number;
  marketCalls: number;
  budget: number | null;
  budgetExhausted: boolean;
  /** Planned OHLCV calls not made because the budget ran out. */
  skippedCalls: number;
}

interface CcxtExchangeLike {
  fetch(url: string, method?: string, headers?: unknown, body?: unknown): Promise<unknown>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<number[][]>;
  urls: { api: Record<string, string> };
}

function marketOf(symbol: string, quote: string): { base: string; market: string } {
  if (symbol.includes('/')) return { base: symbol.split('/')[0], market: symbol };
  return { base: symbol, market: `${symbol}/${quote}` };
}

function toBars(symbol: string, intervalMs: number, rows: number[][]): BarSeries {
  const n = rows.length;
  const f = (k: number) => Float64Array.from(rows, (r) => Number(r[k]));
  return { symbol, intervalMs, ts: n ? f(0) : new Float64Array(0), open: f(1), high: f(2), low: f(3), close: f(4), volume: f(5) };
}

/**
 * A ccxt failure as an error a person can act on: an unknown market is the user's mistake
 * (UserInputError → exit 2); anything else (network, exchange) says what failed and that the bars
 * fetched so far were stored.
 */
function explain(e: unknown, exchange: string, market: string, interval: string, calls: number): Error {
  const name = e instanceof Error ? e.constructor.name : 'Error';
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  if (name === 'BadSymbol') return new UserInputError('--symbols', `expected a market listed on ${exchange}`, market);
  const err = new Error(`${exchange} ${market} ${interval}: ${name}: ${msg} (after ${calls} OHLCV call(s); bars fetched before the failure are stored)`);
  err.cause = e;
  return err;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function createExchange(id: string, apiUrl: string | undefined, rateLimitMs: number, counter: { ohlcv: number; market: number; other: number }): Promise<CcxtExchangeLike> {
  const ccxt = (await import('ccxt')) as unknown as { default?: Record<string, unknown> } & Record<string, unknown>;
  const ns = (ccxt.default ?? ccxt) as Record<string, unknown>;
  const Ctor = ns[id] as (new (config: Record<string, unknown>) => CcxtExchangeLike) | undefined;
  if (typeof Ctor !== 'function') throw new UserInputError('--exchange', 'expected a ccxt exchange id (e.g. binance)', id);
  const ex = new Ctor({
    enableRateLimit: false, // our limiter below spaces every request
    timeout: 30_000,
    options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false, adjustForTimeDifference: false },
  });
  if (apiUrl) {
    const base = apiUrl.replace(/\/+$/, '');
    // Every REST root points at `apiUrl` + the same path as on the exchange (…/api/v3, …/sapi/v1, …).
    for (const [k, v] of Object.entries(ex.urls.api)) if (typeof v === 'string') ex.urls.api[k] = base + new URL(v).pathname;
  }
  const inner = ex.fetch.bind(ex);
  let last = -Infinity;
  ex.fetch = async (url: string, method?: string, headers?: unknown, body?: unknown) => {
    const wait = last + rateLimitMs - Date.now();
    if (wait > 0) await sleep(wait);
    last = Date.now();
    if (/klines/i.test(url)) counter.ohlcv++;
    else if (/exchangeInfo|markets/i.test(url)) counter.market++;
    else counter.other++;
    return inner(url, method, headers, body);
  };
  return ex;
}

export async function ingestCcxt(store: DataStore, options: IngestCcxtOptions): Promise<IngestCcxtReport> {
  const exchangeId = options.exchange ?? 'binance';
  const limit = options.limit ?? 1000;
  const rateLimitMs = options.rateLimitMs ?? 250;
  const budget = options.maxCalls ?? null;
  const now = options.now ?? Date.now;
  if (options.symbols.length === 0) throw new UserInputError('--symbols', 'expected at least one symbol');
  if (!Number.isFinite(options.since)) throw new UserInputError('--since', 'expected a date', options.since);
  const intervals = options.intervals.map((label) => ({ label, ms: intervalMsOf(label) }));
  const minMs = Math.min(...intervals.map((i) => i.ms));
  const until = options.until ?? Math.floor(now() / minMs) * minMs;
  if (!(until > options.since)) throw new UserInputError('--until', 'expected a time after --since', new Date(until).toISOString());

  const plans: { item: IngestCcxtItem; intervalMs: number; pages: FetchPage[] }[] = [];
  for (const sym of options.symbols) {
    const { base, market } = marketOf(sym, options.quote ?? 'USDT');
    for (const { label, ms } of intervals) {
      // coverage of this exchange's own dataset only: synthetic or file bars of the same symbol must not hide missing bars
      const plan = planFetch(await store.coverage(base, label, { source: `ccxt:${exchangeId}` }), { start: options.since, end: Math.floor(until / ms) * ms, intervalMs: ms, limit });
      plans.push({
        item: { symbol: base, market, interval: label, missingBars: plan.missingBars, plannedCalls: plan.pages.length, calls: 0, fetchedBars: 0, added: 0 },
        intervalMs: ms, pages: plan.pages,
      });
    }
  }
  const plannedCalls = plans.reduce((a, p) => a + p.pages.length, 0);
  const report: IngestCcxtReport = {
    source: `ccxt:${exchangeId}`, dryRun: options.dryRun === true, since: options.since, until, items: plans.map((p) => p.item),
    plannedCalls, calls: 0, marketCalls: 0, budget, budgetExhausted: false, skippedCalls: 0,
  };
  if (options.dryRun || plannedCalls === 0) return report;

  const counter = { ohlcv: 0, market: 0, other: 0 };
  const ex = await createExchange(exchangeId, options.apiUrl, rateLimitMs, counter);
  try {
    for (const p of plans) {
      const rows: number[][] = [];
      const covers: [number, number][] = [];
      try {
        for (const page of p.pages) {
          if (budget !== null && counter.ohlcv >= budget) {
            report.budgetExhausted = true;
            break;
          }
          const before = counter.ohlcv;
          let got: number[][];
          try {
            got = await ex.fetchOHLCV(p.item.market, p.item.interval, page.since, page.bars, { until: page.lastOpen });
          } catch (e) {
            p.item.calls += counter.ohlcv - before;
            throw explain(e, exchangeId, p.item.market, p.item.interval, counter.ohlcv);
          }
          p.item.calls += counter.ohlcv - before;
          // keep only bars of this page (complete bars inside the requested window)
          for (const r of got) if (r[0] >= page.since && r[0] <= page.lastOpen) rows.push(r);
          // The exchange answered for the whole page: bars it does not have there are holes in its data,
          // not something to fetch again. (A short page at the live edge cannot happen: until ≤ now.)
          covers.push([page.since, page.lastOpen + p.intervalMs]);
          options.onProgress?.(`${p.item.market} ${p.item.interval}: ${p.item.calls}/${p.item.plannedCalls} calls, ${rows.length} bars`);
        }
      } finally {
        if (covers.length > 0) {
          const r = await store.writeBars(toBars(p.item.symbol, p.intervalMs, rows), { source: report.source, covers });
          p.item.fetchedBars = rows.length;
          p.item.added = r.added;
        }
        report.calls = counter.ohlcv;
        report.marketCalls = counter.market;
      }
    }
  } finally {
    report.calls = counter.ohlcv;
    report.marketCalls = counter.market;
  }
  report.skippedCalls = plannedCalls - plans.reduce((a, p) => a + p.item.calls, 0);
  return report;
}
