import type { QcReport } from '@skippy/core/qc';
import { MetricCard, MetricGrid, fmtInt, fmtNumber } from '@skippy/ui';
import type { DuplicateSummary } from './types.ts';

/** A relative difference as a percentage with 2 significant digits (rounding twins differ by millionths). */
/** count(3, 'row') → "3 rows"; count(1, 'row') → "1 row". */
const count = (n: number, word: string) => `${fmtInt(n)} ${word}${n === 1 ? '' : 's'}`;
const pct = (x: number) => `${Number((x * 100).toPrecision(2))} %`;

/** The worst relative disagreement between rows of one time, in words. */
function disagreement(d: DuplicateSummary): string {
  if (d.ohlc_differ === 0 || !d.largest) return 'the repeated rows agree on open, high, low and close';
  const l = d.largest;
  return `${fmtInt(d.ohlc_differ)} ${d.ohlc_differ === 1 ? 'disagrees' : 'disagree'} on OHLC — at most ${pct(l.rel_diff)} (${l.field} ${l.values.map((v) => String(v)).join(' vs ')} at ${l.iso.slice(0, 16).replace('T', ' ')} UTC)`;
}

/**
 * QC findings of a series: the cards a PM reads first (bars, gaps, duplicates, outliers, bad prints, offset) and,
 * below, each finding in a sentence with what was done about it. `stored` = what ingest kept (null for QC of a stored dataset).
 */
export function QcFindings({ qc, title, stored }: { qc: QcReport; title: string; stored: { rows: number; added: number; replaced: number; dataset: string; duplicates: DuplicateSummary } | null }) {
  const c = qc.counts;
  const dup = stored?.duplicates ?? (qc.duplicate_summary);
  const gaps = qc.gaps.slice(0, 8);
  return (
    <section className="sk-card data-qc" aria-labelledby="qc-title" data-testid="qc-findings">
      <header className="sk-section-header">
        <div>
          <h2 id="qc-title">{title}</h2>
          <p className="sk-section-desc">
            {qc.first_iso && qc.last_iso ? <>{qc.first_iso.slice(0, 10)} → {qc.last_iso.slice(0, 10)} · </> : null}
            {fmtInt(qc.rows_in)} rows read{qc.order === 'descending' ? ', newest first' : ''}{stored ? <> · stored as <code>{stored.dataset}</code></> : null}
          </p>
        </div>
      </header>
      <MetricGrid>
        {stored ? <MetricCard label="Bars stored" value={fmtInt(stored.rows)} hint={`+${fmtInt(stored.added)} new, ${fmtInt(stored.replaced)} replaced`} /> : <MetricCard label="Bars" value={fmtInt(qc.rows_out)} />}
        <MetricCard label="Gaps" value={fmtInt(c.gaps)} hint={`${fmtInt(c.bars_missing)} bars missing`} tone={c.gaps > 0 ? 'warn' : 'good'} />
        <MetricCard label="Duplicate times" value={fmtInt(dup.times)} hint={dup.times > 0 ? `${fmtInt(dup.ohlc_differ)} disagree` : 'none'} tone={dup.times > 0 ? 'warn' : 'good'} />
        <MetricCard label="Outliers" value={fmtInt(c.outliers)} hint="robust z > 10" tone={c.outliers > 0 ? 'warn' : 'good'} />
        <MetricCard label="Bad prints" value={fmtInt(c.bad_prints)} tone={c.bad_prints > 0 ? 'bad' : 'good'} />
        <MetricCard label="Time offset" value={qc.time_offset ? qc.time_offset.offset : 'none'} tone={qc.time_offset ? 'warn' : 'good'} />
      </MetricGrid>
      <ul className="summary-list data-findings">
        <li data-testid="qc-duplicates">
          <b>Duplicates:</b>{' '}
          {dup.times === 0 ? 'no bar time appears twice.' : <>
            {count(dup.times, 'bar time')} {dup.times === 1 ? 'appears' : 'appear'} more than once ({fmtInt(dup.ohlc_identical)} identical); {disagreement(dup)}.
            {' '}Resolved by rule <b>{dup.rule}</b>: {dup.rule_text} — {count(dup.rows_dropped, 'row')} dropped{dup.kept_not_first > 0 ? `, ${count(dup.kept_not_first, 'time')} kept a row other than the first` : ''}.
          </>}
        </li>
        <li>
          <b>Gaps:</b>{' '}
          {c.gaps === 0 ? 'none — every bar of the span is there.' : <>
            {fmtInt(c.gaps)} ({fmtInt(c.bars_missing)} bars missing), kept as gaps, never filled; a run restarts its feature windows after a long one.
            {gaps.length > 0 && <span className="unit data-gaps"> Listed: {gaps.map((g) => `${g.start_iso.slice(0, 16).replace('T', ' ')} (${g.bars_missing})`).join(', ')}{qc.gaps.length > gaps.length ? ' …' : ''}</span>}
          </>}
        </li>
        {qc.time_units && <li><b>Mixed time units:</b> {count(qc.time_units.seconds, 'row')} in epoch seconds and {fmtInt(qc.time_units.milliseconds)} in milliseconds, each read in its own unit.</li>}
        {qc.date_check && qc.date_check.mismatches > 0 && <li><b>Date column:</b> {count(qc.date_check.mismatches, 'row')} {qc.date_check.mismatches === 1 ? 'disagrees' : 'disagree'} with the epoch time.</li>}
        <li><b>Time offset:</b> {qc.time_offset ? `the series sits ${qc.time_offset.offset} off the UTC grid; ${qc.time_offset.fix}` : 'none — bar opens sit on the UTC grid.'}</li>
        <li>
          <b>Outliers and bad prints:</b>{' '}
          {c.outliers === 0 && c.bad_prints === 0 ? 'none.' : <>
            {count(c.outliers, 'outlier return')} and {count(c.bad_prints, 'bad print')}, reported and kept (real crashes are real).
            {qc.bad_prints.slice(0, 3).map((b) => <span key={b.row} className="unit data-badprint"> {b.iso.slice(0, 16).replace('T', ' ')}: {b.fields.join('/')} {fmtNumber(b[b.fields[0]], 2)} vs ~{fmtNumber(b.reference, 2)}.</span>)}
          </>}
        </li>
        {(c.bad_values > 0 || c.ohlc_violations > 0) && <li><b>Bad values / OHLC violations:</b> {fmtInt(c.bad_values)} / {fmtInt(c.ohlc_violations)}.</li>}
      </ul>
    </section>
  );
}
