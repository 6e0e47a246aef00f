import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { BAR_INTERVALS } from '@skippy/core/config';
import { publicProcedure } from '../trpc.ts';

/** Largest uploaded file (bytes) and its base64 length (what the JSON body carries; the /trpc route allows UPLOAD_JSON_LIMIT). */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
export const MAX_UPLOAD_BASE64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;
/** Body limit of the upload route (base64 of MAX_UPLOAD_BYTES plus the other fields). */
export const UPLOAD_JSON_LIMIT = '24mb';
/** Exchanges the Data page may fetch from through ccxt. */
export const CCXT_EXCHANGES = ['binance', 'bybit', 'okx', 'kraken', 'coinbase'] as const;
/** Most OHLCV calls one browser-started ccxt ingest may make. */
export const MAX_BROWSER_CCXT_CALLS = 500;

const symbol = z.string().regex(/^[A-Z0-9]{2,12}$/, { error: 'expected an upper-case symbol such as BTC' });
const fileOptions = {
  duplicates: z.enum(['precision', 'first', 'last']).default('precision'),
  symbol: symbol.optional(),
  interval: z.enum(BAR_INTERVALS).optional(),
  timezone: z.string().regex(/^(UTC|Z|[+-]\d{2}:?\d{2})$/, { error: 'expected UTC or an offset such as +03:00' }).optional(),
};
const epoch = z.number().int().min(Date.UTC(2009, 0, 1)).max(Date.UTC(2100, 0, 1));
const ccxtInput = z.object({
  exchange: z.enum(CCXT_EXCHANGES).default('binance'),
  symbols: z.array(symbol).min(1, { error: 'expected at least one symbol' }).max(5, { error: 'expected at most 5 symbols' }),
  intervals: z.array(z.enum(BAR_INTERVALS)).min(1, { error: 'expected at least one interval' }).max(3, { error: 'expected at most 3 intervals' }),
  since: epoch.optional(),
  until: epoch.optional(),
  days: z.number().positive().max(3650, { error: 'expected at most 3650 days' }).optional(),
});

/** datasets.list|qc|shared|ingest|ccxtPreview|ccxtIngest – what data a run can use, its quality report, and adding data from the browser. */
export const datasetsRouter = {
  list: publicProcedure.query(({ ctx }) => ctx.services.datasets.list()),
  qc: publicProcedure
    .input(z.object({
      source: z.enum(['synthetic', 'store']).default('synthetic'),
      symbol,
      interval: z.enum(BAR_INTERVALS).default('1m'),
      days: z.number().int().positive().max(365).optional(),
      seed: z.number().int().optional(),
      /** Stored dataset (source key from datasets.list), e.g. "file:Binance_BTCUSDT_1h"; store QC only. */
      dataset: z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9:._ -]*$/, { error: 'expected a stored dataset such as file:Binance_BTCUSDT_1h' }).optional(),
    }))
    .query(({ ctx, input }) => ctx.services.datasets.qc(input)),
  /** Bar files of the shared data folder (SKIPPY_SHARED_DATA or ../shared/data) that ingest accepts by id. */
  shared: publicProcedure.query(({ ctx }) => ctx.services.datasets.shared()),
  /** Ingest a file: uploaded bytes (base64, at most 16 MB) or a shared file by its listed id. Answers the file's QC and what ingest stored. */
  ingest: publicProcedure
    .input(z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('upload'),
        name: z.string().max(120, { error: 'expected a file name of at most 120 characters' })
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.(csv|json|jsonl|parquet)(\.gz)?$/i, { error: 'expected a bar file name such as BTC_USDT-1h.csv (letters, digits, . _ -; .csv/.json/.jsonl/.parquet, optionally .gz)' }),
        contentBase64: z.string().min(1, { error: 'expected a non-empty file' })
          .max(MAX_UPLOAD_BASE64, { error: `expected a file of at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` })
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'expected base64 content' }),
        ...fileOptions,
      }),
      z.object({ kind: z.literal('shared'), id: z.string().min(1).max(300), ...fileOptions }),
    ]))
    .mutation(({ ctx, input }) => ctx.services.datasets.ingestFile(input)),
  /** The ccxt budget preview: calls, bars and the missing ranges of each symbol × interval; no network, nothing written. */
  ccxtPreview: publicProcedure.input(ccxtInput).query(({ ctx, input }) => ctx.services.datasets.ccxt({ ...input, dryRun: true })),
  /** The ccxt fetch, capped at maxCalls OHLCV requests (stored what was fetched when the cap is reached). */
  ccxtIngest: publicProcedure
    .input(ccxtInput.extend({ maxCalls: z.number().int().min(1).max(MAX_BROWSER_CCXT_CALLS, { error: `expected at most ${MAX_BROWSER_CCXT_CALLS} calls` }) }))
    .mutation(({ ctx, input }) => ctx.services.datasets.ccxt({ ...input, dryRun: false })),
} satisfies TRPCRouterRecord;
