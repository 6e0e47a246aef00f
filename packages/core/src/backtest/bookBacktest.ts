/**
 * Book mode: orders simulated against a replayed L2 stream (events = book state after each applied diff,
 * trades = the public trade tape), e.g. engineer C's replayBinanceCapture output.
 *
 * Model (documented in README.md):
 *  - an order decided at `ts` reaches the market at ts + latency (uniform in execution.latency_ms);
 *    it sees the last book state with event time ≤ arrival;
 *  - market orders walk the opposite side level by level (walkBook) and are partially filled when the
 *    visible depth (execution.book.levels) runs out; the rest is cancelled; taker fee;
 *  - limit orders first take what is marketable up to their price (taker), then rest at their price
 *    (maker) with a queue-position estimate: queue ahead = displayed size at that price on arrival.
 *    It shrinks by every trade printed at that price against our side, and by cancellations pro rata:
 *    between two book states, a fall in displayed size beyond the size traded there is treated as
 *    cancellations spread evenly over the queue, so the part ahead of us shrinks by
 *    cancelled × queueAhead / displayedBefore. Size added later joins behind us. A trade at our price
 *    fills us with what is left of it after the queue ahead; a trade through our price (a sell below a
 *    resting buy) fills the whole remainder. Unfilled remainders expire after execution.book.limit_ttl_ms;
 *  - our orders never change the replayed book (they are assumed small against it).
 */
import type { BookEvents, TradeSeries } from '../data/types.ts';
import type { ExecutionConfig } from '../config/execution.ts';
import { createRng } from '../util/rng.ts';
import { drawLatencyMs } from '../execution/latency.ts';
import { fillFee, type Liquidity } from '../execution/fees.ts';
import { displayedQtyAt, walkBook } from '../execution/bookWalk.ts';

export interface BookBacktestInput {
  symbol: string;
  events: BookEvents;
  trades: TradeSeries;
}

export interface BookOrderRequest {
  /** Decision time (ms). */
  ts: number;
  side: 1 | -1;
  qty: number;
  type: 'market' | 'limit';
  /** Required for limit orders. */
  limitPrice?: number;
}

export interface BookOrderResult {
  id: number;
  type: 'market' | 'limit';
  side: 1 | -1;
  qty: number;
  limitPrice: number;
  decisionTs: number;
  latencyMs: number;
  arrivalTs: number;
  /** Mid at the decision and at arrival. */
  decisionMid: number;
  arrivalMid: number;
  /** Best opposite price at arrival (ask for a buy). */
  arrivalTouch: number;
  /** Queue ahead when the limit order started resting (NaN if not visible then). */
  queueAhead: number;
  filledQty: number;
  avgFillPrice: number;
  status: 'filled' | 'partial' | 'unfilled';
}

export interface BookFill {
  orderId: number;
  ts: number;
  side: 1 | -1;
  qty: number;
  price: number;
  liquidity: Liquidity;
  fee: number;
}

export interface BookBacktestSummary {
  orders: number;
  filledQty: number;
  orderedQty: number;
  fillRate: number;
  partialOrders: number;
  makerFills: number;
  takerFills: number;
  fees: number;
  /** Notional-weighted bp vs the arrival mid, and vs the decision mid (implementation shortfall). */
  slippageBp: number;
  shortfallBp: number;
  meanLatencyMs: number;
  /** Cash and position after all fills, and their value at the last mid. */
  cash: number;
  position: number;
  finalValue: number;
}

export interface BookBacktestResult {
  orders: BookOrderResult[];
  fills: BookFill[];
  summary: BookBacktestSummary;
}

/** Index of the last row with ts ≤ t (−1 before the first). */
function rowAt(ts: Float64Array, t: number): number {
  let lo = 0, hi = ts.length - 1, ans = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (ts[mid] <= t) { ans = mid; lo = mid + 1; } else hi = mid - 1; }
  return ans;
}

function midAt(ev: BookEvents, row: number): number {
  if (row < 0) return Number.NaN;
  return (ev.bidPx[row * ev.depth] + ev.askPx[row * ev.depth]) / 2;
}

