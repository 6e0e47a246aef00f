import type { HeadlineMetrics } from '@skippy/core/reports';
import type { BaselineData as BaselineReport } from './reportTypes.ts';
import { SortableTable, type Column } from '@skippy/ui';
import { fmtCount, fmtDrawdown, fmtReturn, fmtShare, fmtSharpe } from './quantities.ts';

type Key = 'sharpe' | 'totalReturn' | 'maxDrawdown' | 'trades' | 'exposure' | 'winRate';
type Fmt = (x: number | null | undefined) => string;
interface Row { key: Key; label: string; fmt: Fmt; strategy: number | null }

const METRICS: { key: Key; label: string; fmt: Fmt }[] = [
  { key: 'sharpe', label: 'Sharpe (annualised)', fmt: fmtSharpe },
  { key: 'totalReturn', label: 'Total return', fmt: fmtReturn },
  { key: 'maxDrawdown', label: 'Max drawdown', fmt: fmtDrawdown },
  { key: 'trades', label: 'Trades', fmt: fmtCount },
  { key: 'exposure', label: 'Exposure', fmt: fmtShare },
  { key: 'winRate', label: 'Win rate', fmt: fmtShare },
];

const ORDER: BaselineReport['name'][] = ['buy_and_hold', 'primary_rule', 'random_entry'];

function baselineCell(b: BaselineReport, r: Row) {
  const median = r.fmt(b[r.key]);
  const q = b.draws && (r.key === 'sharpe' || r.key === 'totalReturn' || r.key === 'maxDrawdown') ? b.draws[r.key] : null;
  if (!q) return median;
  return <>{median} <span className="range">({r.fmt(q.q05)} to {r.fmt(q.q95)})</span></>;
}

/** The headline figures beside the same figures of every baseline on the same out-of-sample bars. */
export function BaselinesTable({ headline, baselines }: { headline: HeadlineMetrics; baselines: BaselineReport[] }) {
  const list = [...baselines].sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  const rows: Row[] = METRICS.map((m) => ({ ...m, strategy: headline[m.key] }));
  const columns: Column<Row>[] = [
    { key: 'metric', label: 'Out of sample', render: (r) => r.label },
    { key: 'strategy', label: 'Strategy', align: 'right', render: (r) => <b>{r.fmt(r.strategy)}</b> },
    ...list.map((b): Column<Row> => ({
      key: b.name,
      label: b.name === 'random_entry' ? `${b.label} (median, 5–95 % range${b.draws ? ` of ${b.draws.n} draws` : ''})` : b.label,
      title: b.description,
      align: 'right',
      render: (r) => baselineCell(b, r),
    })),
  ];
  return <SortableTable caption="Strategy against its baselines (same bars, same simulator)" columns={columns} rows={rows} rowKey={(r) => r.key} testId="baselines-table" />;
}
