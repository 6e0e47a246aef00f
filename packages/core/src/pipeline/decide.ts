/**
 * decide(...) – the run's evaluation after the backtests: which cost components were applied, the plan's
 * gates (gates.ts) → the verdict, the naive-vs-realistic figures and the protocol description. Adds the
 * warnings a PM must see (costs not applied, a strategy halted most of the time).
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BaselineReport, CostsSection, HeadlineMetrics, Num, ProtocolSection, RealismSection, Verdict } from '../reports/types.ts';
import type { ClassificationMetrics } from './classificationMetrics.ts';
import type { CvOutcome } from './crossValidate.ts';
import { appliedCostComponents } from './dataRequirements.ts';
import type { AvailableData } from './dataRequirements.ts';
import { evaluateGates } from './gates.ts';
import type { PolicyOutcome } from './policyWalkForward.ts';
import type { StrategyBacktests } from './backtests.ts';
import { inflationFigures } from './backtests.ts';
import { verdictFromGates } from './verdict.ts';
import type { WalkForwardOutcome } from './walkForward.ts';
import { num } from './numbers.ts';

export interface DecideInput {
  config: ExperimentConfig;
  headline: HeadlineMetrics;
  baselines: BaselineReport[];
  main: StrategyBacktests;
  cv: CvOutcome;
  wf: WalkForwardOutcome;
  po: PolicyOutcome | null;
  policyDescription: string | null;
  available: AvailableData;
  periodsPerYear: number;
  barTs: Float64Array;
  firstBar: number;
  oos: ClassificationMetrics;
  /** Appended to (the run's warnings). */
  warnings: string[];
}

export function decide(input: DecideInput): { costs: CostsSection; verdict: Verdict; realism: RealismSection; protocol: ProtocolSection } {
  const { config, headline, baselines, main, cv, wf, po, policyDescription, available, periodsPerYear, barTs, firstBar, oos, warnings } = input;
  const halted = main.bt.metrics.haltedBars;
  const costs = appliedCostComponents(config, available);
  if (costs.missing.length) warnings.unshift(`costs not applied: ${costs.missing.map((m) => `${m.component} (${m.reason})`).join('; ')}`);
  const g = config.evaluation.gates;
  const named = baselines.find((b) => b.name === g.baseline)!;
  const meanOf = (v: (number | null)[]) => { const f = v.filter((x): x is number => x !== null); return f.length ? f.reduce((a, b) => a + b, 0) / f.length : null; };
  // gate 3 on the scoring folds: every bar is out of sample once and in sample K − 1 times, so IS and OOS cover the same market
  const annual = (x: Num | undefined) => (x === null || x === undefined ? null : x * Math.sqrt(periodsPerYear));
  // (a policy has no scoring folds: its own walk-forward windows, IS on each window's training bars)
  const isSharpe = po ? meanOf(po.reports.map((r) => r.isSharpe)) : meanOf(cv.folds.map((f) => annual(f.isSharpe)));
  const oosSharpe = po ? meanOf(po.reports.map((r) => r.oosSharpe)) : meanOf(cv.folds.map((f) => annual(f.oosSharpe)));
  const gates = evaluateGates({
    strategy: { sharpe: headline.sharpe, maxDrawdown: headline.maxDrawdown, trades: headline.trades },
    baseline: { name: named.label, sharpe: named.sharpe, maxDrawdown: named.maxDrawdown },
    inSampleSharpe: isSharpe, outOfSampleSharpe: oosSharpe,
    naiveSharpe: num(main.naive.summary.annualizedSharpe), realisticSharpe: headline.sharpe,
    dsr: headline.dsr, pbo: headline.pbo,
  }, {
    sharpeImprovement: g.sharpe_improvement, drawdownReduction: g.drawdown_reduction, isOosTolerance: g.is_oos_tolerance, inflationReduction: g.inflation_reduction,
    dsr: g.dsr, pbo: g.pbo, minTrades: g.min_trades,
  });
  const verdict = verdictFromGates(gates, costs, headline);
  const nf = main.naive.summary.annualizedSharpe;
  const realism: RealismSection = {
    naive: inflationFigures(main.naive.summary), frictionless: inflationFigures(main.frictionless.summary), noHalts: inflationFigures(main.noHalts.summary),
    realistic: inflationFigures(main.span.summary),
    inflationReduction: num(Number.isFinite(nf) && nf !== 0 ? (nf - main.span.summary.annualizedSharpe) / Math.abs(nf) : Number.NaN),
    haltedBars: halted ?? null,
  };
  if (headline.haltedShare !== null && headline.haltedShare !== undefined && headline.haltedShare > 0.25) {
    warnings.unshift(`risk halts blocked new entries on ${(headline.haltedShare * 100).toFixed(1)} % of the out-of-sample bars`);
  }
  const protocol: ProtocolSection = {
    equity: 'walk_forward', window: config.evaluation.backtest.window,
    scoring: `${config.evaluation.method} (Folds table: model scoring and diagnostics only; no number in the headline comes from it)`,
    flatBars: firstBar, firstTestTs: barTs[firstBar], embargoBars: wf.embargoBars,
    sizing: policyDescription ?? (config.risk.sizing.kind === 'bet_size' ? `AFML bet size from the calibrated probability, averaged over active bets, step ${config.risk.sizing.step}, × max_position_pct ${config.risk.max_position_pct}` : `fractional Kelly (cap ${config.risk.kelly_fraction_cap}) with p and b of the traded bet on each window's calibration tail`),
    calibration: config.models.calibration === 'platt' ? `Platt scaling on the last ${(config.models.calibration_pct * 100).toFixed(0)} % of each window's training rows (purged)` : 'none',
    sampleWeights: config.models.sample_weights === 'uniqueness' ? 'average label uniqueness (AFML ch. 4)' : 'none',
    windows: wf.reports, oosAuc: num(oos.auc), oosAccuracy: num(oos.accuracy), isSharpe, oosSharpe,
    notes: [`the strategy is flat on the first ${firstBar} bars (before its first fit)`, ...wf.notes],
  };

  return { costs, verdict, realism, protocol };
}
