/**
 * Transaction cost analysis over a finished run's orders, fills and trades.
 * Conventions (bp = 1e-4, signed so that a positive number is a cost):
 *  - decision price: close of the signal bar; arrival price: the market price when the order
 *    arrives after its latency (bar mode: open + latency share of the bar's open→close move);
 *  - slippage vs arrival = side × (avg fill − arrival) / arrival × 1e4;
 *  - implementation shortfall vs decision = side × (avg fill − decision) / decision × 1e4;
 *  - fill rate = filled / ordered quantity; aggregates weight bp figures by filled notional.
 */
import type { BacktestFill, BacktestOrder, BacktestTrade } from './types.ts';

export type SizeBucket = 'small' | 'medium' | 'large';

export interface TcaOrderRow {
  orderId: number;
  tradeId: number;
  symbol: string;
  side: 1 | -1;
  kind: 'entry' | 'exit';
  sizeBucket: SizeBucket;
  decisionPrice: number;
  arrivalPrice: number;
  avgFillPrice: number;
  orderedQty: number;
  filledQty: number;
  /** filledQty × avgFillPrice. */
  notional: number;
  slippageBp: number;
  shortfallBp: number;
  fees: number;
  fillRate: number;
  partialFills: number;
  latencyMs: number;
}

export interface TcaTradeRow {
  tradeId: number;
  symbol: string;
  side: 1 | -1;
  slippageBp: number;
  shortfallBp: number;
  fees: number;
  slippage: number;
  funding: number;
  fillRate: number;
  partialFills: number;
  latencyMs: number;
}

export interface TcaSummary {
  orders: number;
  filledNotional: number;
  slippageBp: number;
  shortfallBp: number;
  fees: number;
  funding: number;
  fillRate: number;
  partialFills: number;
  meanLatencyMs: number;
}

export interface TcaReport {
  orders: TcaOrderRow[];
  trades: TcaTradeRow[];
  aggregate: TcaSummary;
  bySize: Record<SizeBucket, TcaSummary>;
  bySide: { buy: TcaSummary; sell: TcaSummary };
}

export interface TcaOptions {
  /** Ordered notional below which an order is "small". @default 1000 */
  smallMaxNotional?: number;
  /** Ordered notional above which an order is "large". @default 10000 */
  largeMinNotional?: number;
}

/** transactionCostAnalysis(orders, fills, trades, options) – per-order, per-trade and aggregate TCA (one pass per list, accumulators in typed arrays). */
export function transactionCostAnalysis(orders: BacktestOrder[], fills: BacktestFill[], trades: BacktestTrade[], options: TcaOptions = {}): TcaReport {
  const smallMax = options.smallMaxNotional ?? 1000, largeMin = options.largeMinNotional ?? 10_000;
  const feeByOrder = new Float64Array(orders.length);
  for (let k = 0; k < fills.length; k++) feeByOrder[fills[k].orderId] += fills[k].fee;
  // Accumulators: groups 0 all, 1 small, 2 medium, 3 large, 4 buy, 5 sell; then one group per trade.
  const G = 6 + trades.length;
  const acc = new Float64Array(G * 8); // notional, slip·n, is·n, fees, ordered, filled, partial, latency
  const cnt = new Int32Array(G);
  const rows: TcaOrderRow[] = new Array(orders.length);
  for (let k = 0; k < orders.length; k++) {
    const o = orders[k];
    const ordered = o.qty * o.decisionPrice;
    const bucket: SizeBucket = ordered < smallMax ? 'small' : ordered <= largeMin ? 'medium' : 'large';
    const filled = o.filledQty > 0;
    const notional = filled ? o.filledQty * o.avgFillPrice : 0;
    const slip = filled ? (o.side * (o.avgFillPrice - o.arrivalPrice) / o.arrivalPrice) * 1e4 : Number.NaN;
    const is = filled ? (o.side * (o.avgFillPrice - o.decisionPrice) / o.decisionPrice) * 1e4 : Number.NaN;
    rows[k] = {
      orderId: o.id, tradeId: o.tradeId, symbol: o.symbol, side: o.side, kind: o.kind, sizeBucket: bucket,
      decisionPrice: o.decisionPrice, arrivalPrice: o.arrivalPrice, avgFillPrice: o.avgFillPrice,
      orderedQty: o.qty, filledQty: o.filledQty, notional, slippageBp: slip, shortfallBp: is,
      fees: feeByOrder[o.id], fillRate: o.qty > 0 ? o.filledQty / o.qty : Number.NaN, partialFills: o.partialFills, latencyMs: o.latencyMs,
    };
    const gBucket = bucket === 'small' ? 1 : bucket === 'medium' ? 2 : 3, gSide = o.side === 1 ? 4 : 5;
    const gTrade = o.tradeId >= 0 && o.tradeId < trades.length ? 6 + o.tradeId : -1; // trade ids are their index
    for (let g = 0; g < 4; g++) {
      const gi = g === 0 ? 0 : g === 1 ? gBucket : g === 2 ? gSide : gTrade;
      if (gi < 0) continue;
      const b = gi * 8;
      if (filled) { acc[b] += notional; acc[b + 1] += slip * notional; acc[b + 2] += is * notional; }
      acc[b + 3] += feeByOrder[o.id]; acc[b + 4] += o.qty; acc[b + 5] += o.filledQty; acc[b + 6] += o.partialFills; acc[b + 7] += o.latencyMs;
      cnt[gi]++;
    }
  }
  const summary = (gi: number, funding: number): TcaSummary => {
    const b = gi * 8, n = cnt[gi], notional = acc[b];
    return {
      orders: n, filledNotional: notional,
      slippageBp: notional > 0 ? acc[b + 1] / notional : Number.NaN, shortfallBp: notional > 0 ? acc[b + 2] / notional : Number.NaN,
      fees: acc[b + 3], funding, fillRate: acc[b + 4] > 0 ? acc[b + 5] / acc[b + 4] : Number.NaN, partialFills: acc[b + 6],
      meanLatencyMs: n > 0 ? acc[b + 7] / n : Number.NaN,
    };
  };
  let funding = 0;
  const tradeRows: TcaTradeRow[] = new Array(trades.length);
  for (let k = 0; k < trades.length; k++) {
    const t = trades[k], s = summary(6 + k, t.funding);
    funding += t.funding;
    tradeRows[k] = { tradeId: t.id, symbol: t.symbol, side: t.side, slippageBp: s.slippageBp, shortfallBp: s.shortfallBp, fees: t.fees, slippage: t.slippage,
      funding: t.funding, fillRate: s.fillRate, partialFills: s.partialFills, latencyMs: s.meanLatencyMs };
  }
  return {
    orders: rows,
    trades: tradeRows,
    aggregate: summary(0, funding),
    bySize: { small: summary(1, Number.NaN), medium: summary(2, Number.NaN), large: summary(3, Number.NaN) },
    bySide: { buy: summary(4, Number.NaN), sell: summary(5, Number.NaN) },
  };
}
