import type { BookEvents } from '../../data/types.ts';
import { orderFlowImbalance } from './orderFlowImbalance.ts';

/**
 * multiLevelOfi(barTs, intervalMs, events, levels) – multi-level OFI of Xu, Gould & Howison:
 * `[mlofi_1, …, mlofi_levels]`, where mlofi_m applies the Cont–Kukanov–Stoikov e_n to the m-th best bid
 * and m-th best ask and sums it inside each bar exactly like {@link orderFlowImbalance} (same bar
 * alignment and conventions), so mlofi_1 ≡ ofi.
 * @param levels 1..events.depth. @default 5
 */
export function multiLevelOfi(barTs: Float64Array, intervalMs: number, events: BookEvents, levels = 5): Float64Array[] {
  if (!Number.isInteger(levels) || levels < 1 || levels > events.depth) {
    throw new Error(`multiLevelOfi: levels must be an integer in 1..${events.depth} (the events depth); was ${levels}`);
  }
  const out: Float64Array[] = [];
  for (let m = 1; m <= levels; m++) out.push(orderFlowImbalance(barTs, intervalMs, events, { level: m }));
  return out;
}
