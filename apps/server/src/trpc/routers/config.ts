import type { TRPCRouterRecord } from '@trpc/server';
import { configHash, configToYaml, runBudgetIssue } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { TRPCError } from '@trpc/server';
import { ConfigIssuesError, publicProcedure } from '../trpc.ts';
import { configOnlyInput } from '../inputs.ts';

/** config.get|validate|save|onChange – the current experiment config (config/training.yml, hot-reloaded). */
export const configRouter = {
  get: publicProcedure.query(({ ctx }) => ctx.services.config.current()),
  /** Validates without saving: 400 with key paths when invalid, else the filled config, hash and YAML. */
  validate: publicProcedure.input(configOnlyInput).mutation(({ ctx, input }) => {
    checkRunBudget(input.config, ctx.services.limits.maxCells);
    return { ok: true as const, config: input.config, hash: configHash(input.config), yaml: configToYaml(input.config) };
  }),
  save: publicProcedure.input(configOnlyInput).mutation(({ ctx, input }) => ctx.services.config.save(input.config)),
  /** Pushes the current config first, then every change of the file (valid or not). */
  onChange: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.config.subscribe(signal);
  }),
} satisfies TRPCRouterRecord;

/** 400 (at key path `data`) when the run the config describes is larger than the server's budget (SKIPPY_MAX_CELLS). */
export function checkRunBudget(config: ExperimentConfig, maxCells: number): void {
  const message = runBudgetIssue(config, maxCells);
  if (!message) return;
  const cause = new ConfigIssuesError([{ path: 'data', message, text: `data: ${message}` }]);
  throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
}
