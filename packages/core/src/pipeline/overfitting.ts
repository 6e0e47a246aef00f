import type { BarSeries } from '../data/types.ts';
import { cscvPbo } from '../eval/pbo/index.ts';
import { sharpeRatio } from '../eval/stats/index.ts';
import { predictLogistic } from '../models/index.ts';
import type { LogisticModel } from '../models/index.ts';
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
 * variantFamily(samples, models, thresholds, bars, costPerTurn, check) – the family of strategy
 * variants the run explored: every fold's model (fitted on that fold's training rows) × every
 * decision threshold, each turned into per-bar signal returns over the whole period (signalReturns:
 * next-open execution, a cost per unit of turnover). Column order: fold-major, then threshold.
 * Note: a fold model's series covers its own training period too; CSCV then asks whether picking the
 * in-sample best of these variants holds up out of sample.
 */
export function variantFamily(samples: SampleSet, models: LogisticModel[], thresholds: number[], bars: Record<string, BarSeries>, costPerTurn: number, check: (where: string) => void): VariantFamily {
  const T = bars[samples.symbols[0]].ts.length;
  const N = models.length * thresholds.length;
  const matrix = new Float64Array(T * N);
  const all = new Int32Array(samples.n);
  for (let i = 0; i < samples.n; i++) all[i] = i;
  const variants: VariantInfo[] = [];
  let j = 0;
  for (let k = 0; k < models.length; k++) {
    check(`variant family (fold ${k + 1})`);
    const p = predictLogistic(models[k], samples.X, all);
    for (const th of thresholds) {
      const { returns: r } = strategyReturns(samples, p, th, bars, costPerTurn);
      for (let t = 0; t < T; t++) matrix[t * N + j] = r[t];
      variants.push({ id: j, label: `fold ${k + 1} model, p > ${th}`, fold: k, threshold: th, sharpe: num(sharpeRatio(r)) });
      j++;
    }
  }
  return { matrix, T, N, variants, family: `${models.length} fold models × ${thresholds.length} decision threshold${thresholds.length > 1 ? 's' : ''}` };
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

/**
 * appendVariants(family, columns) – a new family with extra CSCV columns (each a per-bar return
 * series over the same T bars), numbered after the existing ones; `family` text gets `extra`.
 */
export function appendVariants(family: VariantFamily, columns: { returns: Float64Array; info: Omit<VariantInfo, 'id'> }[], extra: string): VariantFamily {
  if (columns.length === 0) return family;
  const T = family.T, N0 = family.N, N = N0 + columns.length;
  const matrix = new Float64Array(T * N);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N0; j++) matrix[t * N + j] = family.matrix[t * N0 + j];
    for (let c = 0; c < columns.length; c++) matrix[t * N + N0 + c] = columns[c].returns[t];
  }
  return { matrix, T, N, variants: [...family.variants, ...columns.map((c, i) => ({ id: N0 + i, ...c.info }))], family: `${family.family} + ${extra}` };
}

/** pboSection(family, partitions) – CSCV over the family; null pieces when the matrix is too short for the partitions. */
export function pboSection(family: VariantFamily, partitions: number): Omit<OverfittingSection, 'psr' | 'dsr' | 'sharpeBenchmark' | 'trialSharpeVariance'> {
  const r = cscvPbo(family.matrix, family.T, family.N, { partitions });
  return {
    pbo: num(r.pbo),
    probOosLoss: num(r.probOosLoss),
    logits: Array.from(r.logits, (x) => (Number.isFinite(x) ? x : x > 0 ? 1e9 : -1e9)),
    logitStats: { mean: num(r.logit.mean), std: num(r.logit.std), q05: num(r.logit.q05), q25: num(r.logit.q25), q50: num(r.logit.median), q75: num(r.logit.q75), q95: num(r.logit.q95) },
    degradation: { ...finitePairs(r.isSharpe, r.oosSharpe), slope: num(r.degradation.slope), intercept: num(r.degradation.intercept), r: num(r.degradation.r) },
    combinations: r.nCombinations,
    partitions: r.partitions,
    periods: r.rowsUsed,
    nTrials: family.N,
    family: family.family,
    variants: family.variants,
  };
}

/** IS/OOS Sharpe pairs with both values finite (a variant with zero variance has no Sharpe). */
function finitePairs(a: Float64Array, b: Float64Array): { is: number[]; oos: number[] } {
  const is: number[] = [], oos: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) { is.push(a[i]); oos.push(b[i]); }
  return { is, oos };
}
