import type { TRPCRouterRecord } from '@trpc/server';
import { publicProcedure } from '../trpc.ts';
import type { ClusterState } from '../../services/types.ts';

/**
 * workers.list – the run engine: mode (embedded pool or BullMQ on Redis), queue depth (waiting, active,
 * delayed, failed, completed) and the connected workers (host, concurrency, current jobs, completed,
 * failed, jobs in the last minute).
 */
export const workersRouter = {
  list: publicProcedure.query(async ({ ctx }): Promise<ClusterState | null> => (ctx.services.cluster ? ctx.services.cluster() : null)),
} satisfies TRPCRouterRecord;
