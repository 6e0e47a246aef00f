/** Pipeline stages (RunProgress.stage) in words. */
export const STAGE_LABEL: Record<string, string> = {
  queued: 'Waiting for a worker', data: 'Loading data', qc: 'Checking data quality', features: 'Computing features', labels: 'Labelling events',
  cv: 'Cross-validating the model', walkforward: 'Walk-forward fitting and prediction', backtest: 'Backtesting with costs', metrics: 'Computing metrics', overfitting: 'Measuring overfitting', report: 'Writing the report',
  done: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted',
};
