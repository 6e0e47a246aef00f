/** Builders of the report's run-level parts from the stage outputs (see runExperiment). */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BacktestResult } from '../backtest/index.ts';
import type { FeaturesSection, InflationFiguresReport, MetaSection, ModelSection, Num } from '../reports/types.ts';
import type { SampleSet } from './buildSamples.ts';
import type { Decisions, WalkForwardOutcome } from './walkForward.ts';
import type { PolicyOutcome } from './policyWalkForward.ts';
import type { ArtifactColumns, PipelineInputs } from './types.ts';
import type { AvailableData } from './dataRequirements.ts';
import { num } from './numbers.ts';

export function relativeFigures(f: InflationFiguresReport, c: InflationFiguresReport): InflationFiguresReport {
  const rel = (a: Num, b: Num) => (a === null || b === null || a === 0 ? null : (a - b) / Math.abs(a));
  return { sharpe: rel(f.sharpe, c.sharpe), totalReturn: rel(f.totalReturn, c.totalReturn), maxDrawdown: rel(f.maxDrawdown, c.maxDrawdown) };
}

/** What the data holds per symbol, for the cost and data-requirement checks. */
export function availableSeries(data: PipelineInputs, symbols: string[]): AvailableData {
  return {
    source: data.source,
    series: Object.fromEntries(symbols.map((s) => [s, { funding: !!data.funding?.[s], book: !!data.snapshots?.[s], bookEvents: !!data.events?.[s], openInterest: !!data.openInterest?.[s] }])),
    sentiment: !!data.sentiment,
  };
}

/**
 * metaLabellingSection(wf, d, config) – AFML 3.6 on the out-of-sample bets: every sample with a
 * non-zero primary side is a bet; positive = its side-adjusted label return > 0. Primary alone takes
 * every bet (recall 1); with the meta-model a bet is taken when its calibrated P(right) > θ.
 */
export function metaLabellingSection(wf: WalkForwardOutcome, d: Decisions, config: ExperimentConfig): MetaSection {
  let bets = 0, positives = 0, taken = 0, tp = 0;
  for (let i = 0; i < wf.score.length; i++) {
    if (wf.testedBy[i] < 0 || wf.primarySide[i] === 0) continue;
    bets++;
    const pos = wf.target[i] === 1;
    if (pos) positives++;
    if (d.side[i] !== 0) { taken++; if (pos) tp++; }
  }
  const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : Number.NaN);
  const p0 = bets ? positives / bets : Number.NaN, p1 = taken ? tp / taken : Number.NaN, r1 = positives ? tp / positives : Number.NaN;
  return {
    primary: config.models.meta.primary === 'ma_rule' ? `MA(${config.models.meta.ma_window}) rule side` : 'primary model side',
    bets, taken,
    primaryAlone: { precision: num(p0), recall: num(bets ? 1 : Number.NaN), f1: num(f1(p0, 1)) },
    withMeta: { precision: num(p1), recall: num(r1), f1: num(f1(p1, r1)) },
  };
}

export function trialVariance(sharpes: (number | null)[]): number | null {
  const v = sharpes.filter((x): x is number => x !== null);
  if (v.length < 2) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
}

export function artifactTables(bt: BacktestResult, samples: SampleSet, wf: WalkForwardOutcome, d: Decisions, oos?: { ts: Float64Array; returns: Float64Array }): Record<string, ArtifactColumns> {
  const equity: ArtifactColumns = { ts: bt.equity.ts, equity: bt.equity.equity, cash: bt.equity.cash };
  for (const [s, pos] of Object.entries(bt.equity.positions)) equity[`position_${s}`] = pos;
  const tr = bt.trades;
  const f = (g: (t: (typeof tr)[number]) => number) => Float64Array.from(tr, g);
  const trades: ArtifactColumns = {
    id: Int32Array.from(tr, (t) => t.id), symbol: tr.map((t) => t.symbol), side: Int8Array.from(tr, (t) => t.side),
    entry_ts: f((t) => t.entryTs), entry_price: f((t) => t.entryPrice), exit_ts: f((t) => t.exitTs), exit_price: f((t) => t.exitPrice),
    size: f((t) => t.size), fees: f((t) => t.fees), slippage: f((t) => t.slippage), funding: f((t) => t.funding), pnl: f((t) => t.pnl),
    exit_reason: tr.map((t) => t.exitReason),
  };
  const predictions: ArtifactColumns = {
    t0: samples.t0, t1: samples.t1, symbol: Array.from(samples.symbol, (s) => samples.symbols[s]), y: Int8Array.from(samples.y), ret: samples.ret,
    prob: wf.score, fold: wf.testedBy, side: d.side,
  };
  // the selected configuration's out-of-sample unit-size costed signal returns (the DSR / CSCV column), for study-level overfitting
  return { equity, trades, predictions, ...(oos ? { oos_returns: { ts: oos.ts, r: oos.returns } } : {}) };
}

