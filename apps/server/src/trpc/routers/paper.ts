import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure } from '../trpc.ts';
import type { Context } from '../trpc.ts';
import type { PaperManager } from '../../services/paperManager.ts';

/** The paper sessions service (absent: the procedures answer PRECONDITION_FAILED). */
export interface PaperServices {
  paper: Pick<PaperManager, 'start' | 'pause' | 'resume' | 'stop' | 'get' | 'list' | 'subscribe'>;
}

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, { error: 'expected a run id of letters, digits, _ and - (at most 80)' });
const sessionId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, { error: 'expected a paper session id' }) });

/** paper.start input: the run, the feed and (replay) the speed: 1–1000 × real time or "max". */
export const startPaperInput = z.object({
  runId,
  feed: z.enum(['replay', 'live'], { error: 'expected feed replay or live' }).default('replay'),
  speed: z.union([z.number().min(1, { error: 'expected a speed from 1 to 1000' }).max(1000, { error: 'expected a speed from 1 to 1000' }), z.literal('max')]).default(1),
}).strict();

function paperOf(ctx: Context): PaperServices['paper'] {
  const p = (ctx.services as Context['services'] & Partial<PaperServices>).paper;
  if (!p) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'paper trading is not enabled on this server' });
  return p;
}
const notFound = (id: string) => new TRPCError({ code: 'NOT_FOUND', message: `paper session ${JSON.stringify(id)} not found` });

/**
 * paper.start|pause|resume|stop|get|list|onEvent – paper sessions on a finished run's frozen artifact
 * (services/paperManager.ts). Bad commands (no frozen model, a session in the wrong status) answer 400.
 */
export const paperRouter = {
  start: publicProcedure.input(startPaperInput).mutation(({ ctx, input }) => paperOf(ctx).start({ runId: input.runId, feed: input.feed, speed: input.speed === 'max' ? Infinity : input.speed })),
  pause: publicProcedure.input(sessionId).mutation(({ ctx, input }) => paperOf(ctx).pause(input.id)),
  resume: publicProcedure.input(sessionId).mutation(({ ctx, input }) => paperOf(ctx).resume(input.id)),
  stop: publicProcedure.input(sessionId).mutation(({ ctx, input }) => paperOf(ctx).stop(input.id)),
  get: publicProcedure.input(sessionId).query(({ ctx, input }) => {
    const v = paperOf(ctx).get(input.id);
    if (!v) throw notFound(input.id);
    return v;
  }),
  list: publicProcedure.input(z.object({ limit: z.number().int().positive().max(500).default(100) }).default({ limit: 100 })).query(({ ctx, input }) => paperOf(ctx).list(input.limit)),
  /** SSE: step, status and feed events of one session (or all). */
  onEvent: publicProcedure
    .input(z.object({ id: sessionId.shape.id.optional() }).default({}))
    .subscription(async function* ({ ctx, input, signal }) {
      yield* paperOf(ctx).subscribe(input.id ?? null, signal);
    }),
} satisfies TRPCRouterRecord;
