/**
 * restateStudyBestTrial(runsRoot, trials, best, studyName) – every trial of a run study is a configuration
 * tried: reads each complete trial's `oos_returns` artifact and restates the best trial's stored report
 * for the study (core's restateForStudy: CSCV over the trials, DSR with N = the trials, the gates again).
 * Returns the study's overfitting figures, or null when fewer than two trials have returns. Used by
 * `skippy-train hpo:optuna` and the server's study service after a run study ends.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { restateForStudy } from '@skippy/core/pipeline';
import type { StudyTrialReturns } from '@skippy/core/pipeline';
import type { TrialRecord } from '@skippy/core/hpo';
import { readRunReport, runArtifactDir, writeRunReport } from '../artifacts/index.ts';
import { readTableParquet } from '../parquet.ts';

export interface StudyOverfitting {
  trials: number;
  best_run: string | null;
  pbo: number | null;
  prob_oos_loss: number | null;
  dsr: number | null;
  verdict: string;
  interpretation: string | null;
}

export async function restateStudyBestTrial(runsRoot: string, trials: readonly TrialRecord[], best: number | null, studyName: string): Promise<StudyOverfitting | null> {
  const done = trials.filter((t) => t.state === 'complete' && t.runId);
  const bestIdx = done.findIndex((t) => t.number === best);
  if (done.length < 2 || bestIdx < 0) return null;
  const series: StudyTrialReturns[] = [];
  for (const t of done) {
    const f = join(runArtifactDir(runsRoot, t.runId!), 'oos_returns.parquet');
    if (!existsSync(f)) return null;
    const tab = await readTableParquet(f);
    series.push({ label: `trial ${t.number}`, ts: tab.columns.ts as Float64Array, returns: tab.columns.r as Float64Array });
  }
  const dir = runArtifactDir(runsRoot, done[bestIdx].runId!);
  const report = readRunReport(dir);
  if (!report) return null;
  const restated = restateForStudy(report, series, bestIdx, report.config.evaluation.cscv_partitions, studyName);
  writeRunReport(dir, restated);
  const o = restated.overfitting!;
  return { trials: done.length, best_run: done[bestIdx].runId, pbo: o.pbo, prob_oos_loss: o.probOosLoss, dsr: o.dsr, verdict: restated.verdict.decision, interpretation: o.interpretation ?? null };
}
