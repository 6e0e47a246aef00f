/**
 * restateForStudy(report, trials, selected, partitions) – the selected trial's report restated for the
 * study that chose it: every trial of a study is a configuration tried, so the CSCV family becomes the
 * trials' out-of-sample return columns (each trial's `oos_returns` artifact, aligned on their common
 * bars), the DSR deflates the selected trial's Sharpe by N = the number of trials with
 * V[SRₙ] = the variance of their per-bar Sharpes, and the gates are evaluated again with them.
 */
import type { RunReport } from '../reports/types.ts';
import { UserInputError } from '../util/errors.ts';
import { evaluateGates } from './gates.ts';
import { configurationFamily, overfittingSection } from './overfitting.ts';
import { verdictFromGates } from './verdict.ts';

export interface StudyTrialReturns {
  label: string;
  /** Bar open times of the out-of-sample rows, ascending. */
  ts: Float64Array;
  returns: Float64Array;
}

export function restateForStudy(report: RunReport, trials: StudyTrialReturns[], selected: number, partitions: number, studyName: string): RunReport {
  if (!(selected >= 0 && selected < trials.length)) throw new Error(`selected must index trials (0..${trials.length - 1}); was ${selected}`);
  // common out-of-sample bars: the latest start and the earliest end of the trials (configs may move the windows)
  let from = -Infinity, to = Infinity;
  for (const t of trials) { if (t.ts.length === 0) continue; from = Math.max(from, t.ts[0]); to = Math.min(to, t.ts[t.ts.length - 1]); }
  const cut = trials.map((t) => {
    let a = 0, b = t.ts.length;
    while (a < b && t.ts[a] < from) a++;
    while (b > a && t.ts[b - 1] > to) b--;
    return t.returns.subarray(a, b);
  });
  const n = cut[selected].length;
  if (n < partitions || cut.some((c) => c.length !== n)) throw new UserInputError('study', `trials with the same out-of-sample bars (at least ${partitions})`, `lengths ${[...new Set(cut.map((c) => c.length))].join(', ')}`);
  const order = [selected, ...trials.map((_, i) => i).filter((i) => i !== selected)];
  const family = configurationFamily(order.map((i) => ({ returns: cut[i], info: { label: trials[i].label } })), `${trials.length} trials of study ${studyName}, walk-forward out-of-sample returns`);
  const overfitting = overfittingSection(family, cut[selected], partitions);
  const h = { ...report.headline, dsr: overfitting.dsr, pbo: overfitting.pbo };
  const g = report.config.evaluation.gates;
  const named = report.baselines?.find((b) => b.name === g.baseline);
  const gates = evaluateGates({
    strategy: { sharpe: h.sharpe, maxDrawdown: h.maxDrawdown, trades: h.trades },
    baseline: { name: named?.label ?? g.baseline, sharpe: named?.sharpe ?? null, maxDrawdown: named?.maxDrawdown ?? null },
    inSampleSharpe: report.protocol?.isSharpe ?? null, outOfSampleSharpe: report.protocol?.oosSharpe ?? null,
    naiveSharpe: report.realism?.naive.sharpe ?? null, realisticSharpe: h.sharpe, dsr: h.dsr, pbo: h.pbo,
  }, { sharpeImprovement: g.sharpe_improvement, drawdownReduction: g.drawdown_reduction, isOosTolerance: g.is_oos_tolerance, inflationReduction: g.inflation_reduction, dsr: g.dsr, pbo: g.pbo, minTrades: g.min_trades });
  const verdict = verdictFromGates(gates, report.costs ?? { applied: [], missing: [] }, h);
  return {
    ...report, headline: h, overfitting, verdict,
    warnings: [`selected as the best of ${trials.length} trials of study ${studyName}: PBO and DSR count every trial (N = ${trials.length})`, ...report.warnings],
  };
}
