import type { BarSeries } from '../data/types.ts';

/**
 * alignBars(series) – keeps only the timestamps present in every series (an inner join on ts, which must
 * be ascending in each), so multi-asset inputs share one bar index. Returns new series keyed by symbol;
 * `columns` are aligned too. Inputs are not mutated.
 */
export function alignBars(series: BarSeries[]): Record<string, BarSeries> {
  if (series.length === 0) return {};
  let common = series[0].ts;
  for (let k = 1; k < series.length; k++) {
    const b = series[k].ts, keep: number[] = [];
    let i = 0, j = 0;
    while (i < common.length && j < b.length) {
      if (common[i] === b[j]) { keep.push(common[i]); i++; j++; } else if (common[i] < b[j]) i++; else j++;
    }
    common = Float64Array.from(keep);
  }
  const out: Record<string, BarSeries> = {};
  for (const s of series) {
    const rows = new Int32Array(common.length);
    let j = 0;
    for (let i = 0; i < common.length; i++) { while (s.ts[j] !== common[i]) j++; rows[i] = j; }
    const pick = (x: Float64Array) => { const o = new Float64Array(rows.length); for (let i = 0; i < rows.length; i++) o[i] = x[rows[i]]; return o; };
    out[s.symbol] = {
      symbol: s.symbol, intervalMs: s.intervalMs, ts: Float64Array.from(common),
      open: pick(s.open), high: pick(s.high), low: pick(s.low), close: pick(s.close), volume: pick(s.volume),
      ...(s.columns ? { columns: Object.fromEntries(Object.entries(s.columns).map(([k, v]) => [k, pick(v)])) } : {}),
    };
  }
  return out;
}
