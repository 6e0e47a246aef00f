import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { studySummary } from '@skippy/core/hpo';
import type { Direction, PrunerConfig, SamplerConfig, SearchSpace, StudyRecord, StudyStorage, TrialRecord, TrialState } from '@skippy/core/hpo';
import { ConfigIssuesError, publicProcedure } from '../trpc.ts';
import type { Context } from '../trpc.ts';
import { configInput, parseConfigValue } from '../inputs.ts';
import { checkRunBudget } from './config.ts';
import type { StudyJobView, StudyManager } from '../../services/studyManager.ts';

/**
 * The studies the server can read: the StudyStorage of @skippy/io/studies on the server's own database
 * (the one `skippy-train hpo:optuna --home <home>` writes). Only the read half is used here.
 */
export interface StudiesServices {
  studies: Pick<StudyStorage, 'getStudy' | 'listStudies' | 'listTrials'>;
  /** Runs studies on the server (studies.start|stop); absent: read-only. */
  studyManager?: Pick<StudyManager, 'start' | 'stop' | 'view'>;
}

/** A study name as the CLI accepts it (`--study`). */
export const studyNameInput = z.object({
  name: z.string()
    .min(1, { error: 'expected a study name' })
    .max(100, { error: 'expected a study name of at most 100 characters' })
    .regex(/^[\w.:@-]+$/, { error: 'expected a study name of letters, digits, . _ : @ -' }),
});

/** Most parameters a study started from the browser may search. */
export const MAX_STUDY_PARAMS = 32;

/**
 * studies.start input: a name, the base config, the search space (config path → {type, low, high, log,
 * step} or {choices}; checked by core's validateRunSpace against the config) and the study's settings,
 * each bounded.
 */
export const startStudyInput = z.object({
  name: studyNameInput.shape.name,
  config: configInput,
  space: z.record(
    z.string().max(200, { error: 'expected a config path of at most 200 characters' }).regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, { error: 'expected a dotted config path such as models.primary.l2' }),
    z.union([
      z.object({
        type: z.enum(['float', 'int'], { error: 'expected float or int' }),
        low: z.number({ error: 'expected a finite number' }),
        high: z.number({ error: 'expected a finite number' }),
        log: z.boolean().optional(),
        step: z.number({ error: 'expected a positive number' }).nullable().optional(),
      }).strict(),
      z.object({ choices: z.array(z.union([z.number(), z.string().max(200), z.boolean()]), { error: 'expected a list of numbers, strings or true/false' }).max(100, { error: 'expected at most 100 choices' }) }).strict(),
    ], { error: 'expected {type: float|int, low, high, log, step} or {choices: [...]}' }),
  ).refine((sp) => Object.keys(sp).length >= 1, { error: 'expected at least one searched parameter' })
    .refine((sp) => Object.keys(sp).length <= MAX_STUDY_PARAMS, { error: `expected at most ${MAX_STUDY_PARAMS} searched parameters` }),
  trials: z.number().int({ error: 'expected a whole number of trials' }).min(1, { error: 'expected at least 1 trial' }).max(1000, { error: 'expected at most 1000 trials' }),
  parallel: z.number().int({ error: 'expected a whole number' }).min(1, { error: 'expected at least 1 trial in flight' }).max(16, { error: 'expected at most 16 trials in flight' }).default(1),
  sampler: z.enum(['tpe', 'random', 'grid'], { error: 'expected tpe, random or grid' }).default('tpe'),
  /** TPE options (Optuna's): one joint Parzen estimator; a joint estimator per group of parameters that occur together (needs multivariate). Kept with the study. */
  multivariate: z.boolean({ error: (iss) => `expected true or false, got ${JSON.stringify(iss.input)}` }).optional(),
  group: z.boolean({ error: (iss) => `expected true or false, got ${JSON.stringify(iss.input)}` }).optional(),
  pruner: z.enum(['median', 'hyperband', 'none'], { error: 'expected median, hyperband or none' }).default('median'),
  seed: z.number().int({ error: 'expected a whole number' }).min(0, { error: 'expected a seed ≥ 0' }).max(2 ** 31 - 1, { error: 'expected a seed < 2^31' }).default(0),
  timeoutS: z.number().positive({ error: 'expected a positive number of seconds' }).max(7 * 86_400, { error: 'expected at most 7 days' }).optional(),
  /** Nested evaluation: select on the data before this UTC day, report the best from it on. */
  outerFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a UTC day YYYY-MM-DD' }).optional(),
}).superRefine((v, ctx) => {
  if (v.group && !v.multivariate) ctx.addIssue({ code: 'custom', path: ['group'], input: v.group, message: `requires multivariate: true (a joint Parzen estimator per group of parameters), got multivariate ${v.multivariate ?? 'unset'}` });
  for (const k of ['multivariate', 'group'] as const) if (v[k] && v.sampler !== 'tpe') ctx.addIssue({ code: 'custom', path: [k], input: v[k], message: `is a TPE option: expected sampler tpe, got ${v.sampler}` });
}).transform((v, ctx) => {
  const { config } = parseConfigValue(v.config, ctx);
  return { ...v, config };
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
  /** The server's job for this study (budget, active/stopped/done), null when it was not started here. */
  job: StudyJobView | null;
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

function managerOf(ctx: Context, required: true): NonNullable<StudiesServices['studyManager']>;
function managerOf(ctx: Context, required: false): StudiesServices['studyManager'];
function managerOf(ctx: Context, required: boolean): StudiesServices['studyManager'] {
  const m = (ctx.services as Context['services'] & Partial<StudiesServices>).studyManager;
  if (!m && required) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'this server does not run studies' });
  return m;
}

