/**
 * Pruners on intermediate values (Optuna's semantics): median (percentile 50 of the complete trials'
 * values at the same step, after n_startup_trials complete trials and n_warmup_steps), successive
 * halving (asynchronous: a trial reaching rung r's step must be in the top 1/η of the values every
 * trial reported at that rung) and Hyperband (several successive-halving brackets, a trial assigned to
 * one by a hash of its number, competing only inside its bracket).
 */
import type { Direction, PrunerConfig, TrialRecord } from './types.ts';

export interface PruneContext {
  trial: TrialRecord;
  /** Every trial of the study (the one asking included). */
  trials: readonly TrialRecord[];
  direction: Direction;
  studyName: string;
}

export interface Pruner {
  readonly kind: PrunerConfig['kind'];
  shouldPrune(ctx: PruneContext): boolean;
}

const last = (t: TrialRecord) => t.intermediate[t.intermediate.length - 1];
const valueAt = (t: TrialRecord, step: number) => t.intermediate.find((p) => p.step === step)?.value;

/** percentile(sorted, q) – linear interpolation (numpy's default), q in [0, 100]. */
function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = ((s.length - 1) * q) / 100, lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

export interface MedianPrunerOptions {
  /** Complete trials before pruning starts. @default 5 */
  nStartupTrials: number;
  /** Steps of a trial before it may be pruned. @default 0 */
  nWarmupSteps: number;
  /** Check every this many steps (after the warm-up). @default 1 */
  intervalSteps: number;
  /** Complete trials that must have reported the step. @default 1 */
  nMinTrials: number;
}

export function createMedianPruner(options: Partial<MedianPrunerOptions> = {}): Pruner {
  const o: MedianPrunerOptions = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1, ...options };
  return {
    kind: 'median',
    shouldPrune({ trial, trials, direction }) {
      const cur = last(trial);
      if (!cur) return false;
      const complete = trials.filter((t) => t.state === 'complete');
      if (complete.length < o.nStartupTrials) return false;
      if (cur.step < o.nWarmupSteps) return false;
      if ((cur.step - o.nWarmupSteps) % o.intervalSteps !== 0) return false;
      const mine = trial.intermediate.map((p) => p.value).filter((v) => !Number.isNaN(v));
      if (mine.length === 0) return true;
      const best = direction === 'minimize' ? Math.min(...mine) : Math.max(...mine);
      const others = complete.map((t) => valueAt(t, cur.step)).filter((v): v is number => v !== undefined && !Number.isNaN(v));
      if (others.length < o.nMinTrials) return false;
      const p = percentile(others, 50);
      return direction === 'minimize' ? best > p : best < p;
    },
  };
}

/** The rung values of a trial: its value at the first reported step ≥ each rung's promotion step. */
function rungValue(t: TrialRecord, promotionStep: number): number | undefined {
  return t.intermediate.find((p) => p.step >= promotionStep)?.value;
}

/** Optuna's _is_trial_promotable_to_next_rung: in the top ⌊n/η⌋ (at least the best one). */
function promotable(value: number, competing: number[], eta: number, direction: Direction): boolean {
  let idx = Math.floor(competing.length / eta) - 1;
  if (idx < 0) idx = 0;
  const s = [...competing].sort((a, b) => (direction === 'minimize' ? a - b : b - a));
  if (Number.isNaN(value)) return false;
  return direction === 'minimize' ? value <= s[idx] : value >= s[idx];
}

/**
 * successiveHalvingPrune(trial, competitors, …) – with rungs at minResource·η^(s + r): the trial is pruned
 * at the first rung it reached where it is not promotable among the competitors' values at that rung.
 */
export function successiveHalvingPrune(trial: TrialRecord, competitors: readonly TrialRecord[], minResource: number, eta: number, minEarlyStoppingRate: number, direction: Direction): boolean {
  const cur = last(trial);
  if (!cur) return false;
  for (let r = 0; ; r++) {
    const step = minResource * eta ** (minEarlyStoppingRate + r);
    if (cur.step < step) return false;
    const v = rungValue(trial, step)!;
    // only rungs reached at the latest report are decided now (earlier rungs were decided then)
    const decidedEarlier = trial.intermediate.length > 1 && trial.intermediate[trial.intermediate.length - 2].step >= step;
    if (decidedEarlier) continue;
    const values = competitors.map((t) => (t.number === trial.number ? v : t.state === 'failed' ? undefined : rungValue(t, step))).filter((x): x is number => x !== undefined);
    if (!values.includes(v)) values.push(v);
    if (!promotable(v, values, eta, direction)) return true;
  }
}

/** minResource 'auto': Optuna's max(n_steps / 100, 1) of the first complete trial; 1 before one exists. */
function autoMinResource(trials: readonly TrialRecord[]): number {
  const done = trials.find((t) => t.state === 'complete' && t.intermediate.length);
  return done ? Math.max(Math.floor((last(done)!.step + 1) / 100), 1) : 1;
}

export function createSuccessiveHalvingPruner(options: { minResource?: number; reductionFactor?: number; minEarlyStoppingRate?: number } = {}): Pruner {
  const eta = options.reductionFactor ?? 4, s = options.minEarlyStoppingRate ?? 0;
  return {
    kind: 'successive_halving',
    shouldPrune: ({ trial, trials, direction }) => successiveHalvingPrune(trial, trials, options.minResource ?? autoMinResource(trials), eta, s, direction),
  };
}

/** FNV-1a of `${study}_${number}` (Optuna uses crc32 of the same string). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}

/** hyperbandBracket(study, number, nBrackets, eta) – the bracket of a trial, weighted by each bracket's budget as in Optuna. */
export function hyperbandBracket(study: string, number: number, nBrackets: number, eta: number): number {
  const budgets = Array.from({ length: nBrackets }, (_, i) => Math.ceil((nBrackets * eta ** (nBrackets - 1 - i)) / (nBrackets - i)));
  const total = budgets.reduce((a, b) => a + b, 0);
  let n = hash(`${study}_${number}`) % total;
  for (let i = 0; i < nBrackets; i++) { if (n < budgets[i]) return i; n -= budgets[i]; }
  return nBrackets - 1;
}

export function createHyperbandPruner(options: { minResource?: number; maxResource?: number; reductionFactor?: number } = {}): Pruner {
  const eta = options.reductionFactor ?? 3;
  return {
    kind: 'hyperband',
    shouldPrune({ trial, trials, direction, studyName }) {
      const minR = options.minResource ?? 1;
      const maxR = options.maxResource ?? Math.max(0, ...trials.filter((t) => t.state === 'complete' && t.intermediate.length).map((t) => last(t)!.step));
      if (maxR < minR) return false;
      const nBrackets = Math.floor(Math.log(maxR / minR) / Math.log(eta) + 1e-9) + 1;
      const b = hyperbandBracket(studyName, trial.number, nBrackets, eta);
      const mates = trials.filter((t) => hyperbandBracket(studyName, t.number, nBrackets, eta) === b);
      return successiveHalvingPrune(trial, mates, minR, eta, b, direction);
    },
  };
}

export function createPruner(config: PrunerConfig): Pruner | null {
  switch (config.kind) {
    case 'none': return null;
    case 'median': return createMedianPruner(config);
    case 'successive_halving': return createSuccessiveHalvingPruner(config);
    case 'hyperband': return createHyperbandPruner(config);
  }
}
