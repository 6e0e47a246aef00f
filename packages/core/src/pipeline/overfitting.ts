import type { BarSeries } from '../data/types.ts';
import { cscvPbo } from '../eval/pbo/index.ts';
import { deflatedSharpeRatio, probabilisticSharpeRatio, sharpeRatio, sharpeStats } from '../eval/stats/index.ts';
import { trialVariance } from './reportParts.ts';
import type { OverfittingSection, VariantInfo } from '../reports/types.ts';
import type { SampleSet } from './buildSamples.ts';
import { barSignals, signalReturns } from './signals.ts';
import { num } from './numbers.ts';

export interface VariantFamily {
  /** Row-major T × N per-bar returns. */
  matrix: Float64Array;
  T: number;
  N: number;
  variants: VariantInfo[];
  family: string;
}

/**
 * configurationFamily(columns, family) – the CSCV matrix of the configurations a run tried: each column
 * is one configuration's causal out-of-sample per-bar return series (walk-forward predictions turned
 * into the unit-size costed signal, signalReturns), all over the same out-of-sample rows.
 */
export function configurationFamily(columns: { returns: Float64Array; info: Omit<VariantInfo, 'id' | 'sharpe'> }[], family: string): VariantFamily {
  const N = columns.length, T = N ? columns[0].returns.length : 0;
  const matrix = new Float64Array(T * N);
  for (let j = 0; j < N; j++) { const r = columns[j].returns; for (let t = 0; t < T; t++) matrix[t * N + j] = r[t]; }
  return { matrix, T, N, variants: columns.map((c, id) => ({ id, ...c.info, sharpe: num(sharpeRatio(c.returns)) })), family };
}

/**
 * strategyReturns(samples, probs, threshold, bars, costPerTurn) – one variant's per-bar strategy
 * returns: sides from the probabilities (barSignals) turned into quick costed signal returns
 * (signalReturns). `trades` counts position entries and flips (side ≠ 0 and ≠ the previous bar's
 * side), summed over symbols. The single construction behind every CSCV column (fold models and
 * ablation / HPO variants alike).
 */
export function strategyReturns(samples: SampleSet, probs: Float64Array, threshold: number, bars: Record<string, BarSeries>, costPerTurn: number): { returns: Float64Array; trades: number } {
  const sig = barSignals(samples, probs, threshold, bars);
  let trades = 0;
  const sides: Record<string, Int8Array> = {};
  for (const [s, v] of Object.entries(sig)) {
    sides[s] = v.side;
    for (let t = 0; t < v.side.length; t++) if (v.side[t] !== 0 && v.side[t] !== (t > 0 ? v.side[t - 1] : 0)) trades++;
  }
  return { returns: signalReturns(bars, sides, costPerTurn), trades };
}

/** pboSection(family, partitions) – CSCV over the family; null pieces when the matrix is too short for the partitions. */
export function pboSection(family: VariantFamily, partitions: number): Omit<OverfittingSection, 'psr' | 'dsr' | 'sharpeBenchmark' | 'trialSharpeVariance'> {
  const r = cscvPbo(family.matrix, family.T, family.N, { partitions });
  const positive = family.variants.filter((v) => v.sharpe !== null && v.sharpe > 0).length;
  return {
    pbo: num(r.pbo),
    probOosLoss: num(r.probOosLoss),
    // combinations with no IS-best configuration (undefinedIs) have a NaN logit and are left out
    logits: Array.from(r.logits).filter((x) => !Number.isNaN(x)).map((x) => (Number.isFinite(x) ? x : x > 0 ? 1e9 : -1e9)),
    logitStats: { mean: num(r.logit.mean), std: num(r.logit.std), q05: num(r.logit.q05), q25: num(r.logit.q25), q50: num(r.logit.median), q75: num(r.logit.q75), q95: num(r.logit.q95) },
    degradation: { ...finitePairs(r.isSharpe, r.oosSharpe), slope: num(r.degradation.slope), intercept: num(r.degradation.intercept), r: num(r.degradation.r) },
    combinations: r.nCombinations,
    partitions: r.partitions,
    periods: r.rowsUsed,
    nTrials: family.N,
    family: family.family,
    variants: family.variants,
    undefinedOos: r.undefinedOos,
    positiveShare: num(positive / Math.max(1, family.N)),
    interpretation: interpretPbo(num(r.pbo), num(r.probOosLoss), positive, family.N, r.undefinedOos, r.nCombinations),
  };
}

