/** @skippy/ui – presentational components and formatters shared by the web app. */
export { Chart, warmUpCharts } from './Chart.tsx';
export type { ChartProps } from './Chart.tsx';
export { SortableTable } from './SortableTable.tsx';
export type { Column, SortableTableProps } from './SortableTable.tsx';
export { MetricCard, MetricGrid } from './MetricCard.tsx';
export type { MetricCardProps } from './MetricCard.tsx';
export { Section, SectionHeader } from './SectionHeader.tsx';
export type { SectionHeaderProps } from './SectionHeader.tsx';
export { StatusBadge } from './StatusBadge.tsx';
export { ProgressBar, Loading, EmptyState, ErrorState } from './Feedback.tsx';
export { useElementWidth } from './useElementWidth.ts';
export {
  fmtNumber, fmtInt, fmtPct, fmtSignedPct, fmtSignedRatio, fmtPp, fmtBp, fmtMoney, fmtRatio, fmtMs, fmtDate, fmtDateTime, fmtInterval, signClass,
} from './format.ts';
