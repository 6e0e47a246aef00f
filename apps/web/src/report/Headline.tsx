import type { RunReport } from '@skippy/core/reports';
import { MetricCard, MetricGrid, fmtDate, fmtDateTime, fmtInt, fmtMoney, fmtMs } from '@skippy/ui';
import { describeConfig } from '../lib/describe.ts';
import { BaselinesTable } from './BaselinesTable.tsx';
import { VerdictCard } from './VerdictCard.tsx';
import { fmtCount, fmtDrawdown, fmtProb, fmtReturn, fmtScore, fmtShare, fmtSharpe } from './quantities.ts';

/** Which bars the headline covers: the walk-forward out-of-sample span (version 2) or, for old reports, a caveat. */
function OosSpan({ report }: { report: Omit<RunReport, 'overfitting'> }) {
  const h = report.headline;
  if (h.oosStart == null && h.oosBars == null) {
    return (
      <p className="oos-span oos-span-old" data-testid="oos-span">
        <b>{`Older report (version ${report.version}):`}</b> it has no walk-forward out-of-sample span, baselines or gates; its figures come from the backtest over the whole period. Re-run it for the current protocol.
      </p>
    );
  }
  const flat = report.protocol?.flatBars;
  return (
    <p className="oos-span" data-testid="oos-span">
      <b>Out-of-sample: {fmtDateTime(h.oosStart)} → end, {fmtInt(h.oosBars)} bars; flat before the first fit</b>
      {flat != null ? <> ({fmtInt(flat)} bars)</> : null}. Every figure below comes from walk-forward predictions on these bars only.
      {h.haltedShare != null ? <> Risk halts blocked new entries on <b>{fmtShare(h.haltedShare)}</b> of them.</> : null}
    </p>
  );
}

/** The headline: verdict with its gates and warnings, the out-of-sample span, the strategy against its baselines, key figures and what was tested. */
/** `dataset`: the config's data.dataset (which stored dataset a store run read), named in the Tested line. */
export function Headline({ report, dataset = null }: { report: Omit<RunReport, 'overfitting'>; dataset?: string | null }) {
  const h = report.headline;
  const d = report.dataset;
  const tone = (x: number | null, good: boolean) => (x === null ? 'neutral' : good ? 'good' : 'bad');
  const baselines = report.baselines ?? [];
  const bh = baselines.find((b) => b.name === 'buy_and_hold');
  return (
    <section className="sk-card" aria-labelledby="headline-title" data-testid="headline" style={{ display: 'grid', gap: 14 }}>
      <h2 id="headline-title" className="visually-hidden">Verdict and headline figures</h2>
      <VerdictCard report={report} />
      <p className="tested" data-testid="tested-summary">
        <b>Tested:</b> {d.symbols.join(' and ')} {d.interval} bars ({d.source === 'synthetic' ? 'synthetic market' : dataset ? <>stored dataset <code>{dataset}</code></> : 'stored data'}) from {fmtDate(d.start)} to {fmtDate(d.end)}
        {' '}({Object.entries(d.bars).map(([s, n]) => `${fmtInt(n)} ${s} bars`).join(', ')}). Run took {fmtMs(report.durationMs)}.
      </p>
      <OosSpan report={report} />
      {baselines.length > 0 && <BaselinesTable headline={h} baselines={baselines} />}
      <MetricGrid label="Headline figures">
        <MetricCard label="Total return" value={fmtReturn(h.totalReturn)} tone={tone(h.totalReturn, (h.totalReturn ?? 0) > 0)} hint={`${fmtMoney(h.initialCash)} → ${fmtMoney(h.finalEquity)}`} />
        <MetricCard label="Sharpe (annualised)" value={fmtSharpe(h.sharpe)} tone={tone(h.sharpe, (h.sharpe ?? 0) > 0)} hint={bh ? `buy and hold ${fmtSharpe(bh.sharpe)}` : `Sortino ${fmtSharpe(h.sortino)}`} />
        <MetricCard label="Max drawdown" value={fmtDrawdown(h.maxDrawdown)} tone={h.maxDrawdown !== null && h.maxDrawdown > 0.2 ? 'bad' : 'neutral'} hint={bh ? `buy and hold ${fmtDrawdown(bh.maxDrawdown)}` : h.maxDrawdownDurationBars !== null ? `${fmtInt(h.maxDrawdownDurationBars)} bars long` : undefined} />
        <MetricCard label="Trades" value={fmtCount(h.trades)} hint={`win rate ${fmtShare(h.winRate)}`} />
        <MetricCard label="Costs paid" value={fmtMoney((h.fees ?? 0) + (h.slippage ?? 0) + (h.funding ?? 0), 0)} hint={`fees ${fmtMoney(h.fees)} · slippage ${fmtMoney(h.slippage)}`} />
        {h.haltedShare != null && <MetricCard label="Halted share" value={fmtShare(h.haltedShare)} tone={h.haltedShare > 0.1 ? 'warn' : 'neutral'} hint="of out-of-sample bars: no new entries" testId="halted-share" />}
        <MetricCard label={report.protocol ? 'Out-of-sample accuracy' : 'Out-of-fold accuracy'} value={fmtShare(h.oosAccuracy)} hint={`AUC ${fmtScore(h.oosAuc)}`} />
        <MetricCard label="Deflated Sharpe" value={fmtProb(h.dsr)} tone={h.dsr === null ? 'neutral' : h.dsr >= 0.95 ? 'good' : 'bad'} hint="P(skill) after the trials" />
        <MetricCard label="PBO" value={fmtProb(h.pbo)} tone={h.pbo === null ? 'neutral' : h.pbo <= 0.2 ? 'good' : h.pbo > 0.5 ? 'bad' : 'warn'} hint="probability of overfitting" />
      </MetricGrid>
      <div>
        <h3>What was tested</h3>
        <ul className="tested-list" data-testid="tested-list">
          {describeConfig(report.config).map((s) => <li key={s.topic}><strong>{s.topic}</strong><span>{s.text}</span></li>)}
        </ul>
      </div>
    </section>
  );
}
