/**
 * runExperiment(config, inputs, {now, onProgress, signal}) – one experiment end to end, pure (no IO):
 * data → QC → features → triple-barrier labels → model scoring (purged K-fold / CPCV / walk-forward:
 * the Folds table only) → walk-forward fit stage (per window: weights, model, calibrator, meta-model,
 * sizer, each fitted on that window's training rows only) → causal predictions → backtests (strategy,
 * naive twin, baselines) on the out-of-sample span → evaluation (gates, DSR, PBO over the
 * configurations tried) → RunReport + the large arrays for the artifact files.
 * Progress is streamed with partial results (each CV fold as it finishes; equity points in chunks).
 * The signal is checked between stages and inside the long ones; a cancel throws RunCancelledError.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import { configHash } from '../config/load.ts';
import type { FeatureMatrix } from '../features/index.ts';
import { labelQualityReport } from '../labels/index.ts';
import type { LabelSet, LabelQualityReport } from '../labels/index.ts';
import { runBacktest } from '../backtest/index.ts';
import { periodsPerYearFromInterval } from '../risk/index.ts';
import { probabilisticSharpeRatio, sharpeStats } from '../eval/stats/index.ts';
import type {
  FoldsSection, VariantsSection, HeadlineMetrics, OverfittingSection, RunProgress, RunReport, StageName, StageStatus, DatasetSection,
  LabelsSection, MetaSection,
} from '../reports/types.ts';
import { EQUITY_MAX_POINTS, RUN_REPORT_VERSION } from '../reports/types.ts';
import { lttb } from '../reports/lttb.ts';
import { UserInputError } from '../util/errors.ts';
import { createRng } from '../util/rng.ts';
import { BAR_INTERVAL_MS } from './syntheticInputs.ts';
import { buildSamples } from './buildSamples.ts';
import type { SampleSet } from './buildSamples.ts';
import { classificationMetrics } from './classificationMetrics.ts';
import { crossValidate } from './crossValidate.ts';
import type { CvOutcome } from './crossValidate.ts';
import { configurationFamily, overfittingSection } from './overfitting.ts';
import { evaluateVariant, evaluationKey, featureKey, labelKey, variantOutcome, variantSpecs } from './variants.ts';
import type { VariantOutcome, VariantSpec } from './variants.ts';
import { variantsSection } from './variantsSection.ts';
import { equitySection, labelsSection, riskSection, tcaSection } from './sections.ts';
import { fitInputs } from './fitInputs.ts';
import { featureWindows } from './windows.ts';
import { cpcvPathsSection } from './cpcvPaths.ts';
import { datasetSection, featuresOf, labelsOf, loadData, qcSummary } from './prepare.ts';
import { artifactTables, availableSeries, featuresSection, metaLabellingSection, modelSection, policyOutcomeAsWalkForward, relativeFigures } from './reportParts.ts';
import { modelFactory } from './primaryModel.ts';
import type { ModelData } from '../models/index.ts';
import { decisions, sideReturns, walkForwardPredict } from './walkForward.ts';
import type { WalkForwardOutcome } from './walkForward.ts';
import { sizedSignals } from './sizing.ts';
import { policyWalkForward, usesPolicyTrainer } from './policyWalkForward.ts';
import { PolicyHistoryStreams, policyTrainingSection } from './policyHistory.ts';
import type { PolicyOutcome } from './policyWalkForward.ts';
import { signalReturns } from './signals.ts';
import { backtestInput, baselineBacktests, headlineFromSpan, spanReturns, strategyBacktests } from './backtests.ts';
import type { BacktestContext } from './backtests.ts';
import { decide } from './decide.ts';
import { frozenArtifact, frozenPolicyArtifact } from './frozen.ts';
import { num } from './numbers.ts';
import { RunCancelledError, isRunCancelledError } from './types.ts';
import type { ExperimentResult, PipelineInputs, RunExperimentOptions } from './types.ts';

/** Share of the progress bar each stage covers (sums to 100). */
const WEIGHTS: Record<StageName, number> = { data: 5, qc: 3, features: 8, labels: 8, cv: 15, walkforward: 30, backtest: 20, metrics: 2, overfitting: 7, report: 2 };
const START: Record<StageName, number> = (() => {
  let acc = 0;
  const out = {} as Record<StageName, number>;
  for (const s of Object.keys(WEIGHTS) as StageName[]) { out[s] = acc; acc += WEIGHTS[s]; }
  return out;
})();


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

  // trainer: ppo needs the host's policy trainer (@skippy/ml), refused before any data is touched
  if (usesPolicyTrainer(config) && !opts.policy) throw new UserInputError('trainer', 'a host that trains PPO policies (the server run worker, skippy-train ppo)', config.trainer);
  // ablation feature sets / HPO points (validated before any data is touched)
  const specs: VariantSpec[] = variantSpecs(config);
  if (config.hpo.enabled && Object.keys(config.hpo.space).length === 0) warnings.push('hpo.enabled with an empty hpo.space: no hyper-parameter variants were evaluated');
  const symbols = config.data.symbols;
  const intervalMs = BAR_INTERVAL_MS[config.data.bar_interval];
  /** A gap longer than data.max_gap_bars intervals restarts feature windows and drops label paths across it. */
  const maxGapMs = config.data.max_gap_bars * intervalMs;

  // ---------------------------------------------------------------- data
  const data = await stage('data', () => loadData(config, inputs));
  const bars = data.bars;
  const T = bars[symbols[0]].ts.length;
  const periodsPerYear = config.evaluation.periods_per_year ?? periodsPerYearFromInterval(intervalMs);
  const dataset: DatasetSection = datasetSection(config, data);

  // ---------------------------------------------------------------- QC
  // Findings are reported, never silently fixed: the run uses the bars as loaded (gaps stay gaps,
  // outliers stay in: real crashes are real). A series QC would change (duplicates, disorder, bad
  // values) is a user error naming the symbol, so nothing downstream runs on broken data.
  dataset.qc = await stage('qc', () => symbols.map((s) => qcSummary(bars[s], s, intervalMs)));

  // ---------------------------------------------------------------- features
  const features = await stage('features', async () => {
    const out: FeatureMatrix[] = [];
    for (let i = 0; i < symbols.length; i++) {
      check('features');
      const s = symbols[i];
      out.push(featuresOf(config, data, s, maxGapMs));
      emit({ stage: 'features', percent: within('features', (i + 1) / symbols.length), message: `features for ${s}` });
      await tick();
    }
    return out;
  });
  if (features[0].names.length === 0) throw new UserInputError('features', 'at least one feature switched on', 'none');

  // ---------------------------------------------------------------- labels
  const horizon = config.evaluation.horizon;
  const { labelSets, quality } = await stage('labels', () => {
    const sets: LabelSet[][] = [];
    const q: LabelQualityReport[] = [];
    for (const s of symbols) {
      check('labels');
      const ls = labelsOf(config, bars[s], maxGapMs);
      sets.push(ls);
      q.push(labelQualityReport(ls, bars[s].close));
    }
    return { labelSets: sets, quality: q };
  });
  const trained = labelSets.map((ls) => ls.find((l) => l.horizon === horizon)!);

  // ---------------------------------------------------------------- CV (model scoring only)
  const samples: SampleSet = buildSamples(symbols, features, trained);
  if (samples.p === 0) throw new UserInputError('features', 'at least one feature switched on', 'none');
  const fit = fitInputs(samples, bars, config);
  const modelData: ModelData = { X: samples.X, p: samples.p, windows: featureWindows(samples, features, bars, maxGapMs) };
  const factories = opts.models ?? [];
  modelFactory(config.models.primary.kind, factories); // an unknown kind fails before any fit
  const cv: CvOutcome = await stage('cv', () => crossValidate(samples, bars, config, {
    check, tick, data: modelData, factories, weights: fit.weights,
    onFold: (fold, done, total) => { emit({ stage: 'cv', percent: within('cv', done / total), message: `fold ${done}/${total} (model scoring)`, partial: { fold } }); },
  }));

  // ---------------------------------------------------------------- walk-forward (the causal predictions behind every headline number)
  const spreadIdx = features[0].names.indexOf('spread_pct');
  const btCtx: BacktestContext = {
    bars, symbols, config: { execution: config.execution, risk: config.risk }, opts: { seed: config.seed, periodsPerYear },
    spread: spreadIdx >= 0 ? Object.fromEntries(symbols.map((s, i) => [s, features[i].columns[spreadIdx]])) : null,
    funding: config.execution.funding && data.funding ? data.funding : null,
  };
  const meta = config.models.meta.enabled;
  const threshold = config.models.decision_thresholds[0];
  const barTs = bars[symbols[0]].ts;
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
  const wfShare = 1 / (1 + specs.length);
  const variantOutcomes: VariantOutcome[] = [];
  let policyOut: PolicyOutcome | null = null;
  const policyStreams = new PolicyHistoryStreams();
  const wf: WalkForwardOutcome = await stage('walkforward', async () => {
    if (opts.policy) {
      if (specs.length) warnings.push(`hpo/ablation variants are not evaluated for a ${opts.policy.kind} policy run (${specs.length} skipped)`);
      specs.length = 0;
      const po = await policyWalkForward(samples, bars, features, config, opts.policy, {
        check, tick, periodsPerYear, funding: btCtx.funding,
        // one point per bucket of updates (≤ POLICY_HISTORY_MAX_POINTS per window): the same points the report keeps
        onProgress: (window, e) => {
          for (const point of policyStreams.push(window, e)) emit({ stage: 'walkforward', percent: within('walkforward', window / config.evaluation.backtest.n_windows), message: 'training', partial: { policy: point } });
        },
        onWindow: (done, total, sig, endBar) => {
          const rest = policyStreams.flush(done - 1);
          if (rest) emit({ stage: 'walkforward', percent: within('walkforward', (done - 1) / total), message: 'training', partial: { policy: rest } });
          emit({ stage: 'walkforward', percent: within('walkforward', done / total), message: `walk-forward window ${done}/${total}` });
          if (done === total || endBar - 1 <= streamedBars) return;
          const partial = runBacktest(backtestInput(btCtx, sig, endBar), btCtx.config, btCtx.opts);
          streamEquity(partial.equity.ts, partial.equity.equity, endBar - 1, 'walkforward', done / total);
        },
      });
      policyOut = po;
      return policyOutcomeAsWalkForward(samples, po);
    }
    const out = await walkForwardPredict(samples, bars, config, { ...fit, periodsPerYear, data: modelData, factories }, {
      check, tick,
      onTraining: (window, part, e) => { if (part === 'window') emit({ stage: 'walkforward', percent: within('walkforward', (window / config.evaluation.backtest.n_windows) * wfShare), message: 'training', partial: { training: { window, ...e } } }); },
      // live equity: once window k is predicted, bars before its end are final (the last one is held back: its fill is on the next bar)
      onWindow: (done, total, o) => {
        emit({ stage: 'walkforward', percent: within('walkforward', (done / total) * wfShare), message: `walk-forward window ${done}/${total}` });
        if (done === total) return;
        const m = o.windows[done - 1].endBar;
        if (m - 1 <= streamedBars) return;
        check('walk-forward (live equity)');
        const sig = sizedSignals(samples, decisions(o, threshold, meta), o, bars, config);
        const partial = runBacktest(backtestInput(btCtx, sig, m), btCtx.config, btCtx.opts);
        streamEquity(partial.equity.ts, partial.equity.equity, m - 1, 'walkforward', (done / total) * wfShare);
      },
    });
    // variants: the same protocol on the same bars; one progress event each
    const ctx = {
      symbols, data, check, tick, periodsPerYear, maxGapMs, factories,
      featureCache: new Map([[featureKey(config), features]]), labelCache: new Map([[labelKey(config), trained]]),
    };
    const baseKey = evaluationKey(config);
    for (let i = 0; i < specs.length; i++) {
      check(`variant ${i + 1}/${specs.length}`);
      const spec = specs[i];
      const outcome = evaluationKey(spec.config) === baseKey ? variantOutcome(samples, out, bars, config) : await evaluateVariant(spec.config, ctx).catch((e: unknown) => {
        if (e instanceof UserInputError) throw new UserInputError(`${spec.kind === 'ablation' ? 'hpo.ablation' : 'hpo.space'} variant "${spec.name}" (${e.field})`, e.expected, e.value);
        throw e;
      });
      variantOutcomes.push(outcome);
      emit({ stage: 'walkforward', percent: within('walkforward', wfShare + ((i + 1) / specs.length) * (1 - wfShare)), message: `variant ${i + 1}/${specs.length}: ${spec.name} (OOS AUC ${outcome.oosAuc === null ? 'n/a' : outcome.oosAuc.toFixed(3)})` });
      await tick();
    }
    return out;
  });
  const firstBar = wf.firstBar;
  const baseDecisions = decisions(wf, threshold, meta);
  const po = policyOut as PolicyOutcome | null;
  const signals = po ? po.signals : sizedSignals(samples, baseDecisions, wf, bars, config);
  for (const n of wf.notes) warnings.push(`walk-forward ${n}`);

  // ---------------------------------------------------------------- backtests: strategy, naive twin, baselines
  const { main, baselines } = await stage('backtest', async () => {
    const realistic = runBacktest(backtestInput(btCtx, signals), btCtx.config, btCtx.opts);
    check('backtest');
    streamEquity(realistic.equity.ts, realistic.equity.equity, T, 'backtest', 0.3);
    await tick();
    check('backtest (naive and inflation twins)');
    const sb = strategyBacktests(btCtx, signals, firstBar, config.execution.initial_cash, periodsPerYear, realistic);
    emit({ stage: 'backtest', percent: within('backtest', 0.6), message: 'baselines' });
    await tick();
    check('backtest (baselines)');
    const bl = baselineBacktests(btCtx, realistic, firstBar, config, createRng(config.seed).fork('random-entry baseline'), periodsPerYear);
    return { main: sb, baselines: bl };
  });
  const bt = main.bt;

  // ---------------------------------------------------------------- metrics (out-of-sample span)
  const oosBars = T - firstBar;
  const halted = bt.metrics.haltedBars;
  let haltedOos = 0;
  if (halted) for (const h of bt.halts) haltedOos += Math.max(0, Math.min(h.until, barTs[T - 1] + intervalMs) - Math.max(h.ts, barTs[firstBar])) / intervalMs;
  const headline: HeadlineMetrics = headlineFromSpan(bt, main.span, config.execution.initial_cash, {
    haltedShare: num(halted ? halted.any / Math.max(1, oosBars) : Number.NaN), oosStart: barTs[firstBar], oosBars,
  });
  void haltedOos;
  const oos = classificationMetrics(wf.target, wf.score);
  headline.oosAccuracy = num(oos.accuracy);
  headline.oosAuc = num(oos.auc);
  const btReturns = spanReturns(bt, firstBar, config.execution.initial_cash);
  headline.psr = num(probabilisticSharpeRatio(sharpeStats(btReturns), 0));
  const metaSection: MetaSection | null = await stage('metrics', () => (meta ? metaLabellingSection(wf, baseDecisions, config) : null));
  const labelMeta = meta && metaSection ? { enabled: true, events: metaSection.taken, precision: metaSection.withMeta.precision } : null;

  // ---------------------------------------------------------------- overfitting (out-of-sample returns of every configuration tried)
  const cost = config.execution.taker_fee + config.execution.slippage_curve.small_size;
  const baseColumns = po
    ? [{ returns: signalReturns(bars, Object.fromEntries(symbols.map((s) => [s, po.signals[s].side])), cost).slice(firstBar), info: { label: `${opts.policy!.kind} policy` } }]
    : config.models.decision_thresholds.map((th) => ({
      returns: sideReturns(samples, decisions(wf, th, meta).side, bars, cost).slice(firstBar),
      info: { label: `base, ${meta ? 'P(right)' : 'p'} > ${th}`, threshold: th },
    }));
  const columns = [...baseColumns, ...specs.map((sp, i) => ({
    returns: variantOutcomes[i].returns,
    info: { label: `${sp.kind === 'ablation' ? 'ablation' : 'hpo'}: ${sp.name}`, ...(sp.featureSet ? { featureSet: sp.featureSet } : {}) },
  }))];
  const family = configurationFamily(columns, `${baseColumns.length} decision threshold${baseColumns.length === 1 ? '' : 's'}${specs.length ? ` + ${specs.length} variant${specs.length === 1 ? '' : 's'} (${[...new Set(specs.map((sp) => sp.kind))].join(' + ')})` : ''}, walk-forward out-of-sample returns`);
  let overfitting: OverfittingSection | null = null;
  if (config.evaluation.cscv_enabled) {
    overfitting = await stage('overfitting', () => overfittingSection(family, columns[0].returns, config.evaluation.cscv_partitions));
    headline.pbo = overfitting.pbo;
    headline.dsr = overfitting.dsr;
  } else skip('overfitting', 'evaluation.cscv_enabled is false');
  const variants: VariantsSection | null = specs.length === 0 ? null
    : variantsSection(config, specs, variantOutcomes, variantOutcome(samples, wf, bars, config), { periodsPerYear, dsr: headline.dsr, nTrials: overfitting?.nTrials ?? null, firstVariantId: baseColumns.length });

  // ---------------------------------------------------------------- gates and verdict
  const { costs, verdict: verdictOut, realism, protocol } = decide({
    config, headline, baselines, main, cv, wf, po, policyDescription: po ? `${opts.policy!.kind} policy: ${opts.policy!.describe(config)}` : null,
    available: availableSeries(data, symbols), periodsPerYear, barTs, firstBar, oos, warnings,
  });

  // ---------------------------------------------------------------- report
  return stage('report', () => {
    const finishedAt = now();
    const folds: FoldsSection = {
      scheme: config.evaluation.method, nSplits: cv.splits.length, embargoPct: config.evaluation.embargo_pct, purgePct: config.evaluation.purge_pct,
      samples: samples.n, folds: cv.folds,
      paths: cv.paths ? cpcvPathsSection(samples, cv.paths, bars, threshold, cost, periodsPerYear) : null,
    };
    const coefs = wf.coef.length ? wf.coef : cv.models.map((m) => m.coef).filter((c): c is Float64Array => c !== null);
    const labels: LabelsSection = labelsSection(quality, { method: config.labels.method, touch: config.labels.touch, trainedHorizon: horizon, meta: labelMeta });
    const tca = tcaSection(bt, null);
    tca.inflation = { costed: realism.realistic, frictionless: realism.frictionless, relative: relativeFigures(realism.frictionless, realism.realistic) };
    const report: RunReport = {
      version: RUN_REPORT_VERSION, runId, name: opts.name ?? config.name, startedAt, finishedAt, durationMs: finishedAt - startedAt,
      stages: [...stages, { stage: 'report', status: 'done', ms: 0 }],
      headline, verdict: verdictOut,
      equity: equitySection(bt.equity.ts, bt.equity.equity, config.execution.initial_cash),
      tca, risk: riskSection(bt), overfitting, labels, folds, features: featuresSection(config, samples, coefs), ...(variants ? { variants } : {}), dataset,
      protocol, baselines, realism, costs, meta: metaSection, model: po ? null : modelSection(config.models.primary.kind, wf, samples.names),
      ...(po ? { policyTraining: policyTrainingSection(opts.policy!.kind, symbols, po.history) } : {}),
      timings: stages.map((s) => ({ stage: s.stage, ms: s.ms })),
      config, configHash: configHash(config), seed: config.seed, artifacts: [], warnings,
    };
    return {
      report, tables: artifactTables(bt, samples, wf, baseDecisions, { ts: barTs.slice(firstBar), returns: columns[0].returns }),
      frozen: po ? null : frozenArtifact(config, wf, samples.names, barTs, intervalMs, runId),
      frozenPolicy: po ? frozenPolicyArtifact(config, po, opts.policy!.kind, features[0].names, barTs, intervalMs, runId) : null,
    };
  });
}

