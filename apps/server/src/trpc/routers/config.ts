import type { TRPCRouterRecord } from '@trpc/server';
import { configHash, configToYaml } from '@skippy/core/config';
import { publicProcedure } from '../trpc.ts';
import { configOnlyInput } from '../inputs.ts';

/** config.get|validate|save|onChange – the current experiment config (config/training.yml, hot-reloaded). */
export const configRouter = {
  get: publicProcedure.query(({ ctx }) => ctx.services.config.current()),
  /** Validates without saving: 400 with key paths when invalid, else the filled config, hash and YAML. */
  validate: publicProcedure.input(configOnlyInput).mutation(({ input }) => ({ ok: true as const, config: input.config, hash: configHash(input.config), yaml: configToYaml(input.config) })),
  save: publicProcedure.input(configOnlyInput).mutation(({ ctx, input }) => ctx.services.config.save(input.config)),
  /** Pushes the current config first, then every change of the file (valid or not). */
  onChange: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.config.subscribe(signal);
  }),
} satisfies TRPCRouterRecord;
