/**
 * runExperiment(config, inputs, {now, onProgress, signal}) – one experiment end to end, pure (no IO):
 * data → QC → features → triple-barrier labels → purged/embargoed CV of the logistic baseline →
 * backtest with costs and risk (and its costless twin) → metrics → overfitting (CSCV/PBO over the
 * variant family) → RunReport + the large arrays for the artifact files.
 * Progress is streamed with partial results (each CV fold as it finishes; equity points in chunks).
 * The signal is checked between stages and inside the long ones; a cancel throws RunCancelledError.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { configHash } from '../config/load.ts';
import { computeFeatures } from '../features/index.ts';
import type { FeatureMatrix } from '../features/index.ts';
import { tripleBarrierLabels, labelsConfigToOptions, labelQualityReport, cusumEvents } from '../labels/index.ts';
import type { LabelSet, LabelQualityReport } from '../labels/index.ts';
import { runBacktest, backtestInflation } from '../backtest/index.ts';
import type { BacktestInput, BacktestResult, BacktestInflation } from '../backtest/index.ts';
import { estimatePayoffRatio, periodsPerYearFromInterval } from '../risk/index.ts';
import { deflatedSharpeRatio, probabilisticSharpeRatio, sharpeRatio, sharpeStats } from '../eval/stats/index.ts';
import type { FeaturesSection, FoldsSection, VariantsSection, HeadlineMetrics, OverfittingSection, RunProgress, RunReport, StageName, StageStatus, DatasetSection, LabelsSection } from '../reports/types.ts';
import { EQUITY_MAX_POINTS, RUN_REPORT_VERSION } from '../reports/types.ts';
import { lttb } from '../reports/lttb.ts';
import { UserInputError } from '../util/errors.ts';
import { runQc } from '../qc/index.ts';
import { alignInputs } from './alignInputs.ts';
import { BAR_INTERVAL_MS, syntheticInputs } from './syntheticInputs.ts';
import { buildSamples } from './buildSamples.ts';
import type { SampleSet } from './buildSamples.ts';
import { classificationMetrics } from './classificationMetrics.ts';
import { crossValidate } from './crossValidate.ts';
import type { CvOutcome } from './crossValidate.ts';
import { appendVariants, pboSection, strategyReturns, variantFamily } from './overfitting.ts';
import { evaluateVariant, evaluationKey, featureKey, labelKey, variantSpecs } from './variants.ts';
import type { VariantOutcome, VariantSpec } from './variants.ts';
import { variantsSection } from './variantsSection.ts';
import { equitySection, headlineFromBacktest, labelsSection, riskSection, tcaSection } from './sections.ts';
import { barSignals } from './signals.ts';
import type { BarSignal } from './signals.ts';
import { verdict } from './verdict.ts';
import { num } from './numbers.ts';
import { RunCancelledError, isRunCancelledError } from './types.ts';
import type { ArtifactColumns, ExperimentResult, PipelineInputs, RunExperimentOptions } from './types.ts';

/** Share of the progress bar each stage covers (sums to 100). */
const WEIGHTS: Record<StageName, number> = { data: 5, qc: 3, features: 10, labels: 10, cv: 35, backtest: 20, metrics: 5, overfitting: 10, report: 2 };
const START: Record<StageName, number> = (() => {
  let acc = 0;
  const out = {} as Record<StageName, number>;
  for (const s of Object.keys(WEIGHTS) as StageName[]) { out[s] = acc; acc += WEIGHTS[s]; }
  return out;
})();


function tierOf(name: string): FeaturesSection['tiers'][number]['tier'] {
  if (/^(ret_|atr_|zscore_|mom_)/.test(name)) return 'price';
  if (name === 'funding_rate_delta' || name === 'oi_delta' || name === 'sentiment') return 'derivatives';
  return 'microstructure';
}

