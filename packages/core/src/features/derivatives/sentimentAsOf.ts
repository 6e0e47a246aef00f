import type { TimeSeries } from '../../data/types.ts';
import { asOfJoin } from './asOfJoin.ts';

/** Options for {@link sentimentAsOf}. */
export interface SentimentAsOfOptions {
  /** Extra delay after publication before a value may be used (ms). @default 0 */
  publicationLagMs?: number;
}

/**
 * sentimentAsOf(barCloseTs, sentiment) – `sentiment`: the latest value of an external series
 * (e.g. a daily index) PUBLISHED by the bar's close: `availableAt` (else `ts`) + lag ≤ close time.
 * A daily value that refers to day D but is published on D+1 is therefore only used from D+1.
 */
export function sentimentAsOf(barCloseTs: Float64Array, sentiment: TimeSeries, options: SentimentAsOfOptions = {}): Float64Array {
  return asOfJoin(barCloseTs, sentiment.availableAt ?? sentiment.ts, sentiment.value, { lagMs: options.publicationLagMs ?? 0 });
}
