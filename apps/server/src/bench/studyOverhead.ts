/**
 * The server's study overhead per trial on a real run (benchmark script, not a test):
 * `npx tsx apps/server/src/bench/studyOverhead.ts [trials]` starts a server on a temp home with one
 * worker, runs a study (studies.start, random sampler, no pruner, parallel 1) of small synthetic runs
 * and prints JSON: per trial the trial's wall time (stored startedAt → finishedAt) minus the run's
 * own pipeline time (report.durationMs) – the time the study adds around a run: sampling, storage,
 * queueing into the pool and back, writing the artifacts, reading the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStudyStorage } from '@skippy/io/studies';
import { createServer } from '../server.ts';

const trials = Number(process.argv[2] ?? 8);
const home = mkdtempSync(join(tmpdir(), 'skippy-study-overhead-'));
const server = await createServer({ port: 0, home, workers: 1, webDist: join(home, 'no-web') });
try {
  const config = { name: 'overhead', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
  const { validateConfig } = await import('@skippy/core/config');
  const r = validateConfig(config);
  if (!r.ok) throw new Error(r.issues[0].text);
  server.studies.start({ name: 'overhead', config: r.config, space: { 'models.primary.l2': { type: 'float', low: 0.01, high: 100, log: true } }, nTrials: trials, parallel: 1, sampler: 'random', pruner: 'none', seed: 0 });
  await server.studies.settled('overhead');
  const rows = openStudyStorage(server.db).listTrials('overhead').map((t) => {
    const run = server.runs.report(t.runId!);
    const wall = t.finishedAt! - t.startedAt;
    return { trial: t.number, wall_ms: wall, run_ms: run?.durationMs ?? null, overhead_ms: run ? wall - run.durationMs : null };
  });
  // the first trial also pays the worker's cold start: report the rest too
  const over = rows.map((x) => x.overhead_ms!).filter(Number.isFinite);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  console.log(JSON.stringify({ trials, overhead_ms_per_trial_mean: mean(over), overhead_ms_per_trial_median: median(over), overhead_ms_after_first_median: median(over.slice(1)), run_ms_median: median(rows.map((x) => x.run_ms!)), rows }, null, 1));
} finally {
  await server.close();
  rmSync(home, { recursive: true, force: true });
}
