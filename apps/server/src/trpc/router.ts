/**
 * The server's tRPC router. The web app imports only the TYPE (`@skippy/server/router`).
 * Procedures: config.get|validate|save|onChange, datasets.list|qc|shared|ingest|ccxtPreview|ccxtIngest,
 * runs.start|list|get|cancel|delete|onProgress, reports.get|compare|benchmarks|recordBenchmark, workers.list.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from './trpc.ts';
import { configRouter } from './routers/config.ts';
import { datasetsRouter } from './routers/datasets.ts';
import { runsRouter } from './routers/runs.ts';
import { reportsRouter } from './routers/reports.ts';
import { studiesRouter } from './routers/studies.ts';
import { workersRouter } from './routers/workers.ts';
import { paperRouter } from './routers/paper.ts';

export const appRouter = router({
  config: configRouter,
  datasets: datasetsRouter,
  runs: runsRouter,
  reports: reportsRouter,
  studies: studiesRouter,
  workers: workersRouter,
  paper: paperRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { RunSummary, RunDetail, RunEventRow, ConfigState, DatasetInfo, BenchVersionRow } from '../services/types.ts';
export type { ClusterState } from '../services/types.ts';
export type { ComparisonResult } from '../services/compare.ts';
export type { PaperView, PaperListRow, PaperEvent, FeedHealth } from '../services/paperManager.ts';
