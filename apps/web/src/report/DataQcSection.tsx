import type { DatasetSection, LabelsSection } from '@skippy/core/reports';
import { Section, SortableTable, fmtInt, type Column } from '@skippy/ui';

type Q = NonNullable<DatasetSection['qc']>[number];

/** Data QC of the bars the run used, and what the run did about each kind of finding. */
export function DataQcSectionView({ dataset, labels, maxGapBars }: { dataset: DatasetSection; labels: LabelsSection | null; maxGapBars: number }) {
  const rows = dataset.qc ?? [];
  const trained = labels?.horizons.find((h) => h.horizon === labels.trainedHorizon);
  const gapDrops = trained?.dropped.gap ?? 0;
  const columns: Column<Q>[] = [
    { key: 's', label: 'Symbol', render: (q) => q.symbol, sortValue: (q) => q.symbol },
    { key: 'bars', label: 'Bars', align: 'right', render: (q) => fmtInt(q.bars), sortValue: (q) => q.bars },
    { key: 'gaps', label: 'Gaps', align: 'right', render: (q) => fmtInt(q.gaps), sortValue: (q) => q.gaps },
    { key: 'dup', label: 'Duplicates', align: 'right', render: (q) => fmtInt(q.duplicates), sortValue: (q) => q.duplicates },
    { key: 'ord', label: 'Out of order', align: 'right', render: (q) => fmtInt(q.outOfOrder), sortValue: (q) => q.outOfOrder },
    { key: 'bad', label: 'Bad values', align: 'right', render: (q) => fmtInt(q.badValues), sortValue: (q) => q.badValues },
    { key: 'ohlc', label: 'OHLC violations', align: 'right', render: (q) => fmtInt(q.ohlcViolations), sortValue: (q) => q.ohlcViolations },
    { key: 'out', label: 'Outliers', align: 'right', render: (q) => fmtInt(q.outliers), sortValue: (q) => q.outliers },
    { key: 'off', label: 'Time offset', align: 'right', render: (q) => (q.timeOffsetMs === null ? 'none' : `${Math.round(q.timeOffsetMs / 60000)} min`), sortValue: (q) => q.timeOffsetMs ?? 0 },
  ];
  return (
    <Section id="dataqc" title="Data QC" testId="dataqc-section"
      description={<>The bars this run used ({dataset.source}, {dataset.interval}), checked before any feature was computed.</>}>
      <SortableTable caption="Findings per symbol" columns={columns} rows={rows} rowKey={(q) => q.symbol} />
      <ul className="summary-list">
        <li><b>Gaps:</b> kept as gaps, never filled. A gap longer than {maxGapBars} bars restarts every feature window, and label paths that cross one are dropped ({fmtInt(gapDrops)} events at the trained horizon).</li>
        <li><b>Duplicates, disorder, bad values:</b> a run refuses them (clean the data with <code>skippy-train qc</code> / re-ingest); this run had none.</li>
        <li><b>Outliers and OHLC violations:</b> reported and kept — real crashes are real; they are priced by the same simulator.</li>
        <li><b>Time offsets:</b> reported; stored bars are on the UTC grid (an offset means the source file's zone was wrong at ingest).</li>
      </ul>
    </Section>
  );
}
