import type { TimeSeries } from '../data/types.ts';

/**
 * fundingPayment(positionQty, markPrice, rate) – cash paid at one settlement:
 * position notional × rate. Positive = paid (debited), negative = received.
 * A positive rate debits longs (qty > 0) and credits shorts (qty < 0).
 */
export function fundingPayment(positionQty: number, markPrice: number, rate: number): number {
  return positionQty * markPrice * rate;
}

/**
 * fundingRatesAtBars(barTs, intervalMs, funding) – the funding rate booked at each bar (0 where
 * no settlement falls). Settlement s is booked at the first bar whose close (ts + intervalMs) is
 * ≥ s, on the position held at that close: for 8 h settlements aligned with bar opens this is the
 * bar ending exactly at s, i.e. the position held at the settlement instant (the next bar's fills
 * happen after s plus latency). Several settlements inside one bar add up. Settlements at or before the
 * first bar's open (no position was held yet) or after the last bar's close are ignored. `funding.ts` is the settlement time.
 */
export function fundingRatesAtBars(barTs: Float64Array, intervalMs: number, funding: TimeSeries): Float64Array {
  const n = barTs.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let j = 0;
  const fts = funding.ts, fv = funding.value;
  for (let k = 0; k < fts.length; k++) {
    const s = fts[k], r = fv[k];
    if (!Number.isFinite(r) || s <= barTs[0]) continue;
    if (s > barTs[n - 1] + intervalMs) break;
    while (j < n && barTs[j] + intervalMs < s) j++;
    if (j < n) out[j] += r;
  }
  return out;
}
