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

/** transactionCostAnalysis(orders, fills, trades, options) – per-order, per-trade and aggregate TCA. */
export function transactionCostAnalysis(orders: BacktestOrder[], fills: BacktestFill[], trades: BacktestTrade[], options: TcaOptions = {}): TcaReport {
  const smallMax = options.smallMaxNotional ?? 1000, largeMin = options.largeMinNotional ?? 10_000;
  const feeByOrder = new Float64Array(orders.length);
  for (const f of fills) feeByOrder[f.orderId] += f.fee;
  const rows: TcaOrderRow[] = [];
  for (const o of orders) {
    const ordered = o.qty * o.decisionPrice;
    const notional = o.filledQty > 0 ? o.filledQty * o.avgFillPrice : 0;
    rows.push({
      orderId: o.id, tradeId: o.tradeId, symbol: o.symbol, side: o.side, kind: o.kind,
      sizeBucket: ordered < smallMax ? 'small' : ordered <= largeMin ? 'medium' : 'large',
      decisionPrice: o.decisionPrice, arrivalPrice: o.arrivalPrice, avgFillPrice: o.avgFillPrice,
      orderedQty: o.qty, filledQty: o.filledQty, notional,
      slippageBp: o.filledQty > 0 ? (o.side * (o.avgFillPrice - o.arrivalPrice) / o.arrivalPrice) * 1e4 : Number.NaN,
      shortfallBp: o.filledQty > 0 ? (o.side * (o.avgFillPrice - o.decisionPrice) / o.decisionPrice) * 1e4 : Number.NaN,
      fees: feeByOrder[o.id], fillRate: o.qty > 0 ? o.filledQty / o.qty : Number.NaN,
      partialFills: o.partialFills, latencyMs: o.latencyMs,
    });
  }
  const byTrade = new Map<number, TcaOrderRow[]>();
  for (const r of rows) if (r.tradeId >= 0) (byTrade.get(r.tradeId) ?? byTrade.set(r.tradeId, []).get(r.tradeId)!).push(r);
  const tradeRows: TcaTradeRow[] = trades.map((t) => {
    const s = summarize(byTrade.get(t.id) ?? [], 0);
    return { tradeId: t.id, symbol: t.symbol, side: t.side, slippageBp: s.slippageBp, shortfallBp: s.shortfallBp, fees: t.fees, slippage: t.slippage,
      funding: t.funding, fillRate: s.fillRate, partialFills: s.partialFills, latencyMs: s.meanLatencyMs };
  });
  const funding = trades.reduce((acc, t) => acc + t.funding, 0);
  return {
    orders: rows,
    trades: tradeRows,
    aggregate: summarize(rows, funding),
    bySize: {
      small: summarize(rows.filter((r) => r.sizeBucket === 'small'), Number.NaN),
      medium: summarize(rows.filter((r) => r.sizeBucket === 'medium'), Number.NaN),
      large: summarize(rows.filter((r) => r.sizeBucket === 'large'), Number.NaN),
    },
    bySide: { buy: summarize(rows.filter((r) => r.side === 1), Number.NaN), sell: summarize(rows.filter((r) => r.side === -1), Number.NaN) },
  };
}

/** Notional-weighted bp, summed fees, quantity-weighted fill rate. `funding` is passed through (NaN where it does not split by order). */
function summarize(rows: TcaOrderRow[], funding: number): TcaSummary {
  let notional = 0, slip = 0, is = 0, fees = 0, ordered = 0, filled = 0, partial = 0, lat = 0;
  for (const r of rows) {
    if (r.filledQty > 0) { notional += r.notional; slip += r.slippageBp * r.notional; is += r.shortfallBp * r.notional; }
    fees += r.fees; ordered += r.orderedQty; filled += r.filledQty; partial += r.partialFills; lat += r.latencyMs;
  }
  return {
    orders: rows.length, filledNotional: notional,
    slippageBp: notional > 0 ? slip / notional : Number.NaN, shortfallBp: notional > 0 ? is / notional : Number.NaN,
    fees, funding, fillRate: ordered > 0 ? filled / ordered : Number.NaN, partialFills: partial,
    meanLatencyMs: rows.length > 0 ? lat / rows.length : Number.NaN,
  };
}
