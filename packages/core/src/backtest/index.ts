/**
 * @skippy/core/backtest – bar-mode backtester (runBacktest), the from_signals parity mode
 * (simpleBacktest), book mode over an L2 replay (bookBacktest), TCA and backtest inflation. See README.md.
 */
export { runBacktest, backtestMetrics, barEngineInput } from './runBacktest.ts';
export { BarEngine } from './barEngine.ts';
export type { BarEngineInput, BarEngineOutput, BarEngineState } from './barEngine.ts';
export { simpleBacktest, equityReturns } from './simpleBacktest.ts';
export type { SimpleBacktestOptions, SimpleBacktestResult, SimpleTrade } from './simpleBacktest.ts';
export { maCrossSignals, crossedAbove, sideToEntriesExits } from './signals.ts';
export type { MaCross } from './signals.ts';
export { backtestInflation, frictionlessConfig, noHaltsConfig, inflationFromSummaries } from './inflation.ts';
export type { BacktestInflation, InflationFigures } from './inflation.ts';
export { transactionCostAnalysis } from './tca.ts';
export type { TcaReport, TcaOrderRow, TcaTradeRow, TcaSummary, SizeBucket, TcaOptions } from './tca.ts';
export { rollingMean } from './rollingMean.ts';
export type {
  BacktestInput, BacktestSignals, BacktestConfig, BacktestOptions, BacktestResult, BacktestOrder, BacktestFill,
  BacktestTrade, HaltEvent, EquityCurve, BacktestMetrics, ExitReason, OrderStatus,
} from './types.ts';
export { bookBacktest, periodicBookOrders } from './bookBacktest.ts';
export type { BookBacktestInput, BookOrderRequest, BookOrderResult, BookFill, BookBacktestSummary, BookBacktestResult, PeriodicBookOrdersOptions } from './bookBacktest.ts';
export { runStressTests, applyStressScenario, timeWindowInput, DEFAULT_STRESS_SCENARIOS } from './stress.ts';
export type { StressScenario, StressOutcome, StressReport } from './stress.ts';
export { parseSignalsCsv, bookOrdersFromSignals } from './signalInputs.ts';
export { alignBars } from './alignBars.ts';
export { equityCsv, tradesCsv, simpleEquityCsv, simpleTradesCsv } from './csv.ts';
