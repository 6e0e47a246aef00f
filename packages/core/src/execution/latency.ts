import type { Rng } from '../util/rng.ts';
import type { ExecutionConfig } from '../config/execution.ts';

/**
 * drawLatencyMs(model, range, rng) – order latency in ms: uniform in [lo, hi] from
 * execution.latency_ms, or a fixed value. Recorded on every order.
 */
export function drawLatencyMs(model: ExecutionConfig['models']['latency'], range: readonly [number, number], rng: Rng): number {
  if (model.kind === 'fixed') return model.ms;
  return range[0] + (range[1] - range[0]) * rng.next();
}