/**
 * interpretPbo(pbo, pOosLoss, positive, N, undefinedOos, combos) – plain words that never praise a
 * family that loses: a low PBO only says the in-sample ranking persists; whether the chosen variant
 * makes money out of sample is P(OOS loss), and how many variants have a positive Sharpe at all.
 */
export function interpretPbo(pbo: number | null, pOosLoss: number | null, positive: number, N: number, undefinedOos: number, combos: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const parts: string[] = [];
  if (pbo === null) parts.push('PBO could not be computed.');
  else if (pbo > 0.5) parts.push(`PBO ${pct(pbo)}: the in-sample best configuration usually ranks below the median out of sample (selection is overfit).`);
  else parts.push(`PBO ${pct(pbo)}: the in-sample ranking of the configurations tends to persist out of sample.`);
  if (pOosLoss !== null) {
    if (pOosLoss >= 0.5 && pbo !== null && pbo <= 0.5) parts.push(`But the selected configuration loses out of sample in ${pct(pOosLoss)} of the combinations: the ranking persists among losers.`);
    else parts.push(`The selected configuration loses out of sample in ${pct(pOosLoss)} of the combinations.`);
  }
  if (undefinedOos > 0) parts.push(`${undefinedOos} of ${combos} combinations have no defined out-of-sample Sharpe (no position) and are left out of P(OOS loss).`);
  parts.push(positive === 0 ? `None of the ${N} configurations has a positive out-of-sample Sharpe.` : `${positive} of ${N} configurations have a positive out-of-sample Sharpe.`);
  return parts.join(' ');
}

/** IS/OOS Sharpe pairs with both values finite (a variant with zero variance has no Sharpe). */
function finitePairs(a: Float64Array, b: Float64Array): { is: number[]; oos: number[] } {
  const is: number[] = [], oos: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) { is.push(a[i]); oos.push(b[i]); }
  return { is, oos };
}

/**
 * overfittingSection(family, selected, partitions) – CSCV over the family (≥ 2 configurations) and the
 * DSR of the selected configuration's returns `selected` (the same return definition as the family)
 * with N = the family size and V[SRₙ] = the sample variance of the columns' per-bar Sharpes. With one
 * configuration nothing was selected, so nothing is deflated: DSR = PSR(0), SR₀ = 0.
 */
export function overfittingSection(family: VariantFamily, selected: Float64Array, partitions: number): OverfittingSection {
  const pbo = family.N >= 2 ? pboSection(family, partitions) : null;
  const variance = trialVariance(family.variants.map((v) => v.sharpe));
  const stats = sharpeStats(selected);
  const deflated = family.N === 1 ? { dsr: probabilisticSharpeRatio(stats, 0), sr0: 0 }
    : variance !== null ? deflatedSharpeRatio(stats, { nTrials: family.N, variance }) : null;
  const base = pbo ?? {
    pbo: null, probOosLoss: null, logits: [], logitStats: { mean: null, std: null, q05: null, q25: null, q50: null, q75: null, q95: null },
    degradation: { is: [], oos: [], slope: null, intercept: null, r: null }, combinations: 0, partitions, periods: family.T,
    nTrials: family.N, family: family.family, variants: family.variants, interpretation: 'PBO needs at least two configurations.',
  };
  return { ...base, psr: num(probabilisticSharpeRatio(stats, 0)), dsr: num(deflated?.dsr), sharpeBenchmark: num(deflated?.sr0), trialSharpeVariance: variance };
}
