import type { ProtocolData, WalkForwardWindow as WalkForwardWindowReport } from './reportTypes.ts';
import { EmptyState, Section, SortableTable, fmtDateTime, type Column } from '@skippy/ui';
import { fmtCount, fmtProb, fmtScore, fmtShare, fmtSharpe } from './quantities.ts';

const nn = (x: number | null | undefined) => x ?? Number.NaN;

const base: Column<WalkForwardWindowReport>[] = [
  { key: 'i', label: 'Window', render: (w) => `#${w.index + 1}`, sortValue: (w) => w.index },
  { key: 'test', label: 'Test start → end (UTC)', render: (w) => `${fmtDateTime(w.start).replace(' UTC', '')} → ${fmtDateTime(w.end)}`, sortValue: (w) => w.start },
  { key: 'train', label: 'Train', align: 'right', render: (w) => fmtCount(w.trainSize), sortValue: (w) => w.trainSize, title: 'training samples the window model was fitted on' },
  { key: 'testSize', label: 'Test', align: 'right', render: (w) => fmtCount(w.testSize), sortValue: (w) => w.testSize, title: 'bars predicted out of sample' },
  { key: 'purged', label: 'Purged', align: 'right', render: (w) => fmtCount(w.purged), sortValue: (w) => w.purged, title: 'training samples removed because their label ended inside the embargo before the window' },
  { key: 'cal', label: 'Calibration a / b', align: 'right', render: (w) => (w.calibration ? `${fmtScore(w.calibration.a)} / ${fmtScore(w.calibration.b)}` : '–'), sortValue: (w) => nn(w.calibration?.a), title: 'Platt scaling P = 1 / (1 + exp(a·logit + b)) fitted on the calibration tail' },
];
const kelly: Column<WalkForwardWindowReport>[] = [
  { key: 'kp', label: 'Kelly p', align: 'right', render: (w) => fmtShare(w.kelly?.p), sortValue: (w) => nn(w.kelly?.p), title: 'win probability of the traded bet on the calibration tail' },
  { key: 'kb', label: 'Kelly b', align: 'right', render: (w) => fmtScore(w.kelly?.b), sortValue: (w) => nn(w.kelly?.b), title: 'average win / average loss' },
  { key: 'kf', label: 'Kelly fraction', align: 'right', render: (w) => fmtShare(w.kelly?.fraction), sortValue: (w) => nn(w.kelly?.fraction) },
];
const perf: Column<WalkForwardWindowReport>[] = [
  { key: 'is', label: 'IS Sharpe', align: 'right', render: (w) => fmtSharpe(w.isSharpe), sortValue: (w) => nn(w.isSharpe), title: 'annualised Sharpe of the unit-size costed signal on the window’s own training bars' },
  { key: 'oos', label: 'OOS Sharpe', align: 'right', render: (w) => <span className={w.oosSharpe === null ? '' : w.oosSharpe >= 0 ? 'pos' : 'neg'}>{fmtSharpe(w.oosSharpe)}</span>, sortValue: (w) => nn(w.oosSharpe), title: 'the same on the test window' },
  { key: 'auc', label: 'AUC', align: 'right', render: (w) => fmtScore(w.oosAuc), sortValue: (w) => nn(w.oosAuc) },
];

const WINDOW: Record<string, string> = { expanding: 'expanding', rolling: 'rolling' };

/** How the headline was produced: walk-forward windows, sizing, calibration, sample weights and notes. */
export function ProtocolSectionView({ protocol }: { protocol: ProtocolData | null | undefined }) {
  if (!protocol) {
    return (
      <Section id="protocol" title="Protocol" testId="protocol-section" description="How the headline numbers were produced.">
        <EmptyState title="No walk-forward protocol in this report">This report predates the walk-forward protocol (report version 1): its figures come from one backtest over the whole period. Re-run it to get out-of-sample figures.</EmptyState>
      </Section>
    );
  }
  const p = protocol;
  const columns = [...base, ...(p.windows.some((w) => w.kelly) ? kelly : []), ...perf];
  return (
    <Section id="protocol" title="Protocol" testId="protocol-section"
      description={<>Every headline number comes from walk-forward predictions: each window's model is fitted only on the bars before its test window ({WINDOW[p.window] ?? p.window} window, {fmtCount(p.embargoBars)}-bar embargo), then predicts the test window. The strategy is flat on the first {fmtCount(p.flatBars)} bars, before the first fit; the first test bar is {fmtDateTime(p.firstTestTs)}.</>}>
      <ul className="summary-list protocol-lines" data-testid="protocol-lines">
        <li><b>Sizing:</b> {p.sizing}</li>
        <li><b>Calibration:</b> {p.calibration}</li>
        <li><b>Sample weights:</b> {p.sampleWeights}</li>
        <li><b>Out of sample:</b> mean AUC {fmtScore(p.oosAuc)}, accuracy {fmtProb(p.oosAccuracy)}; mean Sharpe in sample {fmtSharpe(p.isSharpe)} vs out of sample {fmtSharpe(p.oosSharpe)} (the consistency gate)</li>
        <li><b>Model scoring:</b> {p.scoring}</li>
      </ul>
      <SortableTable caption={`Walk-forward windows (${p.windows.length})`} columns={columns} rows={p.windows} rowKey={(w) => String(w.index)} testId="protocol-windows" />
      {p.notes.length > 0 && (
        <div>
          <h3>Notes</h3>
          <ul className="summary-list">{p.notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </div>
      )}
    </Section>
  );
}