/** studies.list|get – hyper-parameter studies in the workbench database; studies.start|stop – studies run on this server. */
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
      ...row, job: managerOf(ctx, false)?.view(record.name) ?? null, space: record.space, meta: record.meta ?? null, bestParams: summary.bestParams, paretoFront: summary.paretoFront,
      trialRows: trials.map(trialRow),
    };
  }),
  /**
   * Starts (or resumes, with the same space) a study whose trials are runs of the config, `parallel` in
   * flight on the server's pool; 400 with one line for a bad space, config or setting.
   */
  start: publicProcedure.input(startStudyInput).mutation(async ({ ctx, input }) => {
    const manager = managerOf(ctx, true);
    checkRunBudget(input.config, ctx.services.limits.maxCells);
    const active = ctx.services.runs.activeCount();
    if (active + input.parallel > ctx.services.limits.maxActiveRuns) {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `${active} runs are already queued or running (limit ${ctx.services.limits.maxActiveRuns}, SKIPPY_MAX_QUEUE): wait for some to finish or lower parallel` });
    }
    const issues = await ctx.services.runs.dataIssues(input.config);
    if (issues.length) {
      const cause = new ConfigIssuesError(issues.map((i) => ({ path: i.field, message: i.message, text: `${i.field}: ${i.message}` })));
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
    return manager.start({ name: input.name, config: input.config, space: input.space, nTrials: input.trials, parallel: input.parallel, sampler: input.sampler, ...(input.multivariate ? { multivariate: true } : {}), ...(input.group ? { group: true } : {}), pruner: input.pruner, seed: input.seed, ...(input.timeoutS !== undefined ? { timeoutS: input.timeoutS } : {}), ...(input.outerFrom ? { outerFrom: input.outerFrom } : {}) });
  }),
  /** Stops a study run by this server: no new trial, the runs in flight cancelled. */
  stop: publicProcedure.input(studyNameInput).mutation(async ({ ctx, input }) => {
    const view = await managerOf(ctx, true).stop(input.name);
    if (!view) throw new TRPCError({ code: 'NOT_FOUND', message: `study ${JSON.stringify(input.name)} is not run by this server` });
    return view;
  }),
} satisfies TRPCRouterRecord;
