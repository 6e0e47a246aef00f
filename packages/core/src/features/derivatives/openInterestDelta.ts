import type { TimeSeries } from '../../data/types.ts';
import { asOfJoin } from './asOfJoin.ts';

/**
 * openInterestDelta(barCloseTs, openInterest) – `oi_delta[t] = OI_t / OI_{t−1} − 1`, where OI_t is the
 * open interest known at bar t's close (as-of join on `availableAt`, else `ts`): a bar-to-bar change,
 * 0 while no new observation arrives. NaN at t = 0 and until OI is known at both bars.
 */
export function openInterestDelta(barCloseTs: Float64Array, openInterest: TimeSeries): Float64Array {
  const oi = asOfJoin(barCloseTs, openInterest.availableAt ?? openInterest.ts, openInterest.value);
  const n = oi.length;
  const out = new Float64Array(n);
  if (n > 0) out[0] = NaN;
  for (let t = 1; t < n; t++) out[t] = oi[t] / oi[t - 1] - 1;
  return out;
}
