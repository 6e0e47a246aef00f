import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { DataRequirementIssue } from '@skippy/core/pipeline';
import { usesPolicyTrainer } from '@skippy/core/pipeline';
import type { ExperimentConfig } from '@skippy/core/config';
import { ConfigIssuesError, publicProcedure } from '../trpc.ts';
import { runIdInput, runStatusInput, startRunInput } from '../inputs.ts';
import { checkRunBudget } from './config.ts';

function notFound(id: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `run ${JSON.stringify(id)} not found` });
}

/** 400 for a config whose feature tiers need data the source lacks: one issue per problem at its config path, in plain words. */
function dataRequirementError(issues: DataRequirementIssue[]): TRPCError {
  const cause = new ConfigIssuesError(issues.map((i) => ({ path: i.field, message: i.message, text: `${i.field}: ${i.message}` })));
  return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
}

/** Environment steps a `trainer: ppo` run may ask the server for (ppo.steps); longer training belongs to `skippy-train ppo` (checkpoints, resume). */
export const MAX_SERVER_PPO_STEPS = 20_000_000;

/** 400 at `ppo.steps` when a PPO run asks for more than MAX_SERVER_PPO_STEPS. */
function checkPolicyBudget(config: ExperimentConfig): void {
  if (!usesPolicyTrainer(config) || config.ppo.steps <= MAX_SERVER_PPO_STEPS) return;
  const message = `expected at most ${MAX_SERVER_PPO_STEPS} environment steps for a PPO run the server trains (longer runs: skippy-train ppo --checkpoints DIR), got ${config.ppo.steps}`;
  const cause = new ConfigIssuesError([{ path: 'ppo.steps', message, text: `ppo.steps: ${message}` }]);
  throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
}

/** runs.start|list|get|cancel|delete|onProgress – runs execute in the worker pool, never here. */
export const runsRouter = {
  start: publicProcedure
    .input(startRunInput)
    .mutation(async ({ ctx, input }) => {
      if (input.rerunOf && !ctx.services.runs.get(input.rerunOf)) throw notFound(input.rerunOf);
      checkRunBudget(input.config, ctx.services.limits.maxCells);
      checkPolicyBudget(input.config);
      const active = ctx.services.runs.activeCount();
      if (active >= ctx.services.limits.maxActiveRuns) {
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `${active} runs are already queued or running (limit ${ctx.services.limits.maxActiveRuns}, SKIPPY_MAX_QUEUE): wait for some to finish or cancel them` });
      }
      // refused before it is queued: a feature tier whose data the source lacks (the pipeline checks again at its data stage)
      const issues = await ctx.services.runs.dataIssues(input.config);
      if (issues.length) throw dataRequirementError(issues);
      return ctx.services.runs.start({ config: input.config, hash: input.hash, name: input.name, rerunOf: input.rerunOf });
    }),
  list: publicProcedure
    .input(z.object({ status: runStatusInput.optional(), limit: z.number().int().positive().max(1000).default(200) }).default({ limit: 200 }))
    .query(({ ctx, input }) => ctx.services.runs.list(input)),
  get: publicProcedure.input(runIdInput).query(({ ctx, input }) => {
    const run = ctx.services.runs.get(input.id);
    if (!run) throw notFound(input.id);
    return run;
  }),
  cancel: publicProcedure.input(runIdInput).mutation(async ({ ctx, input }) => {
    const status = await ctx.services.runs.cancel(input.id);
    if (status === null) throw notFound(input.id);
    return { id: input.id, status };
  }),
  delete: publicProcedure.input(runIdInput).mutation(async ({ ctx, input }) => {
    if (!(await ctx.services.runs.delete(input.id))) throw notFound(input.id);
    return { id: input.id, deleted: true as const };
  }),
  /**
   * SSE stream of RunProgress. With `runId`: a snapshot event first (stage, percent and every
   * partial result so far), then live events, ending after the terminal one. Without: all runs.
   */
  onProgress: publicProcedure
    .input(z.object({ runId: z.string().min(1).max(80).optional() }).default({}))
    .subscription(async function* ({ ctx, input, signal }) {
      if (input.runId && !ctx.services.runs.get(input.runId)) throw notFound(input.runId);
      yield* ctx.services.runs.subscribe(input.runId ?? null, signal);
    }),
} satisfies TRPCRouterRecord;
