/**
 * The report as the browser opens it: a default 30-day run stores ~740 kB of JSON, ~85 % of it the
 * CSCV per-combination arrays (one logit and one IS/OOS Sharpe pair per combination: 12,870 of each
 * at 16 partitions). Parsing all of it on the page's main thread is a long task, so `reports.get`
 * sends reportSummary(report) — every figure, without those arrays — and `reports.overfitting` sends
 * overfittingBulk(report), which the web app fetches and reduces inside its chart worker.
 */
import type { OverfittingSection, RunReport } from './types.ts';

/** The overfitting section without its per-combination arrays; the counts say how many there are. */
export type OverfittingSummary = Omit<OverfittingSection, 'logits' | 'degradation'> & {
  degradation: Omit<OverfittingSection['degradation'], 'is' | 'oos'>;
  /** Length of OverfittingSection.logits (fetch them with reports.overfitting). */
  logitCount: number;
  /** Length of OverfittingSection.degradation.is / .oos. */
  degradationCount: number;
};

/** RunReport with overfitting replaced by its summary. */
export type RunReportSummary = Omit<RunReport, 'overfitting'> & { overfitting: OverfittingSummary | null };

/** The per-combination arrays left out of the summary. */
export interface OverfittingBulk {
  logits: number[];
  is: number[];
  oos: number[];
}

/** overfittingSummary(o) – o without logits and degradation.is/oos; every scalar kept as is. */
export function overfittingSummary(o: OverfittingSection): OverfittingSummary {
  const { logits, degradation, ...rest } = o;
  const { is, oos: _oos, ...fit } = degradation;
  return { ...rest, degradation: fit, logitCount: logits.length, degradationCount: is.length };
}

/** reportSummary(report) – the report with the overfitting section's bulky arrays left out. */
export function reportSummary(report: RunReport): RunReportSummary {
  return { ...report, overfitting: report.overfitting ? overfittingSummary(report.overfitting) : null };
}

/** overfittingBulk(report) – the arrays reportSummary leaves out (empty when there is no overfitting section). */
export function overfittingBulk(report: RunReport): OverfittingBulk {
  const o = report.overfitting;
  return o ? { logits: o.logits, is: o.degradation.is, oos: o.degradation.oos } : { logits: [], is: [], oos: [] };
}
