import type { MetaData } from './reportTypes.ts';
import { MetricCard, MetricGrid, Section, SortableTable, type Column } from '@skippy/ui';
import { diff, fmtCount, fmtProb, fmtProbDiff, fmtShare } from './quantities.ts';

type Score = 'precision' | 'recall' | 'f1';
interface Row { key: Score; label: string; title: string }
const ROWS: Row[] = [
  { key: 'precision', label: 'Precision', title: 'share of the bets taken whose side-adjusted return was positive' },
  { key: 'recall', label: 'Recall', title: 'share of the profitable primary bets that were taken' },
  { key: 'f1', label: 'F1', title: 'harmonic mean of precision and recall' },
];

/** Meta-labelling (AFML 3.6): does the secondary model's filter beat taking every primary bet? */
export function MetaSectionView({ meta }: { meta: MetaData }) {
  const columns: Column<Row>[] = [
    { key: 'score', label: 'Out-of-sample bets', render: (r) => <span title={r.title}>{r.label}</span> },
    { key: 'alone', label: `${meta.primary} alone`, align: 'right', render: (r) => fmtProb(meta.primaryAlone[r.key]) },
    { key: 'meta', label: 'With meta-labelling', align: 'right', render: (r) => <b>{fmtProb(meta.withMeta[r.key])}</b> },
    { key: 'diff', label: 'Difference', align: 'right', title: 'with meta − alone, in percentage points', render: (r) => {
      const x = diff(meta.withMeta[r.key], meta.primaryAlone[r.key]);
      return <span className={x === null || x === 0 ? '' : x > 0 ? 'pos' : 'neg'}>{fmtProbDiff(x)}</span>;
    } },
  ];
  return (
    <Section id="meta" title="Meta-labelling" testId="meta-section"
      description={<>The secondary model decides which of the primary rule's ({meta.primary}) out-of-sample bets to take. It earns its place if precision rises without giving up too much recall.</>}>
      <MetricGrid label="Meta-labelling figures">
        <MetricCard label="Primary bets" value={fmtCount(meta.bets)} />
        <MetricCard label="Bets taken" value={fmtCount(meta.taken)} hint={meta.bets > 0 ? `${fmtShare(meta.taken / meta.bets)} of the primary bets` : undefined} />
      </MetricGrid>
      <SortableTable caption="Primary rule alone vs with the meta-model" columns={columns} rows={ROWS} rowKey={(r) => r.key} testId="meta-table" />
    </Section>
  );
}
