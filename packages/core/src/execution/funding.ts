import type { TimeSeries } from '../data/types.ts';

/**
 * fundingPayment(positionQty, markPrice, rate) – cash paid at one settlement:
 * position notional × rate. Positive = paid (debited), negative = received.
 * A positive rate debits longs (qty > 0) and credits shorts (qty < 0).
 */
export function fundingPayment(positionQty: number, markPrice: number, rate: number): number {
  return positionQty * markPrice * rate;
}

/** Settlements mapped onto bars: bar index (ascending, distinct) and the summed rate booked there. */
export interface FundingAtBars {
  bar: Int32Array;
  rate: Float64Array;
}

/**
 * fundingSettlementBars(barTs, intervalMs, funding) – where each settlement is booked. Settlement s is
 * booked at the first bar whose close (ts + intervalMs) is ≥ s, on the position held at that close: for
 * 8 h settlements aligned with bar opens this is the bar ending exactly at s, i.e. the position held at
 * the settlement instant (the next bar's fills happen after s plus latency). Several settlements inside
 * one bar add up. Settlements at or before the first bar's open (no position was held yet), after the
 * last bar's close, or with a non-finite rate are ignored. `funding.ts` is the settlement time.
 */
export function fundingSettlementBars(barTs: Float64Array, intervalMs: number, funding: TimeSeries): FundingAtBars {
  const n = barTs.length;
  const bars: number[] = [], rates: number[] = [];
  let j = 0;
  const fts = funding.ts, fv = funding.value;
  for (let k = 0; k < fts.length && n > 0; k++) {
    const s = fts[k], r = fv[k];
    if (!Number.isFinite(r) || s <= barTs[0]) continue;
    if (s > barTs[n - 1] + intervalMs) break;
    // binary search for the first bar with ts + intervalMs ≥ s, starting at j (settlements ascend)
    let lo = j, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (barTs[mid] + intervalMs < s) lo = mid + 1; else hi = mid; }
    j = lo;
    if (bars.length > 0 && bars[bars.length - 1] === j) rates[rates.length - 1] += r;
    else { bars.push(j); rates.push(r); }
  }
  return { bar: Int32Array.from(bars), rate: Float64Array.from(rates) };
}

/** fundingRatesAtBars(barTs, intervalMs, funding) – the same mapping as a dense per-bar array (0 where nothing is booked). */
export function fundingRatesAtBars(barTs: Float64Array, intervalMs: number, funding: TimeSeries): Float64Array {
  const out = new Float64Array(barTs.length);
  const f = fundingSettlementBars(barTs, intervalMs, funding);
  for (let k = 0; k < f.bar.length; k++) out[f.bar[k]] = f.rate[k];
  return out;
}
