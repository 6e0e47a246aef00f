import type { BookEvents } from '../../data/types.ts';
import { barOf } from './barIndex.ts';
import { ofiTerm } from './ofiTerm.ts';

/** Options for {@link orderFlowImbalance}. */
export interface OrderFlowImbalanceOptions {
  /** Book level the flow is measured at, 1 = best bid/ask (mlofi_m uses level m). @default 1 */
  level?: number;
  /** Write into this array (length = bars) instead of allocating. */
  output?: Float64Array;
}

/**
 * orderFlowImbalance(barTs, intervalMs, events, options) – `ofi` of Cont, Kukanov & Stoikov (2014) per
 * bar: Σ e_n over the book states n whose time lies in the bar (barTs[b] ≤ ts_n < barTs[b] + intervalMs),
 * each e_n taken against the state just before it (row n − 1 of `events`, which may lie in an earlier
 * bar). See {@link ofiTerm} for e_n.
 *
 * Conventions: the first row of `events` has no predecessor and contributes 0; a bar with no event is 0;
 * a row with a missing level (NaN, e.g. the all-NaN row a capture replay writes at a chain break) gives 0
 * against its neighbours on that side. Events outside every bar are ignored. Causal: bar b uses only
 * states with ts < barTs[b] + intervalMs.
 */
export function orderFlowImbalance(barTs: Float64Array, intervalMs: number, events: BookEvents, options: OrderFlowImbalanceOptions = {}): Float64Array {
  const level = options.level ?? 1;
  const L = events.depth;
  if (!Number.isInteger(level) || level < 1 || level > L) throw new Error(`orderFlowImbalance: level must be an integer in 1..${L} (the events depth); was ${level}`);
  if (!(intervalMs > 0)) throw new Error(`orderFlowImbalance: intervalMs must be > 0; was ${intervalMs}`);
  const { ts, bidPx, bidQty, askPx, askQty } = events;
  const n = ts.length;
  if (bidPx.length !== n * L || askPx.length !== n * L || bidQty.length !== n * L || askQty.length !== n * L) {
    throw new Error(`orderFlowImbalance: events level arrays must hold ${n} × ${L} values`);
  }
  const out = options.output ?? new Float64Array(barTs.length);
  out.fill(0);
  const k = level - 1;
  const hint = { b: 0 };
  for (let i = 1; i < n; i++) {
    const b = barOf(barTs, intervalMs, ts[i], hint);
    if (b < 0) continue;
    const o = i * L + k;
    const p = o - L;
    out[b] += ofiTerm(bidPx[o], bidQty[o], askPx[o], askQty[o], bidPx[p], bidQty[p], askPx[p], askQty[p]);
  }
  return out;
}
