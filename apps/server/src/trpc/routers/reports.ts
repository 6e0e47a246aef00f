import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, type Context } from '../trpc.ts';
import { compareReports } from '../../services/compare.ts';
import { overfittingBulk, reportSummary, type RunReport } from '@skippy/core/reports';

function storedReport(ctx: Context, id: string): RunReport {
  const run = ctx.services.runs.get(id);
  if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(id)} not found` });
  const report = ctx.services.runs.report(id);
  if (!report) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(id)} has no report (status ${run.status})` });
  return report;
}

/** reports.get|overfitting|compare, and the stored benchmark versions (for Compare). */
export const reportsRouter = {
  /** The report without the CSCV per-combination arrays (reportSummary): small enough to parse on the page's main thread. */
  get: publicProcedure.input(z.object({ id: z.string().min(1).max(80) })).query(({ ctx, input }) => reportSummary(storedReport(ctx, input.id))),
  /** The arrays `get` leaves out (CSCV logits, IS/OOS Sharpe pairs); the web app fetches and reduces them in its chart worker. */
  overfitting: publicProcedure.input(z.object({ id: z.string().min(1).max(80) })).query(({ ctx, input }) => overfittingBulk(storedReport(ctx, input.id))),
  /** Metrics side by side with deltas vs the first run, config differences, equity curves to overlay. */
  compare: publicProcedure
    .input(z.object({ ids: z.array(z.string().min(1).max(80)).min(2, { error: 'expected at least two runs to compare' }).max(8) }))
    .query(({ ctx, input }) => {
      const reports = input.ids.map((id) => {
        const r = ctx.services.runs.report(id);
        if (!r) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(id)} has no report` });
        return r;
      });
      return compareReports(reports);
    }),
  benchmarks: publicProcedure.query(({ ctx }) => ctx.services.benchmarks.list()),
  /** Strategy benchmark versions (`skippy-train bench:run`): the config on the last N days of a data snapshot, with run-to-run noise. */
  strategyBenchmarks: publicProcedure.query(({ ctx }) => ctx.services.benchmarks.strategies()),
  /** Stores the output of `skippy-train bench --json` as a named benchmark version (replaces one with the same name). */
  recordBenchmark: publicProcedure
    .input(z.object({
      version: z.string().min(1, { error: 'expected a version label' }).max(100),
      results: z.array(z.object({ name: z.string().min(1).max(200), median_ms: z.number().nonnegative(), runs: z.number().int().positive().optional(), targetMs: z.number().positive().optional() }).loose()).min(1, { error: 'expected at least one result' }).max(1000, { error: 'expected at most 1000 results' }),
    }))
    .mutation(({ ctx, input }) => {
      const row = { version: input.version, createdAt: Date.now(), results: input.results.map((r) => ({ name: r.name, median_ms: r.median_ms, ...(r.runs !== undefined ? { runs: r.runs } : {}), ...(r.targetMs !== undefined ? { targetMs: r.targetMs } : {}) })) };
      ctx.services.benchmarks.record(row);
      return row;
    }),
} satisfies TRPCRouterRecord;
