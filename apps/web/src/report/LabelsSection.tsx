import type { LabelHorizonQuality, LabelsSection } from '@skippy/core/reports';
import { EmptyState, MetricCard, MetricGrid, Section, SortableTable, fmtInt, fmtNumber, fmtPct, type Column } from '@skippy/ui';

const nn = (x: number | null) => x ?? Number.NaN;

function totalDropped(d: Record<string, number>): number {
  return Object.values(d).reduce((s, v) => s + v, 0);
}

function droppedText(d: Record<string, number>): string {
  const parts = Object.entries(d).filter(([, v]) => v > 0).map(([k, v]) => `${fmtInt(v)} ${k.replace(/_/g, ' ')}`);
  return parts.length ? parts.join(', ') : 'none';
}

const columns: Column<LabelHorizonQuality>[] = [
  { key: 'h', label: 'Horizon', render: (h) => `${h.horizon} bars`, sortValue: (h) => h.horizon },
  { key: 'n', label: 'Events', align: 'right', render: (h) => fmtInt(h.events), sortValue: (h) => h.events },
  { key: 'up', label: '+1 profit-take', align: 'right', render: (h) => <>{fmtInt(h.counts.up)} <span className="unit">({fmtPct(h.hitRates.pt, 1)})</span></>, sortValue: (h) => nn(h.hitRates.pt) },
  { key: 'dn', label: '−1 stop-loss', align: 'right', render: (h) => <>{fmtInt(h.counts.down)} <span className="unit">({fmtPct(h.hitRates.sl, 1)})</span></>, sortValue: (h) => nn(h.hitRates.sl) },
  { key: 'vb', label: '0 time-out', align: 'right', render: (h) => <>{fmtInt(h.counts.flat)} <span className="unit">({fmtPct(h.hitRates.vb, 1)})</span></>, sortValue: (h) => nn(h.hitRates.vb) },
  { key: 'hold', label: 'Holding mean / median / p90', align: 'right', render: (h) => `${fmtNumber(h.holding.mean, 1)} / ${fmtNumber(h.holding.median, 0)} / ${fmtNumber(h.holding.p90, 0)} bars`, sortValue: (h) => nn(h.holding.mean) },
  { key: 'r+', label: 'Mean return +1 / −1', align: 'right', render: (h) => `${fmtPct(h.meanReturn.up, 2)} / ${fmtPct(h.meanReturn.down, 2)}`, sortValue: (h) => nn(h.meanReturn.up) },
  { key: 'u', label: 'Avg uniqueness', align: 'right', render: (h) => fmtNumber(h.avgUniqueness, 3), sortValue: (h) => nn(h.avgUniqueness), title: 'AFML ch. 4: 1 = labels never overlap; low = heavily overlapping labels (they get lower sample weights)' },
  { key: 'amb', label: 'Ambiguous bars', align: 'right', render: (h) => fmtInt(h.ambiguous), sortValue: (h) => h.ambiguous, title: 'high/low touch mode: both barriers crossed inside one bar' },
  { key: 'drop', label: 'Dropped events', render: (h) => droppedText(h.dropped), sortValue: (h) => totalDropped(h.dropped) },
];

/** Label quality: counts and barrier hit rates per horizon, holding times, returns per label, uniqueness, meta-labels. */
export function LabelsSectionView({ labels }: { labels: LabelsSection | null | undefined }) {
  const trained = labels?.horizons.find((h) => h.horizon === labels.trainedHorizon);
  return (
    <Section id="labels" title="Labels" testId="labels-section"
      description="How the triple-barrier labels came out for each horizon: which barrier each event hit first, how long a position would be held, the return behind each label, and how much labels overlap (uniqueness, which sets the sample weights).">
      {!labels || labels.horizons.length === 0 ? <EmptyState title="No labels">The run stopped before labelling.</EmptyState> : (
        <>
          <MetricGrid label="Label summary">
            <MetricCard label="Model learns" value={`${labels.trainedHorizon} bars`} hint={`${trained ? `${fmtInt(trained.events)} events, ` : ''}${labels.method.replace(/_/g, ' ')}, ${labels.touch.replace(/_/g, '/')} touches`} />
            {trained && <MetricCard label="+1 profit-take hit first" value={fmtPct(trained.hitRates.pt, 1)} hint={`${fmtInt(trained.counts.up)} events`} />}
            {trained && <MetricCard label="0 time ran out" value={fmtPct(trained.hitRates.vb, 1)} hint={`${fmtInt(trained.counts.flat)} events`} />}
            {trained && <MetricCard label="−1 stop-loss hit first" value={fmtPct(trained.hitRates.sl, 1)} hint={`${fmtInt(trained.counts.down)} events`} />}
            {labels.meta && <MetricCard label="Meta-label precision" value={labels.meta.enabled ? fmtPct(labels.meta.precision, 1) : 'off'} hint={labels.meta.enabled ? `${fmtInt(labels.meta.events)} events taken` : undefined} title="Share of taken events whose side-adjusted return was positive" />}
          </MetricGrid>
          <SortableTable caption="Label quality per horizon" columns={columns} rows={labels.horizons} rowKey={(h) => String(h.horizon)} testId="labels-table"
            rowClass={(h) => (h.horizon === labels.trainedHorizon ? 'diff-row' : undefined)} />
        </>
      )}
    </Section>
  );
}
