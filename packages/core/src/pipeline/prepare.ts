/**
 * The run's first stages as plain functions: load and align the data (refusing a feature tier whose
 * data the source lacks), summarise QC (refusing broken series), compute features and labels per symbol.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { BarSeries } from '../data/types.ts';
import { computeFeatures } from '../features/index.ts';
import type { FeatureMatrix } from '../features/index.ts';
import { cusumEvents, labelsConfigToOptions, tripleBarrierLabels } from '../labels/index.ts';
import type { LabelSet } from '../labels/index.ts';
import { runQc } from '../qc/index.ts';
import type { DatasetSection, QcSummary } from '../reports/types.ts';
import { UserInputError } from '../util/errors.ts';
import { alignInputs } from './alignInputs.ts';
import { dataRequirementIssues } from './dataRequirements.ts';
import { availableSeries } from './reportParts.ts';
import { BAR_INTERVAL_MS, syntheticInputs } from './syntheticInputs.ts';
import type { PipelineInputs } from './types.ts';
import { num } from './numbers.ts';

/** loadData(config, inputs) – the configured symbols on their common bar times in [range.start, range.end); the synthetic market when no inputs are given. */
export function loadData(config: ExperimentConfig, inputs: PipelineInputs | null): PipelineInputs {
  const symbols = config.data.symbols, intervalMs = BAR_INTERVAL_MS[config.data.bar_interval];
  const range = { start: config.data.range.start ? Date.parse(config.data.range.start) : null, end: config.data.range.end ? Date.parse(config.data.range.end) : null };
  let loaded = inputs;
  if (!loaded) {
    if (config.data.source !== 'synthetic') throw new UserInputError('data.source', 'bars loaded by the host for source "store"', config.data.source);
    loaded = syntheticInputs(config);
  }
  const aligned = alignInputs(loaded, symbols, range);
  // a tier whose data the source lacks is refused before any work, naming the missing series
  const issues = dataRequirementIssues(config, availableSeries(aligned, symbols));
  if (issues.length) throw new UserInputError(issues[0].field, 'data the selected features need', issues[0].message);
  for (const s of symbols) {
    const iv = aligned.bars[s].intervalMs;
    if (iv !== null && iv !== intervalMs) throw new UserInputError('data.bar_interval', `bars at ${config.data.bar_interval} (${intervalMs} ms)`, `${s} bars at ${iv} ms`);
  }
  return aligned;
}

/** datasetSection(config, data) – what the run used (QC filled by the qc stage). */
export function datasetSection(config: ExperimentConfig, data: PipelineInputs): DatasetSection {
  const symbols = config.data.symbols, bars = data.bars, T = bars[symbols[0]].ts.length;
  return {
    source: data.source, symbols, interval: config.data.bar_interval, start: num(bars[symbols[0]].ts[0]), end: num(bars[symbols[0]].ts[T - 1] + BAR_INTERVAL_MS[config.data.bar_interval]),
    bars: Object.fromEntries(symbols.map((s) => [s, bars[s].ts.length])),
    sources: ['bars', ...(data.snapshots ? ['book_snapshots'] : []), ...(data.events ? ['book_events'] : []), ...(data.funding ? ['funding'] : []), ...(data.openInterest ? ['open_interest'] : []), ...(data.sentiment ? ['sentiment'] : [])],
    qc: null,
  };
}

/**
 * qcSummary(bars, symbol, intervalMs) – findings are reported, never silently fixed: the run uses the
 * bars as loaded (gaps stay gaps, outliers stay in: real crashes are real). A series QC would change
 * (duplicates, disorder, bad values) is a user error naming the symbol.
 */
export function qcSummary(bars: BarSeries, symbol: string, intervalMs: number): QcSummary {
  const { report } = runQc(bars, { intervalMs, maxListed: 20 });
  const c = report.counts;
  if (c.duplicate_rows_dropped + c.conflicts + c.out_of_order + c.bad_rows_dropped > 0) {
    throw new UserInputError(`data.symbols (${symbol})`, 'bars without duplicates, disorder or bad values (run `skippy-train qc` to inspect and clean them)',
      `${c.duplicate_rows_dropped} duplicates, ${c.conflicts} conflicts, ${c.out_of_order} out of order, ${c.bad_rows_dropped} bad rows`);
  }
  return {
    symbol, bars: report.rows_in, gaps: c.gaps, duplicates: c.duplicates, conflicts: c.conflicts, outOfOrder: c.out_of_order, badValues: c.bad_values,
    ohlcViolations: c.ohlc_violations, outliers: c.outliers, timeOffsetMs: report.time_offset ? report.time_offset.offset_ms : null,
  };
}

/** featuresOf(config, data, symbol, maxGapMs) – the symbol's causal feature matrix (windows restart after gaps). */
export function featuresOf(config: ExperimentConfig, data: PipelineInputs, s: string, maxGapMs: number): FeatureMatrix {
  return computeFeatures({ bars: data.bars[s], snapshots: data.snapshots?.[s], events: data.events?.[s], funding: data.funding?.[s], openInterest: data.openInterest?.[s], sentiment: data.sentiment }, config.features, { maxGapMs });
}

/** labelsOf(config, bars, maxGapMs) – triple-barrier labels at every configured horizon (CUSUM events when configured; paths across gaps dropped). */
export function labelsOf(config: ExperimentConfig, bars: BarSeries, maxGapMs: number): LabelSet[] {
  const events = config.labels.events.kind === 'cusum' ? cusumEvents(bars.close, config.labels.events.threshold) : undefined;
  return tripleBarrierLabels(bars, { ...labelsConfigToOptions(config.labels), maxGapMs, ...(events ? { events } : {}) });
}
