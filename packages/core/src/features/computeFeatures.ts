import type { FeaturesConfig } from '../config/features.ts';
import type { BarSeries, BookEvents, BookSnapshots, TimeSeries, TradeSeries } from '../data/types.ts';
import { UserInputError } from '../util/errors.ts';
import { logReturn } from './price/logReturn.ts';
import { averageTrueRange } from './price/averageTrueRange.ts';
import { rollingZScore } from './price/rollingZScore.ts';
import { momentum } from './price/momentum.ts';
import { corwinSchultzSpread } from './proxies/corwinSchultzSpread.ts';
import { tickRuleSignedVolume } from './proxies/tickRuleSignedVolume.ts';
import { fundingRateDelta } from './derivatives/fundingRateDelta.ts';
import { openInterestDelta } from './derivatives/openInterestDelta.ts';
import { sentimentAsOf } from './derivatives/sentimentAsOf.ts';
import { microstructureColumns } from './microstructureColumns.ts';
import { enabledFeatureNames } from './featureSet.ts';
import { forEachSegment, gapSegmentStarts } from './gapSegments.ts';

/** Everything a feature may be computed from; only `bars` is required. */
export interface FeatureInput {
  bars: BarSeries;
  /** Book state at each bar close, one row per bar (tier 2 spread_pct, depth_imbalance). */
  snapshots?: BookSnapshots;
  /** Book state after each update (tier 2 ofi, mlofi_m). */
  events?: BookEvents;
  trades?: TradeSeries;
  /** Funding settlements (ts = settlement time; availableAt when it differs). */
  funding?: TimeSeries;
  openInterest?: TimeSeries;
  /** External daily series; availableAt = publication time. */
  sentiment?: TimeSeries;
}

/** Columns of features; row i belongs to bar i (`ts` = the bar's OPEN time, value known at its close). */
export interface FeatureMatrix {
  ts: Float64Array;
  names: string[];
  columns: Float64Array[];
}

/** Options for {@link computeFeatures}. */
export interface ComputeFeaturesOptions {
  /**
   * Break the bars where two consecutive bar opens are more than this many ms apart (the pipeline passes
   * data.max_gap_bars × the bar interval). Every feature that looks back over bars (ret_k, atr_w,
   * zscore_w, mom_k, spread_cs, ofi_tick, oi_delta) restarts after a break: NaN until its window refills
   * with bars after the gap, exactly as at the start of the data. Point-in-time features (book at the
   * close, in-bar order flow, as-of funding and sentiment) are unaffected.
   * @default undefined (no breaks: gaps are bridged, as before)
   */
  maxGapMs?: number;
}

/**
 * computeFeatures(input, config, options) – the switchboard: computes every switched-on feature, columns in the
 * catalog order (ret_k…, atr_w, zscore_w…, mom_k, spread_pct, depth_imbalance, ofi, mlofi_1..L,
 * spread_cs, ofi_tick, funding_rate_delta, oi_delta, sentiment). Tier 3 is as-of joined on the bar's
 * CLOSE time ts + intervalMs (its open time when intervalMs is unknown, which is stricter).
 * A switched-on feature whose data is missing is a UserInputError – never a silent substitute.
 */
export function computeFeatures(input: FeatureInput, config: FeaturesConfig, options: ComputeFeaturesOptions = {}): FeatureMatrix {
  const { bars } = input;
  const names = enabledFeatureNames(config);
  const on = new Set(names);
  const cols = new Map<string, Float64Array>();
  const p = config.price;
  const { high: h, low: l, close: c, volume: v } = bars;
  const n = c.length;
  const starts = gapSegmentStarts(bars.ts, options.maxGapMs);
  /** A look-back kernel run on each gap-free segment [a, b) (one call over everything when there is no break). */
  const bySegment = (kernel: (a: number, b: number, out: Float64Array) => void): Float64Array => {
    const out = new Float64Array(n);
    forEachSegment(starts, n, (a, b) => kernel(a, b, out.subarray(a, b)));
    return out;
  };
  const retK = p.returns.periods.filter((k) => on.has(`ret_${k}`));
  // ln(c_t / c_{t−k}) exactly as defined (not ln c_t − ln c_{t−k}, which cancels badly on small returns).
  for (const k of retK) cols.set(`ret_${k}`, bySegment((a, b, output) => logReturn(c.subarray(a, b), k, { output })));
  if (on.has(`atr_${p.atr.window}`)) {
    const { window, smoothing } = p.atr;
    const atr = bySegment((a, b, output) => averageTrueRange(h.subarray(a, b), l.subarray(a, b), c.subarray(a, b), { window, smoothing, output }));
    // Scale-free by default: ATR_t / c_t, so pooled symbols at different price levels are comparable.
    if (p.atr.scale !== 'price') for (let t = 0; t < n; t++) atr[t] /= c[t];
    cols.set(`atr_${window}`, atr);
  }
  for (const w of p.zscore.windows) if (on.has(`zscore_${w}`)) cols.set(`zscore_${w}`, bySegment((a, b, output) => rollingZScore(c.subarray(a, b), w, { output })));
  const mk = p.momentum.period;
  if (on.has(`mom_${mk}`)) cols.set(`mom_${mk}`, bySegment((a, b, output) => momentum(c.subarray(a, b), mk, { output })));

  const book = names.filter((x) => x === 'spread_pct' || x === 'depth_imbalance' || x === 'ofi' || x.startsWith('mlofi_'));
  if (book.length) for (const [x, col] of microstructureColumns(input, config, book)) cols.set(x, col);
  if (on.has('spread_cs')) cols.set('spread_cs', bySegment((a, b, output) => corwinSchultzSpread(h.subarray(a, b), l.subarray(a, b), { output })));
  if (on.has('ofi_tick')) cols.set('ofi_tick', bySegment((a, b, output) => tickRuleSignedVolume(c.subarray(a, b), v.subarray(a, b), { output })));

  const closeTs = barCloseTimes(bars);
  if (on.has('funding_rate_delta')) cols.set('funding_rate_delta', fundingRateDelta(closeTs, need(input.funding, 'funding_rate_delta', 'a funding-rate series')));
  if (on.has('oi_delta')) {
    const oi = openInterestDelta(closeTs, need(input.openInterest, 'open_interest_delta', 'an open-interest series'));
    for (let k = 1; k < starts.length; k++) oi[starts[k]] = NaN; // a bar-to-bar change across a break spans the gap
    cols.set('oi_delta', oi);
  }
  if (on.has('sentiment')) {
    cols.set('sentiment', sentimentAsOf(closeTs, need(input.sentiment, 'sentiment', 'a sentiment series'), { publicationLagMs: config.derivatives.sentiment.publication_lag_ms }));
  }
  return { ts: bars.ts, names, columns: names.map((n) => cols.get(n)!) };
}

/** barCloseTimes(bars) – ts + intervalMs (ts itself when the interval is unknown: never later than the close). */
export function barCloseTimes(bars: BarSeries): Float64Array {
  const n = bars.ts.length;
  const out = new Float64Array(n);
  const dt = bars.intervalMs ?? 0;
  for (let i = 0; i < n; i++) out[i] = bars.ts[i] + dt;
  return out;
}

function need<T>(x: T | undefined, key: string, what: string): T {
  if (x === undefined) throw new UserInputError(`features.derivatives.${key}`, `needs ${what}`, undefined, 'none was given; switch the feature off or supply the data');
  return x;
}
