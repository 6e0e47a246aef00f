import { useMemo } from 'react';
import type { CpcvPathsSection, FoldResult, FoldsSection } from '@skippy/core/reports';
import { Chart, EmptyState, Section, SortableTable, fmtDate, fmtInt, fmtNumber, fmtPct, fmtRatio, type Column } from '@skippy/ui';

const nn = (x: number | null) => x ?? Number.NaN;
/** UTC date and minute of a window edge. */
const dt = (ts: number) => (Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 16).replace('T', ' ') : fmtDate(ts));

const columns: Column<FoldResult>[] = [
  { key: 'i', label: 'Fold', render: (f) => `#${f.index + 1}`, sortValue: (f) => f.index },
  { key: 'win', label: 'Test window (UTC)', render: (f) => <>{dt(f.window[0])} →<br />{dt(f.window[1])}</>, sortValue: (f) => f.window[0] },
  { key: 'train', label: 'Train', align: 'right', render: (f) => fmtInt(f.trainSize), sortValue: (f) => f.trainSize },
  { key: 'test', label: 'Test', align: 'right', render: (f) => fmtInt(f.testSize), sortValue: (f) => f.testSize },
  { key: 'purged', label: 'Purged', align: 'right', render: (f) => fmtInt(f.purged), sortValue: (f) => f.purged, title: 'training labels whose interval touched the test window' },
  { key: 'margin', label: 'Margin', align: 'right', render: (f) => fmtInt(f.purgedMargin), sortValue: (f) => f.purgedMargin, title: 'purge_pct safety margin before the test block' },
  { key: 'emb', label: 'Embargoed', align: 'right', render: (f) => fmtInt(f.embargoed), sortValue: (f) => f.embargoed, title: 'samples right after the test block removed from training' },
  { key: 'tacc', label: 'Train accuracy', align: 'right', render: (f) => fmtPct(f.trainAccuracy, 1), sortValue: (f) => nn(f.trainAccuracy) },
  { key: 'acc', label: 'Test accuracy', align: 'right', render: (f) => fmtPct(f.accuracy, 1), sortValue: (f) => nn(f.accuracy) },
  { key: 'auc', label: 'AUC', align: 'right', render: (f) => fmtNumber(f.auc, 3), sortValue: (f) => nn(f.auc) },
  { key: 'll', label: 'Log loss / Brier', align: 'right', render: (f) => `${fmtNumber(f.logLoss, 3)} / ${fmtNumber(f.brier, 3)}`, sortValue: (f) => nn(f.logLoss) },
  { key: 'sr', label: 'OOS Sharpe/bar', align: 'right', render: (f) => fmtRatio(f.oosSharpe, 4), sortValue: (f) => nn(f.oosSharpe) },
];

const SCHEME: Record<string, string> = { purged_embargo_cv: 'Purged K-fold with embargo', walk_forward: 'Walk-forward', cpcv: 'Combinatorial purged CV' };

/** Per-fold metrics with the counts of purged and embargoed training samples (model scoring: since report version 2 the headline comes from the walk-forward protocol, not from these folds). */
export function FoldsSectionView({ folds, live, diagnosticsOnly = true }: { folds: FoldsSection | null | undefined; live?: FoldResult[]; diagnosticsOnly?: boolean }) {
  const rows = folds?.folds ?? live ?? [];
  return (
    <Section id="folds" title={diagnosticsOnly ? 'Model scoring (diagnostics only)' : 'Folds'} testId="folds-section"
      description={folds ? <>{diagnosticsOnly ? <b>No headline number, gate or equity point comes from these folds: they only score the model. </b> : null}{SCHEME[folds.scheme] ?? folds.scheme}, {folds.nSplits} splits over {fmtInt(folds.samples)} labelled events, {fmtPct(folds.embargoPct, 1)} embargo and {fmtPct(folds.purgePct, 1)} purge margin. Purged and embargoed counts show how many training samples were removed so no label overlapping the test window could leak into training. A test accuracy far below training accuracy means the model memorised noise.</>
        : 'Per-fold metrics of the out-of-fold model, with the training samples removed by purging and embargo.'}>
      {rows.length === 0 ? <EmptyState title="No folds yet">Cross-validation has not finished a fold.</EmptyState> : (
        <SortableTable caption="Per-fold model scores" columns={columns} rows={rows} rowKey={(f) => String(f.index)} testId="folds-table" />
      )}
      {folds?.paths ? <CpcvFan paths={folds.paths} /> : null}
    </Section>
  );
}

/** The φ CPCV backtest paths as a fan (5–95 % and 25–75 % bands around the median growth of 1). At most ~300 points: light enough for the main thread. */
function CpcvFan({ paths }: { paths: CpcvPathsSection }) {
  const option = useMemo(() => {
    const band = (lo: number[], hi: number[], name: string, opacity: number) => [
      { name: `${name} low`, type: 'line', data: paths.ts.map((t, i) => [t, lo[i]]), stack: name, lineStyle: { opacity: 0 }, symbol: 'none', silent: true },
      { name, type: 'line', data: paths.ts.map((t, i) => [t, hi[i] - lo[i]]), stack: name, lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: '#3b82f6', opacity }, silent: true },
    ];
    return {
      animation: false, grid: { left: 56, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true, name: 'growth of 1' },
      series: [...band(paths.q05, paths.q95, '5–95 %', 0.15), ...band(paths.q25, paths.q75, '25–75 %', 0.3),
        { name: 'median path', type: 'line', data: paths.ts.map((t, i) => [t, paths.q50[i]]), symbol: 'none', lineStyle: { color: '#1d4ed8', width: 2 } }],
    };
  }, [paths]);
  const sharpe = paths.sharpe.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return (
    <div data-testid="cpcv-fan">
      <h4>All {paths.paths} CPCV backtest paths</h4>
      <p className="muted">{paths.note} Path Sharpe (annualised): min {fmtNumber(sharpe[0] ?? null, 2)}, median {fmtNumber(sharpe[Math.floor((sharpe.length - 1) / 2)] ?? null, 2)}, max {fmtNumber(sharpe[sharpe.length - 1] ?? null, 2)}.</p>
      <Chart option={option} height={220} ariaLabel={`Fan of ${paths.paths} CPCV backtest paths: median and 25–75 %, 5–95 % bands`} />
    </div>
  );
}