/** bookBacktest(input, orders, execution, {seed}) – simulates the orders over the replayed book; see the file comment. */
export function bookBacktest(input: BookBacktestInput, requests: BookOrderRequest[], execution: ExecutionConfig, opts: { seed: number; initialCash?: number }): BookBacktestResult {
  const ev = input.events, tr = input.trades, L = ev.depth;
  const rng = createRng(opts.seed).fork('book-latency');
  const range: [number, number] = [execution.latency_ms[0], execution.latency_ms[1]];
  const ttl = execution.book.limit_ttl_ms;
  const orders: BookOrderResult[] = [], fills: BookFill[] = [];
  const walk = new Float64Array(2 * L);
  const sorted = requests.map((r, i) => ({ r, i })).sort((a, b) => a.r.ts - b.r.ts || a.i - b.i);
  for (const { r } of sorted) {
    if (!(r.qty > 0)) throw new Error(`order qty must be > 0; was ${r.qty}`);
    if (r.type === 'limit' && !(r.limitPrice! > 0)) throw new Error(`limit order needs limitPrice > 0; was ${r.limitPrice}`);
    const id = orders.length;
    const latencyMs = drawLatencyMs(execution.models.latency, range, rng);
    const arrivalTs = r.ts + latencyMs;
    const row = rowAt(ev.ts, arrivalTs);
    const o: BookOrderResult = {
      id, type: r.type, side: r.side, qty: r.qty, limitPrice: r.type === 'limit' ? r.limitPrice! : Number.NaN, decisionTs: r.ts, latencyMs, arrivalTs,
      decisionMid: midAt(ev, rowAt(ev.ts, r.ts)), arrivalMid: midAt(ev, row), arrivalTouch: Number.NaN, queueAhead: Number.NaN,
      filledQty: 0, avgFillPrice: Number.NaN, status: 'unfilled',
    };
    orders.push(o);
    if (row < 0) continue;
    const oppPx = r.side === 1 ? ev.askPx : ev.bidPx, oppQty = r.side === 1 ? ev.askQty : ev.bidQty;
    o.arrivalTouch = oppPx[row * L];
    let notional = 0;
    const addFill = (ts: number, price: number, qty: number, liquidity: Liquidity): void => {
      const fee = fillFee(price * qty, liquidity, execution);
      fills.push({ orderId: id, ts, side: r.side, qty, price, liquidity, fee });
      o.filledQty += qty; notional += price * qty;
    };
    const k = walkBook(oppPx, oppQty, row, L, r.qty, o.limitPrice, r.side, walk);
    for (let j = 0; j < k; j++) addFill(arrivalTs, walk[2 * j], walk[2 * j + 1], 'taker');
    if (r.type === 'limit' && o.filledQty < r.qty) restLimit(o, row, addFill);
    o.avgFillPrice = o.filledQty > 0 ? notional / o.filledQty : Number.NaN;
    o.status = o.filledQty >= r.qty * (1 - 1e-12) ? 'filled' : o.filledQty > 0 ? 'partial' : 'unfilled';
  }
  return { orders, fills, summary: summarize(orders, fills, input, opts.initialCash ?? execution.initial_cash) };

  function restLimit(o: BookOrderResult, row: number, addFill: (ts: number, price: number, qty: number, liq: Liquidity) => void): void {
    const P = o.limitPrice, side = o.side;
    const ownPx = side === 1 ? ev.bidPx : ev.askPx, ownQty = side === 1 ? ev.bidQty : ev.askQty;
    let displayed = displayedQtyAt(ownPx, ownQty, row, L, P, side);
    let ahead = displayed; // NaN until the level is visible
    o.queueAhead = ahead;
    let tradedHere = 0;
    const end = o.arrivalTs + ttl;
    let e = row + 1, t = rowAt(tr.ts, o.arrivalTs) + 1;
    let rem = o.qty - o.filledQty;
    while (rem > 0) {
      const te = e < ev.ts.length ? ev.ts[e] : Infinity, tt = t < tr.ts.length ? tr.ts[t] : Infinity;
      const now = Math.min(te, tt);
      if (!(now <= end)) break;
      if (tt <= te) {
        // A trade: only aggressors on the other side (sellers for our bid) can reach us.
        if (tr.side[t] === -side) {
          const p = tr.price[t], q = tr.qty[t];
          if (side === 1 ? p < P : p > P) { addFill(tt, P, rem, 'maker'); break; }
          if (p === P) {
            tradedHere += q;
            // Queue unknown (level not visible yet): no place in it, so only trades through P fill us.
            if (ahead === ahead) {
              const forUs = q - ahead;
              ahead = Math.max(0, ahead - q);
              if (forUs > 0) { const f = Math.min(rem, forUs); addFill(tt, P, f, 'maker'); rem -= f; }
            }
          }
        }
        t++;
      } else {
        const now2 = displayedQtyAt(ownPx, ownQty, e, L, P, side);
        if (now2 === now2) {
          if (ahead !== ahead) ahead = now2; // the level just became visible: join behind what is shown
          else if (displayed === displayed && displayed > 0) {
            const cancelled = displayed - now2 - tradedHere;
            if (cancelled > 0) ahead = Math.max(0, ahead - (cancelled * ahead) / displayed);
          }
          displayed = now2;
        }
        tradedHere = 0;
        e++;
      }
    }
  }
}

