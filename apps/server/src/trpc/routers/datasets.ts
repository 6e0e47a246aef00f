import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { BAR_INTERVALS } from '@skippy/core/config';
import { publicProcedure } from '../trpc.ts';

/** datasets.list|qc – what data a run can use, and its quality report. */
export const datasetsRouter = {
  list: publicProcedure.query(({ ctx }) => ctx.services.datasets.list()),
  qc: publicProcedure
    .input(z.object({
      source: z.enum(['synthetic', 'store']).default('synthetic'),
      symbol: z.string().regex(/^[A-Z0-9]{2,12}$/, { error: 'expected an upper-case symbol such as BTC' }),
      interval: z.enum(BAR_INTERVALS).default('1m'),
      days: z.number().int().positive().max(365).optional(),
      seed: z.number().int().optional(),
      /** Stored dataset (source key from datasets.list), e.g. "file:Binance_BTCUSDT_1h"; store QC only. */
      dataset: z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9:._ -]*$/, { error: 'expected a stored dataset such as file:Binance_BTCUSDT_1h' }).optional(),
    }))
    .query(({ ctx, input }) => ctx.services.datasets.qc(input)),
} satisfies TRPCRouterRecord;
