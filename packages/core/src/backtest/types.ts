import type { BarSeries, TimeSeries } from '../data/types.ts';
import type { ExecutionConfig } from '../config/execution.ts';
import type { RiskConfig } from '../config/risk.ts';
import type { Liquidity } from '../execution/fees.ts';
import type { ReturnSummary } from '../eval/index.ts';
import type { TcaReport } from './tca.ts';
import type { RiskHalt, RiskReport } from '../risk/riskReport.ts';

/** A per-asset signal: side[t] ∈ {−1, 0, +1} decided on bar t's close; prob[t] optional meta-model probability. */
export interface BacktestSignals {
  side: Int8Array;
  prob?: Float64Array;
  /**
   * Target position as a share of equity decided on bar t's close (≥ 0; direction comes from `side`).
   * When given it replaces Kelly from prob/payoffRatio: entry notional = size[t] (× volatility scale when
   * risk.volatility_scaling is on, capped at risk.max_position_pct) × equity at t's close. 0 (or NaN) with a
   * non-zero side = stay flat. The size is fixed at entry: a trade is never resized while the side holds.
   */
  size?: Float64Array;
}

export interface BacktestInput {
  /** Bars per asset; all assets share the same `ts` (use alignBars first when they do not). */
  bars: Record<string, BarSeries>;
  signals: Record<string, BacktestSignals>;
  /** Quoted spread as a fraction of price ((ask − bid) / mid) at each bar's close. */
  spread?: Record<string, Float64Array>;
  /** Funding rate per 8 h settlement (ts = settlement time). */
  funding?: Record<string, TimeSeries>;
  /**
   * Payoff ratio b (average win / average loss) for Kelly sizing, estimated by the caller on
   * TRAINING data only (estimatePayoffRatio). Required when any signal carries `prob`.
   */
  payoffRatio?: number;
}

export interface BacktestConfig {
  execution: ExecutionConfig;
  risk: RiskConfig;
}

export interface BacktestOptions {
  /** Seed of the fill and latency draws. */
  seed: number;
  /** Annualisation; default from the bar interval (365.25-day year). */
  periodsPerYear?: number;
  /** Rows of the risk heat map after downsampling. @default 500 */
  heatMapRows?: number;
}

/** Bars during which entries were blocked, per risk rule. */
export interface HaltedBars {
  daily_loss_limit: number;
  consecutive_losses: number;
  any: number;
}

export type ExitReason = 'signal' | 'daily_loss_limit' | 'open';
export type OrderStatus = 'filled' | 'partial' | 'cancelled' | 'open';

export interface BacktestOrder {
  id: number;
  symbol: string;
  kind: 'entry' | 'exit';
  /** +1 buy, −1 sell. */
  side: 1 | -1;
  reason: ExitReason | 'entry';
  /** Decision time: close time of the signal bar. */
  decisionTs: number;
  decisionBar: number;
  /** Close of the signal bar. */
  decisionPrice: number;
  /** Quantity ordered (base units, positive). */
  qty: number;
  filledQty: number;
  latencyMs: number;
  /** Time and price at which the order reached the market on its first attempt. */
  arrivalTs: number;
  arrivalPrice: number;
  /** Volume-weighted fill price (NaN without fills). */
  avgFillPrice: number;
  fills: number;
  /** Fills smaller than what was asked of that attempt (partial-fill draw or participation cap). */
  partialFills: number;
  status: OrderStatus;
  tradeId: number;
}

export interface BacktestFill {
  orderId: number;
  symbol: string;
  ts: number;
  bar: number;
  side: 1 | -1;
  qty: number;
  /** Price paid/received including slippage and half spread. */
  price: number;
  /** Reference (arrival) price before costs. */
  refPrice: number;
  fee: number;
  /** Slippage cost in quote currency: qty × |price − refPrice|. */
  slippage: number;
  liquidity: Liquidity;
}

export interface BacktestTrade {
  id: number;
  symbol: string;
  side: 1 | -1;
  entryTs: number;
  entryPrice: number;
  exitTs: number;
  exitPrice: number;
  /** Quantity held (base units). */
  size: number;
  fees: number;
  slippage: number;
  /** Funding paid (negative = received). */
  funding: number;
  /** Net PnL after fees, slippage (in the prices) and funding. */
  pnl: number;
  exitReason: ExitReason;
  entryOrderId: number;
  exitOrderId: number;
}

/** A halt: daily loss limit (flatten, no entries until the next UTC day) or consecutive-loss pause. */
export type HaltEvent = RiskHalt;

export interface EquityCurve {
  /** The bars' own `ts` (bar OPEN time, shared, not copied); equity[i] is marked at bar i's close, ts[i] + intervalMs. */
  ts: Float64Array;
  equity: Float64Array;
  /** Cash after every fill, fee, slippage and funding payment. */
  cash: Float64Array;
  /** Position (base units, signed) per asset at each bar's close. */
  positions: Record<string, Float64Array>;
}

export interface BacktestMetrics {
  summary: ReturnSummary;
  initialCash: number;
  finalEquity: number;
  trades: number;
  winRate: number;
  fees: number;
  slippage: number;
  funding: number;
  /** Traded notional / average equity. */
  turnover: number;
  /** Share of bars with a non-zero position in any asset. */
  exposure: number;
  /** Halt events (daily loss limit + consecutive-loss pauses). */
  halts: number;
  /**
   * Bars whose close falls inside a halt – entries decided there are blocked – per rule; `any` counts a bar
   * once when both rules are in force.
   */
  haltedBars: HaltedBars;
  /** haltedBars.any / bars (0 without bars). */
  haltedShare: number;
  periodsPerYear: number;
}

export interface BacktestResult {
  symbols: string[];
  equity: EquityCurve;
  trades: BacktestTrade[];
  orders: BacktestOrder[];
  fills: BacktestFill[];
  halts: HaltEvent[];
  metrics: BacktestMetrics;
  tca: TcaReport;
  risk: RiskReport;
}
