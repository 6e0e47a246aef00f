import { SortableTable, fmtInt, fmtPct, fmtRatio, type Column } from '@skippy/ui';
import type { VariantRow, VariantsSection } from '@skippy/core/reports';

export interface VariantsTableProps {
  data: VariantsSection | null | undefined;
}

const COLUMNS: Column<VariantRow>[] = [
  { key: 'name', label: 'Variant', render: (r) => <>{r.name}{r.isBase ? <> <b>(base)</b></> : null}{r.isBest ? <> <b>(best)</b></> : null}</>, sortValue: (r) => r.name },
  { key: 'differs', label: 'Differs from the base', render: (r) => r.differs || '—', sortValue: (r) => r.differs },
  { key: 'features', label: 'Features', align: 'right', render: (r) => fmtInt(r.features.length), sortValue: (r) => r.features.length, title: 'Feature columns the variant used' },
  { key: 'acc', label: 'OOS accuracy', align: 'right', render: (r) => fmtPct(r.oosAccuracy, 1), sortValue: (r) => r.oosAccuracy ?? Number.NaN },
  { key: 'auc', label: 'AUC', align: 'right', render: (r) => fmtRatio(r.oosAuc, 3), sortValue: (r) => r.oosAuc ?? Number.NaN },
  { key: 'sharpe', label: 'OOS Sharpe / bar', align: 'right', render: (r) => fmtRatio(r.sharpe, 4), sortValue: (r) => r.sharpe ?? Number.NaN, title: 'Per-bar Sharpe of the out-of-sample signal returns (costed)' },
  { key: 'sharpeAnn', label: 'Annualised', align: 'right', render: (r) => fmtRatio(r.sharpeAnnualized, 2), sortValue: (r) => r.sharpeAnnualized ?? Number.NaN },
  { key: 'trades', label: 'Trades', align: 'right', render: (r) => fmtInt(r.trades), sortValue: (r) => r.trades, title: 'Position entries and flips of the out-of-sample signal' },
];

/** The ablation / HPO variants the run explored (they join the PBO family) and the ablation lift statements. */
export function VariantsTable({ data }: VariantsTableProps) {
  if (!data) return null;
  return (
    <div data-testid="variants">
      <h3>Variants explored: {data.explored}</h3>
      <p className="page-sub">{data.note}</p>
      <SortableTable columns={COLUMNS} rows={data.rows} caption="Variants (out of sample, each through the same protocol as the base)" rowKey={(r, i) => `${r.kind}-${r.name}-${i}`} testId="variants-table" />
      {data.lift.length > 0 && (
        <ul className="page-sub" aria-label="Ablation lift">
          {data.lift.map((l) => <li key={`${l.from}>${l.to}`}>Ablation lift — {l.statement}</li>)}
        </ul>
      )}
    </div>
  );
}
