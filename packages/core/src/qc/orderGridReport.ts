import type { OrderDedupeResult } from './orderAndDedupe.ts';
import type { GridScan } from './scanGrid.ts';
import type { QcReport } from './types.ts';

type OrderGridFields = Pick<QcReport, 'duplicates' | 'conflicts' | 'out_of_order' | 'off_grid' | 'gaps'>;
type OrderGridCounts = Pick<QcReport['counts'], 'duplicates' | 'duplicate_rows_dropped' | 'conflicts' | 'out_of_order' | 'off_grid' | 'gaps' | 'bars_missing' | 'duplicate_times'>;

/**
 * orderGridReport(od, scan) – the report fields and counts that bar and time-series QC share:
 * what ordering/de-duplication found and what the grid scan found (nothing when there is no grid).
 */
export function orderGridReport(od: OrderDedupeResult, scan: GridScan | null): { fields: OrderGridFields; counts: OrderGridCounts } {
  return {
    fields: {
      duplicates: od.duplicates,
      conflicts: od.conflicts,
      out_of_order: od.outOfOrder,
      off_grid: scan?.offGrid ?? [],
      gaps: scan?.gaps ?? [],
    },
    counts: {
      duplicates: od.duplicateCount,
      duplicate_rows_dropped: od.duplicateRowsDropped,
      duplicate_times: od.summary.times,
      conflicts: od.conflictCount,
      out_of_order: od.outOfOrderCount,
      off_grid: scan?.offGridCount ?? 0,
      gaps: scan?.gapCount ?? 0,
      bars_missing: scan?.barsMissing ?? 0,
    },
  };
}