function summarize(orders: BookOrderResult[], fills: BookFill[], input: BookBacktestInput, initialCash: number): BookBacktestSummary {
  let filled = 0, ordered = 0, partial = 0, notional = 0, slip = 0, is = 0, lat = 0;
  for (const o of orders) {
    ordered += o.qty; filled += o.filledQty; lat += o.latencyMs;
    if (o.status === 'partial') partial++;
    if (o.filledQty > 0) {
      const n = o.filledQty * o.avgFillPrice;
      notional += n;
      slip += (o.side * (o.avgFillPrice - o.arrivalMid) / o.arrivalMid) * 1e4 * n;
      is += (o.side * (o.avgFillPrice - o.decisionMid) / o.decisionMid) * 1e4 * n;
    }
  }
  let fees = 0, maker = 0, cash = initialCash, position = 0;
  for (const f of fills) { fees += f.fee; if (f.liquidity === 'maker') maker++; cash -= f.side * f.qty * f.price + f.fee; position += f.side * f.qty; }
  const lastMid = midAt(input.events, input.events.ts.length - 1);
  return {
    orders: orders.length, filledQty: filled, orderedQty: ordered, fillRate: ordered > 0 ? filled / ordered : Number.NaN, partialOrders: partial,
    makerFills: maker, takerFills: fills.length - maker, fees,
    slippageBp: notional > 0 ? slip / notional : Number.NaN, shortfallBp: notional > 0 ? is / notional : Number.NaN,
    meanLatencyMs: orders.length > 0 ? lat / orders.length : Number.NaN,
    cash, position, finalValue: cash + position * lastMid,
  };
}

export interface PeriodicBookOrdersOptions {
  /** Spacing of decisions in ms. @default 1000 */
  everyMs?: number;
  /** Size of each order (base units). @default 0.01 */
  qty?: number;
}

/**
 * periodicBookOrders(events, options) – a deterministic order flow for benchmarks and stress: one order every
 * `everyMs` from the first book state, alternating buy/sell; pairs alternate market orders and limit
 * orders joining the best price on their own side at decision time.
 */
export function periodicBookOrders(events: BookEvents, options: PeriodicBookOrdersOptions = {}): BookOrderRequest[] {
  const every = options.everyMs ?? 1000, qty = options.qty ?? 0.01;
  const n = events.ts.length;
  const out: BookOrderRequest[] = [];
  if (n === 0) return out;
  let k = 0;
  for (let t = events.ts[0] + every; t <= events.ts[n - 1]; t += every, k++) {
    const side: 1 | -1 = k % 2 === 0 ? 1 : -1;
    if ((k >> 1) % 2 === 0) { out.push({ ts: t, side, qty, type: 'market' }); continue; }
    const row = rowAt(events.ts, t);
    const px = side === 1 ? events.bidPx[row * events.depth] : events.askPx[row * events.depth];
    if (px > 0) out.push({ ts: t, side, qty, type: 'limit', limitPrice: px });
  }
  return out;
}
