import type { RunReport } from '@skippy/core/reports';
import { MetricCard, MetricGrid, fmtDate, fmtInt, fmtMoney, fmtMs, fmtPct, fmtRatio } from '@skippy/ui';
import { describeConfig } from '../lib/describe.ts';

const WORD: Record<string, string> = { go: 'GO', 'no-go': 'NO-GO', inconclusive: 'INCONCLUSIVE' };
const CLS: Record<string, string> = { go: 'verdict-go', 'no-go': 'verdict-no_go', inconclusive: 'verdict-pending' };

/** The headline strip: go/no-go verdict with its reasons, key figures, and what was tested in words. */
export function Headline({ report }: { report: RunReport }) {
  const h = report.headline;
  const v = report.verdict;
  const d = report.dataset;
  const tone = (x: number | null, good: boolean) => (x === null ? 'neutral' : good ? 'good' : 'bad');
  return (
    <section className="sk-card" aria-labelledby="headline-title" data-testid="headline" style={{ display: 'grid', gap: 14 }}>
      <h2 id="headline-title" className="visually-hidden">Verdict and headline figures</h2>
      <div className="headline">
        <div className={`verdict ${CLS[v.decision] ?? 'verdict-pending'}`} data-testid="verdict" data-decision={v.decision}>
          <div className="verdict-sub">Verdict</div>
          <div className="verdict-word">{WORD[v.decision] ?? v.decision}</div>
          <div className="verdict-sub">{v.reasons.filter((r) => r.passed).length} of {v.reasons.length} checks passed</div>
        </div>
        <div style={{ display: 'grid', gap: 8 }}>
          <ul className="reasons" aria-label="Reasons for the verdict">
            {v.reasons.map((r) => (
              <li key={r.check}><span className={r.passed ? 'mark-ok' : 'mark-bad'} aria-label={r.passed ? 'passed' : 'failed'}>{r.passed ? '✓' : '✗'}</span><span>{r.message}</span></li>
            ))}
          </ul>
          <p className="tested" data-testid="tested-summary">
            <b>Tested:</b> {d.symbols.join(' and ')} {d.interval} bars ({d.source === 'synthetic' ? 'synthetic market' : 'stored exchange data'}) from {fmtDate(d.start)} to {fmtDate(d.end)}
            {' '}({Object.entries(d.bars).map(([s, n]) => `${fmtInt(n)} ${s} bars`).join(', ')}). Run took {fmtMs(report.durationMs)}.
          </p>
        </div>
      </div>
      <MetricGrid label="Headline figures">
        <MetricCard label="Total return" value={fmtPct(h.totalReturn)} tone={tone(h.totalReturn, (h.totalReturn ?? 0) > 0)} hint={`${fmtMoney(h.initialCash)} → ${fmtMoney(h.finalEquity)}`} />
        <MetricCard label="Sharpe (annualised)" value={fmtRatio(h.sharpe)} tone={tone(h.sharpe, (h.sharpe ?? 0) > 0)} hint={`Sortino ${fmtRatio(h.sortino)}`} />
        <MetricCard label="Max drawdown" value={fmtPct(h.maxDrawdown)} tone={h.maxDrawdown !== null && h.maxDrawdown > 0.2 ? 'bad' : 'neutral'} hint={h.maxDrawdownDurationBars !== null ? `${fmtInt(h.maxDrawdownDurationBars)} bars long` : undefined} />
        <MetricCard label="Trades" value={fmtInt(h.trades)} hint={`win rate ${fmtPct(h.winRate, 1)}`} />
        <MetricCard label="Costs paid" value={fmtMoney((h.fees ?? 0) + (h.slippage ?? 0) + (h.funding ?? 0), 0)} hint={`fees ${fmtMoney(h.fees)} · slippage ${fmtMoney(h.slippage)}`} />
        <MetricCard label="Out-of-fold accuracy" value={fmtPct(h.oosAccuracy, 1)} hint={`AUC ${fmtRatio(h.oosAuc, 3)}`} />
        <MetricCard label="Deflated Sharpe" value={fmtPct(h.dsr, 1)} tone={h.dsr === null ? 'neutral' : h.dsr >= 0.95 ? 'good' : 'bad'} hint="P(skill) after the trials" />
        <MetricCard label="PBO" value={fmtPct(h.pbo, 1)} tone={h.pbo === null ? 'neutral' : h.pbo <= 0.2 ? 'good' : h.pbo > 0.5 ? 'bad' : 'warn'} hint="probability of overfitting" />
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
