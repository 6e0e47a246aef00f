import type { ExperimentConfig } from '../config/schema.ts';
import { probabilisticSharpeRatio, sharpeStats } from '../eval/stats/index.ts';
import type { AblationLift, Num, VariantRow, VariantsSection } from '../reports/types.ts';
import type { VariantOutcome, VariantSpec } from './variants.ts';
import { evaluationKey } from './variants.ts';
import { num } from './numbers.ts';

/** PSR of the lift above which an ablation step is said to show lift (the verdict's PSR/DSR bar). */
export const LIFT_PSR = 0.95;

const f3 = (x: Num) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);

/**
 * variantsSection(config, specs, outcomes, base, {periodsPerYear, dsr, nTrials}) – the report's
 * variants table and ablation lifts. Rows: the base config first (or marked on the variant equal to
 * it), then each variant in order. Lift of ablation set i over set i − 1 (as listed): Sharpe
 * difference per bar and annualised, and PSR(0) of the per-bar difference series r_i − r_{i−1}
 * (P[the true lift > 0]; not deflated, so the statement also quotes the run's DSR and trial count).
 */
export function variantsSection(config: ExperimentConfig, specs: VariantSpec[], outcomes: VariantOutcome[], base: VariantOutcome,
  opts: { periodsPerYear: number; dsr: Num; nTrials: number | null; firstVariantId?: number }): VariantsSection {
  const ann = (x: Num) => (x === null ? null : x * Math.sqrt(opts.periodsPerYear));
  const baseKey = evaluationKey(config);
  const row = (o: VariantOutcome, r: Omit<VariantRow, 'features' | 'samples' | 'oosAccuracy' | 'oosAuc' | 'sharpe' | 'sharpeAnnualized' | 'trades' | 'isBest'>): VariantRow => ({
    ...r, features: o.features, samples: o.samples, oosAccuracy: o.oosAccuracy, oosAuc: o.oosAuc, sharpe: o.sharpe, sharpeAnnualized: num(ann(o.sharpe) ?? Number.NaN), trades: o.trades, isBest: false,
  });
  // CSCV ids: the base configuration's decision thresholds come first, variants after them
  const firstId = config.evaluation.cscv_enabled ? (opts.firstVariantId ?? (opts.nTrials ?? specs.length) - specs.length) : null;
  const rows: VariantRow[] = specs.map((sp, i) => row(outcomes[i], {
    id: firstId === null ? null : firstId + i, name: sp.name, kind: sp.kind, differs: sp.differs, isBase: evaluationKey(sp.config) === baseKey,
  }));
  if (!rows.some((r) => r.isBase)) rows.unshift(row(base, { id: null, name: 'base', kind: 'base', differs: '', isBase: true }));
  let best = -1;
  rows.forEach((r, i) => { if (r.sharpe !== null && (best < 0 || r.sharpe > rows[best].sharpe!)) best = i; });
  if (best >= 0) rows[best].isBest = true;

  const lift: AblationLift[] = [];
  const abl = specs.map((sp, i) => ({ sp, o: outcomes[i] })).filter((x) => x.sp.kind === 'ablation');
  for (let i = 1; i < abl.length; i++) {
    const a = abl[i - 1], b = abl[i];
    const diff = new Float64Array(b.o.returns.length);
    for (let t = 0; t < diff.length; t++) diff[t] = b.o.returns[t] - a.o.returns[t];
    const psr = num(probabilisticSharpeRatio(sharpeStats(diff), 0));
    const d = a.o.sharpe !== null && b.o.sharpe !== null ? b.o.sharpe - a.o.sharpe : null;
    const prev = new Set(tokens(a.sp.name));
    const added = tokens(b.sp.name).filter((t) => !prev.has(t)).join('+') || '(no new tokens)';
    const shows = psr !== null && psr >= LIFT_PSR && d !== null && d > 0 && b.o.sharpe !== null && b.o.sharpe > 0;
    // never call a step between two losing sets "lift": the richer set must make money out of sample
    const losing = b.o.sharpe !== null && b.o.sharpe <= 0;
    const dsrNote = opts.dsr === null ? 'no DSR (CSCV off or undefined)' : `the run's DSR is ${opts.dsr.toFixed(3)} over ${opts.nTrials} trials`;
    lift.push({
      from: a.sp.name, to: b.sp.name, added, sharpeDiff: d, sharpeDiffAnnualized: num(ann(d) ?? Number.NaN), psrOfDifference: psr,
      statement: `${added}: walk-forward out-of-sample Sharpe ${f3(d)} per bar (${f3(ann(d))} annualised) vs ${a.sp.name}; PSR of the difference ${psr === null ? 'n/a' : psr.toFixed(3)} `
        + `${shows ? `≥ ${LIFT_PSR}: shows lift` : losing ? `; ${b.sp.name} itself loses out of sample (Sharpe ${f3(ann(b.o.sharpe))} annualised): no lift, keep it off` : `< ${LIFT_PSR}: no significant lift, keep it off`} (not deflated; ${dsrNote}).`,
    });
  }
  const kinds = [...new Set(specs.map((s) => s.kind))];
  const explored = kinds.map((k) => (k === 'ablation'
    ? `ablation of ${specs.filter((s) => s.kind === 'ablation').length} feature sets`
    : `hpo ${config.hpo.sampler.kind} search (${specs.filter((s) => s.kind === 'hpo').length} points over ${Object.keys(config.hpo.space).join(', ')}, seed ${config.hpo.seed})`)).join(' + ');
  return {
    explored,
    note: 'The backtest, headline metrics and verdict use the base config. Each variant goes through the same walk-forward protocol on the same bars; '
      + 'its out-of-sample signal returns (costed at taker fee + small-size slippage) join the PBO family and the DSR trial count.',
    rows, lift,
  };
}

function tokens(spec: string): string[] {
  return spec.split(/[,+]/).map((s) => s.trim()).filter(Boolean);
}