export async function runExperiment(config: ExperimentConfig, inputs: PipelineInputs | null, opts: RunExperimentOptions): Promise<ExperimentResult> {
  const runId = opts.runId ?? config.name;
  const now = opts.now;
  const startedAt = now();
  const stages: StageStatus[] = [];
  const warnings: string[] = [];
  const emit = (e: Omit<RunProgress, 'runId'>) => opts.onProgress?.({ runId, ...e });
  const check = (where: string) => { if (opts.signal?.aborted) throw new RunCancelledError(where); };
  const tick = async () => { if (opts.yieldToHost) await opts.yieldToHost(); };
  const within = (stage: StageName, frac: number) => Math.round((START[stage] + WEIGHTS[stage] * Math.min(1, Math.max(0, frac))) * 10) / 10;

  async function stage<T>(name: StageName, fn: () => T | Promise<T>): Promise<T> {
    check(name);
    emit({ stage: name, percent: within(name, 0), message: `${name} started` });
    const t = now();
    try {
      const value = await fn();
      stages.push({ stage: name, status: 'done', ms: now() - t });
      emit({ stage: name, percent: within(name, 1), message: `${name} done` });
      await tick();
      return value;
    } catch (e) {
      if (!isRunCancelledError(e)) stages.push({ stage: name, status: 'failed', ms: now() - t, note: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }
  const skip = (name: StageName, note: string) => { stages.push({ stage: name, status: 'skipped', ms: 0, note }); };

  // ablation feature sets / HPO points (validated before any data is touched)
  const specs: VariantSpec[] = variantSpecs(config);
  if (config.hpo.enabled && Object.keys(config.hpo.space).length === 0) warnings.push('hpo.enabled with an empty hpo.space: no hyper-parameter variants were evaluated');
  const symbols = config.data.symbols;
  const intervalMs = BAR_INTERVAL_MS[config.data.bar_interval];

  // ---------------------------------------------------------------- data
  const data = await stage('data', () => {
    const range = { start: config.data.range.start ? Date.parse(config.data.range.start) : null, end: config.data.range.end ? Date.parse(config.data.range.end) : null };
    let loaded = inputs;
    if (!loaded) {
      if (config.data.source !== 'synthetic') throw new UserInputError('data.source', 'bars loaded by the host for source "store"', config.data.source);
      loaded = syntheticInputs(config);
    }
    const aligned = alignInputs(loaded, symbols, range);
    for (const s of symbols) {
      const iv = aligned.bars[s].intervalMs;
      if (iv !== null && iv !== intervalMs) throw new UserInputError('data.bar_interval', `bars at ${config.data.bar_interval} (${intervalMs} ms)`, `${s} bars at ${iv} ms`);
    }
    return aligned;
  });
  const bars = data.bars;
  const T = bars[symbols[0]].ts.length;
  const periodsPerYear = config.evaluation.periods_per_year ?? periodsPerYearFromInterval(intervalMs);
  const dataset: DatasetSection = {
    source: data.source, symbols, interval: config.data.bar_interval, start: num(bars[symbols[0]].ts[0]), end: num(bars[symbols[0]].ts[T - 1] + intervalMs),
    bars: Object.fromEntries(symbols.map((s) => [s, bars[s].ts.length])),
    sources: ['bars', ...(data.snapshots ? ['book_snapshots'] : []), ...(data.events ? ['book_events'] : []), ...(data.funding ? ['funding'] : []), ...(data.openInterest ? ['open_interest'] : []), ...(data.sentiment ? ['sentiment'] : [])],
    qc: null,
  };

  // ---------------------------------------------------------------- QC
  // Findings are reported, never silently fixed: the run uses the bars as loaded (gaps stay gaps,
  // outliers stay in: real crashes are real). A series QC would change (duplicates, disorder, bad
  // values) is a user error naming the symbol, so nothing downstream runs on broken data.
  dataset.qc = await stage('qc', () => symbols.map((s) => {
    const { report } = runQc(bars[s], { intervalMs, maxListed: 20 });
    const c = report.counts;
    if (c.duplicate_rows_dropped + c.conflicts + c.out_of_order + c.bad_rows_dropped > 0) {
      throw new UserInputError(`data.symbols (${s})`, 'bars without duplicates, disorder or bad values (run `skippy-train qc` to inspect and clean them)',
        `${c.duplicate_rows_dropped} duplicates, ${c.conflicts} conflicts, ${c.out_of_order} out of order, ${c.bad_rows_dropped} bad rows`);
    }
    return {
      symbol: s, bars: report.rows_in, gaps: c.gaps, duplicates: c.duplicates, conflicts: c.conflicts, outOfOrder: c.out_of_order, badValues: c.bad_values,
      ohlcViolations: c.ohlc_violations, outliers: c.outliers, timeOffsetMs: report.time_offset ? report.time_offset.offset_ms : null,
    };
  }));

  // ---------------------------------------------------------------- features
  const features = await stage('features', async () => {
    const out: FeatureMatrix[] = [];
    for (let i = 0; i < symbols.length; i++) {
      check('features');
      const s = symbols[i];
      out.push(computeFeatures({ bars: bars[s], snapshots: data.snapshots?.[s], events: data.events?.[s], funding: data.funding?.[s], openInterest: data.openInterest?.[s], sentiment: data.sentiment }, config.features));
      emit({ stage: 'features', percent: within('features', (i + 1) / symbols.length), message: `features for ${s}` });
      await tick();
    }
    return out;
  });
  if (features[0].names.length === 0) throw new UserInputError('features', 'at least one feature switched on', 'none');

  // ---------------------------------------------------------------- labels
  const horizon = config.evaluation.horizon;
  const labelOpts = labelsConfigToOptions(config.labels);
  const { labelSets, quality } = await stage('labels', () => {
    const sets: LabelSet[][] = [];
    const q: LabelQualityReport[] = [];
    for (const s of symbols) {
      check('labels');
      const events = config.labels.events.kind === 'cusum' ? cusumEvents(bars[s].close, config.labels.events.threshold) : undefined;
      const ls = tripleBarrierLabels(bars[s], { ...labelOpts, ...(events ? { events } : {}) });
      sets.push(ls);
      q.push(labelQualityReport(ls, bars[s].close));
    }
    return { labelSets: sets, quality: q };
  });
  const trained = labelSets.map((ls) => ls.find((l) => l.horizon === horizon)!);

  // ---------------------------------------------------------------- CV (+ live equity)
  const samples: SampleSet = buildSamples(symbols, features, trained);
  const threshold = config.models.decision_thresholds[0];
  const spreadIdx = features[0].names.indexOf('spread_pct');
  const btConfig = { execution: config.execution, risk: config.risk };
  const btOpts = { seed: config.seed, periodsPerYear };
  const barTs = bars[symbols[0]].ts;
  // Kelly payoff ratio b: median over splits of the training rows' label payoff (known before any fit)
  let payoffRatio = 1;
  /** Backtest input over the first m bars (all bars when m = T). */
  const backtestInput = (signals: Record<string, BarSignal>, m: number): BacktestInput => {
    const cut = <A extends Float64Array | Int8Array>(a: A) => (m === T ? a : (a.subarray(0, m) as A));
    return {
      bars: m === T ? bars : Object.fromEntries(symbols.map((s) => {
        const b = bars[s];
        return [s, { ...b, ts: cut(b.ts), open: cut(b.open), high: cut(b.high), low: cut(b.low), close: cut(b.close), volume: cut(b.volume) }];
      })),
      signals: Object.fromEntries(symbols.map((s) => [s, { side: cut(signals[s].side), prob: cut(signals[s].prob) }])),
      payoffRatio,
      ...(spreadIdx >= 0 ? { spread: Object.fromEntries(symbols.map((s, i) => [s, cut(features[i].columns[spreadIdx])])) } : {}),
      ...(config.execution.funding && data.funding ? { funding: data.funding } : {}),
    };
  };
  // Live equity: the backtest is causal, so once every sample up to time τ has its final out-of-fold
  // prediction, the equity of the bars up to τ is final too. After each fold the prefix of final bars
  // is backtested and its new points are streamed (LTTB to the report's resolution); the last bar of a
  // prefix is held back (its fill happens on the next bar).
  let streamedBars = 0;
  const streamEquity = (equityTs: Float64Array, equity: Float64Array, upTo: number, stageName: StageName, frac: number) => {
    if (upTo <= streamedBars) return;
    const seg = lttb(equityTs.subarray(streamedBars, upTo), equity.subarray(streamedBars, upTo), Math.max(3, Math.round((EQUITY_MAX_POINTS * (upTo - streamedBars)) / T)));
    const chunk = Math.max(1, opts.equityChunk ?? 250);
    for (let i = 0; i < seg.x.length; i += chunk) {
      const points = [];
      for (let k = i; k < Math.min(seg.x.length, i + chunk); k++) points.push({ ts: seg.x[k], equity: seg.y[k] });
      emit({ stage: stageName, percent: within(stageName, frac), message: 'equity', partial: { equityPoints: points } });
    }
    streamedBars = upTo;
  };
  // base CV's share of the cv stage's progress (each variant costs about one base CV)
  const cvShare = 1 / (1 + specs.length);
  const variantOutcomes: VariantOutcome[] = [];
  const baseCost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
  const baseOutcome = (base: CvOutcome): VariantOutcome => {
    const m = classificationMetrics(samples.y, base.probs);
    const { returns, trades } = strategyReturns(samples, base.probs, threshold, bars, baseCost);
    return { features: samples.names, samples: samples.n, oosAccuracy: num(m.accuracy), oosAuc: num(m.auc), returns, sharpe: num(sharpeRatio(returns)), trades, cv: base };
  };
  const cv: CvOutcome = await stage('cv', () => crossValidate(samples, bars, config, {
    check, tick,
    onSplits: (splits) => {
      const payoffs = splits.map((sp) => estimatePayoffRatio(samples.ret, sp.train)).filter((b) => Number.isFinite(b) && b > 0).sort((a, b) => a - b);
      if (payoffs.length) payoffRatio = payoffs[Math.floor(payoffs.length / 2)];
    },
    onFold: (fold, done, total, progress) => {
      emit({ stage: 'cv', percent: within('cv', (done / total) * cvShare), message: `fold ${done}/${total}`, partial: { fold } });
      if (done === total || progress.finalPrefix === 0) return;
      const tau = samples.t0[progress.finalPrefix - 1];
      let m = 0;
      while (m < T && barTs[m] <= tau) m++;
      if (m - 1 <= streamedBars) return;
      check('cv (live equity)');
      const partial = runBacktest(backtestInput(barSignals(samples, progress.probs, threshold, bars), m), btConfig, btOpts);
      streamEquity(partial.equity.ts, partial.equity.equity, m - 1, 'cv', (done / total) * cvShare);
    },
  }).then(async (base) => {
    // variants: same purged CV and logistic baseline on the same bars; one progress event each
    const ctx = {
      symbols, data, check, tick,
      featureCache: new Map([[featureKey(config), features]]), labelCache: new Map([[labelKey(config), trained]]),
    };
    const baseKey = evaluationKey(config);
    for (let i = 0; i < specs.length; i++) {
      check(`variant ${i + 1}/${specs.length}`);
      const spec = specs[i];
      const outcome = evaluationKey(spec.config) === baseKey ? baseOutcome(base) : await evaluateVariant(spec.config, ctx).catch((e: unknown) => {
        // a variant the data cannot support (e.g. tier-3 warm-up longer than the data) names itself
        if (e instanceof UserInputError) throw new UserInputError(`${spec.kind === 'ablation' ? 'hpo.ablation' : 'hpo.space'} variant "${spec.name}" (${e.field})`, e.expected, e.value);
        throw e;
      });
      variantOutcomes.push(outcome);
      emit({ stage: 'cv', percent: within('cv', cvShare + ((i + 1) / specs.length) * (1 - cvShare)), message: `variant ${i + 1}/${specs.length}: ${spec.name} (OOS accuracy ${outcome.oosAccuracy === null ? 'n/a' : outcome.oosAccuracy.toFixed(3)})` });
      await tick();
    }
    return base;
  }));
  const oos = classificationMetrics(samples.y, cv.probs);

  // ---------------------------------------------------------------- backtest
  const signals: Record<string, BarSignal> = barSignals(samples, cv.probs, threshold, bars);
  const btInput = backtestInput(signals, T);
  const { bt, inflation } = await stage('backtest', async () => {
    const result: BacktestResult = runBacktest(btInput, btConfig, btOpts);
    check('backtest');
    streamEquity(result.equity.ts, result.equity.equity, T, 'backtest', 0.5);
    await tick();
    check('backtest (frictionless twin)');
    const infl: BacktestInflation = backtestInflation(btInput, btConfig, btOpts, result);
    return { bt: result, inflation: infl };
  });

  // ---------------------------------------------------------------- metrics
  const headline: HeadlineMetrics = headlineFromBacktest(bt);
  headline.oosAccuracy = num(oos.accuracy);
  headline.oosAuc = num(oos.auc);
  // per-bar simple returns of the costed backtest (the first against the initial cash)
  const eqv = bt.equity.equity;
  const btReturns = new Float64Array(eqv.length);
  for (let t = 0; t < eqv.length; t++) btReturns[t] = eqv[t] / (t === 0 ? config.execution.initial_cash : eqv[t - 1]) - 1;
  const btStats = sharpeStats(btReturns);
  const meta = await stage('metrics', () => {
    headline.psr = num(probabilisticSharpeRatio(btStats, 0));
    if (!config.labels.enable_meta_labeling) return null;
    let events = 0, positive = 0;
    for (const s of symbols) {
      const side = signals[s].side;
      let any = false;
      for (let t = 0; t < side.length && !any; t++) if (side[t] !== 0) any = true;
      if (!any) continue;
      const [ls] = tripleBarrierLabels(bars[s], { ...labelOpts, horizons: [horizon], side });
      events += ls.meta!.length;
      for (let i = 0; i < ls.meta!.length; i++) positive += ls.meta![i];
    }
    return { enabled: true, events, precision: events ? positive / events : null };
  });

  // ---------------------------------------------------------------- overfitting
  let overfitting: OverfittingSection | null = null;
  if (config.evaluation.cscv_enabled) {
    overfitting = await stage('overfitting', () => {
      const cost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
      const folds = variantFamily(samples, cv.models, config.models.decision_thresholds, bars, cost, check);
      const family = appendVariants(folds, specs.map((sp, i) => ({
        returns: variantOutcomes[i].returns,
        info: { label: `${sp.kind === 'ablation' ? 'ablation' : 'hpo'}: ${sp.name}`, ...(sp.featureSet ? { featureSet: sp.featureSet } : {}), sharpe: variantOutcomes[i].sharpe },
      })), `${specs.length} variant${specs.length === 1 ? '' : 's'} (${[...new Set(specs.map((sp) => sp.kind))].join(' + ')}, out-of-fold)`);
      const pbo = pboSection(family, config.evaluation.cscv_partitions);
      const variance = trialVariance(family.variants.map((v) => v.sharpe));
      const deflated = variance !== null ? deflatedSharpeRatio(btStats, { nTrials: family.N, variance }) : null;
      return { ...pbo, psr: headline.psr, dsr: num(deflated?.dsr), sharpeBenchmark: num(deflated?.sr0), trialSharpeVariance: variance };
    });
    headline.pbo = overfitting.pbo;
    headline.dsr = overfitting.dsr;
  } else skip('overfitting', 'evaluation.cscv_enabled is false');
  const variants: VariantsSection | null = specs.length === 0 ? null
    : variantsSection(config, specs, variantOutcomes, baseOutcome(cv), { periodsPerYear, dsr: headline.dsr, nTrials: overfitting?.nTrials ?? null });

  // ---------------------------------------------------------------- report
  return stage('report', () => {
    const finishedAt = now();
    const folds: FoldsSection = {
      scheme: config.evaluation.method, nSplits: cv.splits.length, embargoPct: config.evaluation.embargo_pct, purgePct: config.evaluation.purge_pct,
      samples: samples.n, folds: cv.folds,
    };
    const featuresSection: FeaturesSection = {
      names: samples.names,
      tiers: (['price', 'microstructure', 'derivatives'] as const).map((tier) => ({ tier, enabled: config.features[tier].enabled, features: samples.names.filter((n) => tierOf(n) === tier) })),
      rowsDropped: samples.rowsDropped,
      coefficients: samples.names.map((name, j) => {
        const c = cv.models.map((m) => m.coef[j]);
        const mean = c.reduce((a, b) => a + b, 0) / c.length;
        const sd = c.length > 1 ? Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / (c.length - 1)) : Number.NaN;
        return { name, mean: num(mean), std: num(sd) };
      }),
    };
    const labels: LabelsSection = labelsSection(quality, { method: config.labels.method, touch: config.labels.touch, trainedHorizon: horizon, meta });
    const report: RunReport = {
      version: RUN_REPORT_VERSION, runId, name: opts.name ?? config.name, startedAt, finishedAt, durationMs: finishedAt - startedAt,
      stages: [...stages, { stage: 'report', status: 'done', ms: 0 }],
      headline, verdict: verdict(headline),
      equity: equitySection(bt.equity.ts, bt.equity.equity, config.execution.initial_cash),
      tca: tcaSection(bt, inflation), risk: riskSection(bt), overfitting, labels, folds, features: featuresSection, ...(variants ? { variants } : {}), dataset,
      timings: stages.map((s) => ({ stage: s.stage, ms: s.ms })),
      config, configHash: configHash(config), seed: config.seed, artifacts: [], warnings,
    };
    return { report, tables: artifactTables(bt, samples, cv, signals) };
  });
}

function trialVariance(sharpes: (number | null)[]): number | null {
  const v = sharpes.filter((x): x is number => x !== null);
  if (v.length < 2) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
}

function artifactTables(bt: BacktestResult, samples: SampleSet, cv: CvOutcome, signals: Record<string, BarSignal>): Record<string, ArtifactColumns> {
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
  const side = new Int8Array(samples.n);
  for (let i = 0; i < samples.n; i++) side[i] = signals[samples.symbols[samples.symbol[i]]].side[samples.t0Idx[i]];
  const predictions: ArtifactColumns = {
    t0: samples.t0, t1: samples.t1, symbol: Array.from(samples.symbol, (s) => samples.symbols[s]), y: Int8Array.from(samples.y), ret: samples.ret,
    prob: cv.probs, fold: cv.testedBy, side,
  };
  return { equity, trades, predictions };
}
