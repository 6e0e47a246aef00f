/** What the datasets.* routes answer for the Data page (the server types them as unknown: QC reports are plain JSON). */
import type { DuplicateRule, QcDuplicateSummary, QcReport } from '@skippy/core/qc';

export type { DuplicateRule };

/** How an ingest resolved repeated times: core's QC duplicate summary, as the server sends it. */
export type DuplicateSummary = QcDuplicateSummary;

export interface FileIngestAnswer {
  kind: 'file';
  name: string;
  ingest: { dataset: string; symbol: string; interval: string; added: number; replaced: number; rows: number; file: string; duplicates: DuplicateSummary };
  qc: QcReport;
}

export interface CcxtAnswer {
  kind: 'ccxt';
  report: {
    source: string; dryRun: boolean; since: number; until: number; plannedCalls: number; calls: number; marketCalls: number;
    budget: number | null; budgetExhausted: boolean; skippedCalls: number;
    items: { symbol: string; market: string; interval: string; missingBars: number; plannedCalls: number; calls: number; fetchedBars: number; added: number }[];
  };
  missing: { symbol: string; interval: string; ranges: [number, number][]; rangeCount: number }[];
}

/** The dataset a run can be pointed at: data.source store + data.dataset, one symbol and interval. */
export interface RunTarget {
  dataset: string;
  symbol: string;
  interval: string;
}

export const DUPLICATE_RULE_LABEL: Record<DuplicateRule, string> = {
  precision: 'Keep the most precise row (most decimals)',
  first: 'Keep the first row in the file',
  last: 'Keep the last row in the file',
};
