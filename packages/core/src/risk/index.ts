/**
 * @skippy/core/risk – fractional Kelly sizing, volatility scaling, UTC-day limits, the portfolio
 * heat map, correlation monitoring, rebalancing suggestions and stress scenarios. See README.md.
 */
export { kellyFraction, fractionalKellySize, estimatePayoffRatio } from './kelly.ts';
export type { FractionalKellyOptions } from './kelly.ts';
export { realisedVolatility, realisedVolatilityAt, volatilityScale, periodsPerYearFromInterval, MS_PER_YEAR } from './volatility.ts';
export { utcDayStart, nextUtcDayStart } from './utcDay.ts';
export { rollingCorrelation, correlationAlerts } from './correlation.ts';
export type { CorrelationAlert } from './correlation.ts';
export { logReturnCovariance } from './covariance.ts';
export { riskHeatMap } from './heatMap.ts';
export type { RiskHeatMap, RiskHeatMapOptions } from './heatMap.ts';
export { rebalanceSuggestions } from './rebalance.ts';
export type { RebalanceSuggestion, RebalanceTarget } from './rebalance.ts';
export { buildRiskReport } from './riskReport.ts';
export type { RiskReport, RiskReportInput, RiskHalt } from './riskReport.ts';
export { betSizeFromProbability, averageActiveBets, discreteBetSize } from './betSize.ts';
