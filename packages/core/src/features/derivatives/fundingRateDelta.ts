import type { TimeSeries } from '../../data/types.ts';
import { asOfJoin } from './asOfJoin.ts';

/**
 * fundingRateDelta(barCloseTs, funding) – `funding_rate_delta`: the change of the last SETTLED funding
 * rate, r_k − r_{k−1}, where settlement k is the latest one known at the bar's close time
 * (known from `availableAt`, else `ts` = settlement time). NaN before the second known settlement.
 * Between settlements the value stays at the last change (it is a step function of settlements).
 */
export function fundingRateDelta(barCloseTs: Float64Array, funding: TimeSeries): Float64Array {
  const m = funding.value.length;
  const delta = new Float64Array(m);
  if (m > 0) delta[0] = NaN;
  for (let k = 1; k < m; k++) delta[k] = funding.value[k] - funding.value[k - 1];
  return asOfJoin(barCloseTs, funding.availableAt ?? funding.ts, delta);
}
