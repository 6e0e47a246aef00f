import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { studySummary } from '@skippy/core/hpo';
import type { Direction, PrunerConfig, SamplerConfig, SearchSpace, StudyRecord, StudyStorage, TrialRecord, TrialState } from '@skippy/core/hpo';
import { publicProcedure } from '../trpc.ts';
import type { Context } from '../trpc.ts';

/**
 * The studies the server can read: the StudyStorage of @skippy/io/studies on the server's own database
 * (the one `skippy-train hpo:optuna --home <home>` writes). Only the read half is used here.
 */
export interface StudiesServices {
  studies: Pick<StudyStorage, 'getStudy' | 'listStudies' | 'listTrials'>;
}

/** A study name as the CLI accepts it (`--study`). */
export const studyNameInput = z.object({
  name: z.string()
    .min(1, { error: 'expected a study name' })
    .max(100, { error: 'expected a study name of at most 100 characters' })
    .regex(/^[\w.:@-]+$/, { error: 'expected a study name of letters, digits, . _ : @ -' }),
});

/** One trial as sent to the browser: non-finite numbers become null (JSON has no NaN). */
export interface StudyTrialRow {
  number: number;
  state: TrialState;
  params: TrialRecord['params'];
  values: (number | null)[] | null;
  intermediate: { step: number; value: number | null }[];
  startedAt: number;
  finishedAt: number | null;
  /** finishedAt − startedAt; null while running. */
  durationMs: number | null;
  runId: string | null;
  error: string | null;
  retryOf: number | null;
}

export type StudyCounts = Record<TrialState, number>;

/** A row of the studies list. */
export interface StudyListRow {
  name: string;
  createdAt: number;
  objective: string;
  directions: Direction[];
  sampler: SamplerConfig;
  pruner: PrunerConfig;
  seed: number;
  params: string[];
  trials: number;
  counts: StudyCounts;
  /** Best first objective (single-objective studies), else null. */
  bestValue: number | null;
  bestTrial: number | null;
  /** Trials on the Pareto front (several objectives). */
  paretoSize: number;
  /** Latest trial start or finish (createdAt when there is none). */
  lastActivity: number;
}

export interface StudyDetail extends StudyListRow {
  space: SearchSpace;
  meta: Record<string, unknown> | null;
  bestParams: TrialRecord['params'] | null;
  paretoFront: number[];
  trialRows: StudyTrialRow[];
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

function trialRow(t: TrialRecord): StudyTrialRow {
  return {
    number: t.number, state: t.state, params: t.params, values: t.values ? t.values.map(finite) : null,
    intermediate: t.intermediate.map((p) => ({ step: p.step, value: finite(p.value) })),
    startedAt: t.startedAt, finishedAt: t.finishedAt, durationMs: t.finishedAt === null ? null : t.finishedAt - t.startedAt,
    runId: t.runId, error: t.error, retryOf: t.retryOf,
  };
}

function listRow(record: StudyRecord, trials: TrialRecord[]): StudyListRow & { summary: ReturnType<typeof studySummary> } {
  const summary = studySummary({ record, trials: () => trials });
  let last = record.createdAt;
  for (const t of trials) last = Math.max(last, t.startedAt, t.finishedAt ?? 0);
  return {
    name: record.name, createdAt: record.createdAt, objective: record.objective, directions: record.directions, sampler: record.sampler,
    pruner: record.pruner, seed: record.seed, params: Object.keys(record.space), trials: trials.length, counts: summary.counts,
    bestValue: summary.bestValue === null ? null : finite(summary.bestValue), bestTrial: summary.bestTrial, paretoSize: summary.paretoFront.length,
    lastActivity: last, summary,
  };
}

function storageOf(ctx: Context): StudiesServices['studies'] {
  const s = (ctx.services as Context['services'] & Partial<StudiesServices>).studies;
  if (!s) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'study storage is not open on this server' });
  return s;
}

/** studies.list|get – hyper-parameter studies in the workbench database, read-only. */
export const studiesRouter = {
  /** Every study, newest activity first, with trials by state and the best value. */
  list: publicProcedure.query(({ ctx }): StudyListRow[] => {
    const storage = storageOf(ctx);
    return storage.listStudies()
      .map((r) => { const { summary: _s, ...row } = listRow(r, storage.listTrials(r.name)); return row; })
      .sort((a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name));
  }),
  /** One study: its definition, summary and every trial (params, values, intermediate values, timings, run). */
  get: publicProcedure.input(studyNameInput).query(({ ctx, input }): StudyDetail => {
    const storage = storageOf(ctx);
    const record = storage.getStudy(input.name);
    if (!record) throw new TRPCError({ code: 'NOT_FOUND', message: `study ${JSON.stringify(input.name)} not found (studies are created by \`skippy-train hpo:optuna --study NAME\` in this server's home)` });
    const trials = storage.listTrials(record.name);
    const { summary, ...row } = listRow(record, trials);
    return {
      ...row, space: record.space, meta: record.meta ?? null, bestParams: summary.bestParams, paretoFront: summary.paretoFront,
      trialRows: trials.map(trialRow),
    };
  }),
} satisfies TRPCRouterRecord;
