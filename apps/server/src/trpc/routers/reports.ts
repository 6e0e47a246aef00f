import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure } from '../trpc.ts';
import { compareReports } from '../../services/compare.ts';

/** reports.get|compare, and the stored benchmark versions (for Compare). */
export const reportsRouter = {
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => {
    const run = ctx.services.runs.get(input.id);
    if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(input.id)} not found` });
    const report = ctx.services.runs.report(input.id);
    if (!report) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(input.id)} has no report (status ${run.status})` });
    return report;
  }),
  /** Metrics side by side with deltas vs the first run, config differences, equity curves to overlay. */
  compare: publicProcedure
    .input(z.object({ ids: z.array(z.string().min(1)).min(2, { error: 'expected at least two runs to compare' }).max(8) }))
    .query(({ ctx, input }) => {
      const reports = input.ids.map((id) => {
        const r = ctx.services.runs.report(id);
        if (!r) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(id)} has no report` });
        return r;
      });
      return compareReports(reports);
    }),
  benchmarks: publicProcedure.query(({ ctx }) => ctx.services.benchmarks.list()),
} satisfies TRPCRouterRecord;