/** A policy run's walk-forward outcome in the supervised shape (no per-sample scores: every sample untested). */
export function policyOutcomeAsWalkForward(samples: SampleSet, po: PolicyOutcome): WalkForwardOutcome {
  return {
    windows: [], reports: po.reports, firstBar: po.firstBar, embargoBars: po.embargoBars,
    score: new Float64Array(samples.n).fill(Number.NaN), primarySide: new Int8Array(samples.n), testedBy: new Int32Array(samples.n).fill(-1),
    kellySize: new Float64Array(0), target: samples.y, coef: [], importance: [], mda: [], history: [], notes: [],
  };
}

function tierOf(name: string): FeaturesSection['tiers'][number]['tier'] {
  if (/^(ret_|atr_|zscore_|mom_)/.test(name)) return 'price';
  if (name === 'funding_rate_delta' || name === 'oi_delta' || name === 'sentiment') return 'derivatives';
  return 'microstructure';
}

/** featuresSection(config, samples, coefs) – names, tiers, warm-up drops and the mean ± sd of each standardised coefficient across fits. */
export function featuresSection(config: ExperimentConfig, samples: SampleSet, coefs: Float64Array[]): FeaturesSection {
  return {
    names: samples.names,
    tiers: (['price', 'microstructure', 'derivatives'] as const).map((tier) => ({ tier, enabled: config.features[tier].enabled, features: samples.names.filter((n) => tierOf(n) === tier) })),
    rowsDropped: samples.rowsDropped,
    coefficients: samples.names.map((name, j) => {
      const c = coefs.map((m) => m[j]);
      const mean = c.reduce((a, b) => a + b, 0) / Math.max(1, c.length);
      const sd = c.length > 1 ? Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / (c.length - 1)) : Number.NaN;
      return { name, mean: num(mean), std: num(sd) };
    }),
  };
}

/** modelSection(kind, wf, names) – training curves per window and the mean of the windows' own importances (each normalised to sum 1). */
export function modelSection(kind: string, wf: WalkForwardOutcome, names: string[]): ModelSection {
  let importance: ModelSection['importance'] = null;
  if (wf.importance.length) {
    const mean = new Float64Array(names.length);
    for (const imp of wf.importance) {
      let tot = 0;
      for (let j = 0; j < imp.length; j++) tot += imp[j];
      for (let j = 0; j < imp.length; j++) mean[j] += (tot > 0 ? imp[j] / tot : 0) / wf.importance.length;
    }
    importance = names.map((name, j) => ({ name, value: num(mean[j]) }));
  }
  return {
    kind,
    curves: wf.history.map((h) => ({ window: h.window, points: h.points.map((p) => ({ iteration: p.iteration, trainLoss: p.trainLoss, validLoss: num(p.validLoss ?? Number.NaN), trainAuc: num(p.trainAuc ?? Number.NaN), validAuc: num(p.validAuc ?? Number.NaN) })) })),
    importance,
    permutation: wf.mda.length ? names.map((name, j) => {
      const v = wf.mda.map((m) => m[j]).filter(Number.isFinite);
      const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN;
      const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : Number.NaN;
      return { name, mean: num(mean), std: num(sd) };
    }) : null,
  };
}
