/**
 * @skippy/core/reports – the RunReport contract (what a run stores and the web app renders),
 * the RunProgress event, and the report-side kernels (LTTB downsampling). See README.md.
 */
export { lttb } from './lttb.ts';
export { verdictMetrics, storedVerdict } from './verdictMetrics.ts';
export type { VerdictMetrics, StoredVerdict } from './verdictMetrics.ts';
export type { LttbOptions, LttbResult } from './lttb.ts';
export { reportSummary, overfittingSummary, overfittingBulk } from './summary.ts';
export type { RunReportSummary, OverfittingSummary, OverfittingBulk } from './summary.ts';
export { RUN_REPORT_VERSION, EQUITY_MAX_POINTS, TCA_MAX_TRADE_ROWS, STAGES, RUN_STATUSES } from './types.ts';
export type {
  Num, StageName, RunStatus, StageStatus, HeadlineMetrics, VerdictReason, Verdict, EquitySection, TcaFigures,
  TcaBreakdownRow, TcaTradeReportRow, InflationFiguresReport, TcaSection, RiskSection, VariantInfo, OverfittingSection,
  LabelHorizonQuality, LabelsSection, FoldResult, FoldsSection, FeaturesSection, QcSummary, DatasetSection,
  ArtifactInfo, RunReport, EquityPoint, RunProgress, VariantRow, AblationLift, VariantsSection,
  WalkForwardWindowReport, ProtocolSection, BaselineReport, RealismSection, CostsSection, MetaSection, CpcvPathsSection, ModelSection,
} from './types.ts';
export type { PolicyHistoryPoint, PolicyTrainingSection } from './types.ts';
