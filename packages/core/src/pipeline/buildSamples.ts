import type { FeatureMatrix } from '../features/computeFeatures.ts';
import type { LabelSet } from '../labels/types.ts';

/** The supervised learning set: one sample per labelled event with every feature finite, pooled over symbols in time order. */
export interface SampleSet {
  n: number;
  /** Features per sample (columns of X). */
  p: number;
  names: string[];
  /** Row-major n × p feature matrix (value at the event's bar t0, known at its close). */
  X: Float64Array;
  /** 1 when the label return at t1 is > 0, else 0 (the primary model's target: the sign of the move). */
  y: Float64Array;
  /** Label return at t1 (simple, unsided). */
  ret: Float64Array;
  /** Event start / end times (bar open ms) – the label interval used for purging. */
  t0: Float64Array;
  t1: Float64Array;
  /** Symbol index (into `symbols`) and bar positions of t0 / t1 in that symbol's bars. */
  symbol: Int32Array;
  t0Idx: Int32Array;
  t1Idx: Int32Array;
  symbols: string[];
  /** Events dropped because a feature was NaN at t0 (warm-up). */
  rowsDropped: number;
}

/**
 * buildSamples(symbols, features, labels) – joins each symbol's label set (one horizon) with its
 * feature rows at t0 and pools the symbols, ordered by (t0, symbol index) so the splitters see
 * samples in time order. Events whose feature row has a NaN are dropped and counted.
 */
export function buildSamples(symbols: string[], features: FeatureMatrix[], labels: LabelSet[]): SampleSet {
  const p = features[0]?.names.length ?? 0;
  const names = features[0]?.names ?? [];
  let total = 0;
  for (const l of labels) total += l.t0Idx.length;
  const keepSym = new Int32Array(total), keepRow = new Int32Array(total), order = new Int32Array(total);
  let k = 0, dropped = 0;
  for (let s = 0; s < symbols.length; s++) {
    const f = features[s], l = labels[s];
    if (f.names.join() !== names.join()) throw new Error(`feature names differ between ${symbols[0]} and ${symbols[s]}`);
    for (let i = 0; i < l.t0Idx.length; i++) {
      const bar = l.t0Idx[i];
      let ok = true;
      for (let j = 0; j < p && ok; j++) if (!Number.isFinite(f.columns[j][bar])) ok = false;
      if (!ok) { dropped++; continue; }
      keepSym[k] = s; keepRow[k] = i; k++;
    }
  }
  // each symbol's kept events are already in t0 order: a k-way merge by (t0, symbol index)
  const n = k;
  const heads = new Int32Array(symbols.length), ends = new Int32Array(symbols.length);
  for (let i = 0, s = -1; i < k; i++) { if (keepSym[i] !== s) { s = keepSym[i]; heads[s] = i; } ends[s] = i + 1; }
  for (let s = 0; s < symbols.length; s++) if (ends[s] === 0) heads[s] = 0;
  for (let r = 0; r < n; r++) {
    let best = -1, bestT = Infinity;
    for (let s = 0; s < symbols.length; s++) {
      if (heads[s] >= ends[s]) continue;
      const t = labels[s].t0[keepRow[heads[s]]];
      if (t < bestT) { bestT = t; best = s; }
    }
    order[r] = heads[best]++;
  }
  const X = new Float64Array(n * p), y = new Float64Array(n), ret = new Float64Array(n), t0 = new Float64Array(n), t1 = new Float64Array(n);
  const symbol = new Int32Array(n), t0Idx = new Int32Array(n), t1Idx = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const s = keepSym[order[r]], i = keepRow[order[r]], l = labels[s], f = features[s];
    const bar = l.t0Idx[i];
    for (let j = 0; j < p; j++) X[r * p + j] = f.columns[j][bar];
    ret[r] = l.ret[i]; y[r] = l.ret[i] > 0 ? 1 : 0;
    t0[r] = l.t0[i]; t1[r] = l.t1[i]; symbol[r] = s; t0Idx[r] = bar; t1Idx[r] = l.t1Idx[i];
  }
  return { n, p, names, X, y, ret, t0, t1, symbol, t0Idx, t1Idx, symbols, rowsDropped: dropped };
}
