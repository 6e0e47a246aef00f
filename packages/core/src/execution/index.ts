/**
 * @skippy/core/execution – pluggable cost, fill and latency pieces shared by every backtest mode:
 * slippage (curve by notional, square-root impact, fixed, none), fees by liquidity side, funding,
 * partial fills, the participation cap and latency. See README.md.
 */
export { curveSlippageRate, sqrtImpactRate, slippageRate } from './slippage.ts';
export { fillFee } from './fees.ts';
export type { Liquidity } from './fees.ts';
export { fundingPayment, fundingRatesAtBars, fundingSettlementBars } from './funding.ts';
export type { FundingAtBars } from './funding.ts';
export { drawFillFraction, participationCap } from './fill.ts';
export { drawLatencyMs } from './latency.ts';
export { walkBook, displayedQtyAt } from './bookWalk.ts';
