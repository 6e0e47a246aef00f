import type { LabelSet, DroppedEvents } from './types.ts';
import { returnAttributionWeights, sampleUniqueness } from './sampleUniqueness.ts';

export interface Distribution {
  n: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

export interface HorizonQuality {
  horizon: number;
  labels: number;
  candidates: number;
  counts: { '1': number; '0': number; '-1': number };
  /** Share of labels ended by each barrier. */
  hit_rates: { pt: number | null; sl: number | null; vb: number | null };
  /** t1_idx − t0_idx in bars. */
  holding_bars: Distribution;
  /** Return at t1 per label. */
  returns_by_label: { '1': Distribution; '0': Distribution; '-1': Distribution };
  ambiguous_bars: number;
  dropped: DroppedEvents;
  /** Mean of the AFML average uniqueness of each label. */
  avg_uniqueness: number | null;
  uniqueness: Distribution;
  /** Return-attribution sample weights (sum = labels). */
  sample_weights: Distribution;
  /** Share of meta = 1 (only with a side). */
  meta_positive_rate?: number | null;
}

export interface LabelQualityReport {
  n_bars: number;
  horizons: HorizonQuality[];
}

/**
 * labelQualityReport(labels, close) – per horizon: counts per label, barrier hit rates, holding-period
 * distribution, returns per label, ambiguous bars, dropped events by reason, AFML ch. 4 average
 * uniqueness and return-attribution weights. Quantiles use linear interpolation; std is sample (n−1).
 */
export function labelQualityReport(labels: LabelSet[], close: Float64Array): LabelQualityReport {
  return { n_bars: close.length, horizons: labels.map((set) => horizonQuality(set, close)) };
}

function horizonQuality(set: LabelSet, close: Float64Array): HorizonQuality {
  const m = set.label.length;
  const counts = { '1': 0, '0': 0, '-1': 0 };
  const byLabel: Record<'1' | '0' | '-1', number[]> = { '1': [], '0': [], '-1': [] };
  const hold = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const key = String(set.label[i]) as '1' | '0' | '-1';
    counts[key]++;
    byLabel[key].push(set.ret[i]);
    hold[i] = set.t1Idx[i] - set.t0Idx[i];
  }
  const share = (k: number) => (m > 0 ? k / m : null);
  const u = sampleUniqueness(set.t0Idx, set.t1Idx, close.length);
  const w = returnAttributionWeights(set.t0Idx, set.t1Idx, close);
  const q: HorizonQuality = {
    horizon: set.horizon,
    labels: m,
    candidates: set.candidates,
    counts,
    hit_rates: { pt: share(counts['1']), sl: share(counts['-1']), vb: share(counts['0']) },
    holding_bars: distribution(hold),
    returns_by_label: { '1': distribution(Float64Array.from(byLabel['1'])), '0': distribution(Float64Array.from(byLabel['0'])), '-1': distribution(Float64Array.from(byLabel['-1'])) },
    ambiguous_bars: set.ambiguousBars,
    dropped: { ...set.dropped },
    avg_uniqueness: m > 0 ? mean(u) : null,
    uniqueness: distribution(u),
    sample_weights: distribution(w),
  };
  if (set.meta) {
    let pos = 0;
    for (let i = 0; i < m; i++) pos += set.meta[i];
    q.meta_positive_rate = share(pos);
  }
  return q;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** distribution(x) – n, mean, sample std, min, median, p90 (R-7 linear interpolation), max; nulls when empty. */
export function distribution(x: Float64Array): Distribution {
  const n = x.length;
  if (n === 0) return { n, mean: null, std: null, min: null, median: null, p90: null, max: null };
  const sorted = Float64Array.from(x).sort();
  const mu = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mu) ** 2;
  return { n, mean: mu, std: n > 1 ? Math.sqrt(ss / (n - 1)) : null, min: sorted[0], median: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), max: sorted[n - 1] };
}

/** quantileSorted(sorted, p) – R-7: h = (n − 1)p, linear between the neighbours. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
