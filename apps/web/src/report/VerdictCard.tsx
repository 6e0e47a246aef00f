import type { RunReport, VerdictReason } from '@skippy/core/reports';
import { SortableTable, type Column } from '@skippy/ui';
import { fmtCount, fmtDrawdown, fmtProb, fmtShare, fmtSharpe } from './quantities.ts';

interface GateSpec { name: string; fmt: (x: number | null) => string; cmp: '≥' | '≤' | '>'; what: string }

/** The plan's gates (report version 2) and the checks of version-1 reports, in words. */
export const GATES: Record<string, GateSpec> = {
  sharpe_vs_baseline: { name: 'Sharpe beats buy and hold', fmt: fmtSharpe, cmp: '≥', what: 'out-of-sample Sharpe at least the baseline + 20 % of its size, and above 0' },
  drawdown_vs_baseline: { name: 'Drawdown below buy and hold', fmt: fmtDrawdown, cmp: '≤', what: 'max drawdown at least 25 % smaller than the baseline' },
  is_oos_consistency: { name: 'In-sample vs out-of-sample Sharpe', fmt: fmtSharpe, cmp: '≥', what: 'out-of-sample Sharpe falls at most 10 % of the in-sample one' },
  execution_realism: { name: 'Execution realism', fmt: fmtShare, cmp: '≥', what: 'share of the naive Sharpe removed by costs, fills and halts' },
  dsr: { name: 'Deflated Sharpe ratio', fmt: fmtProb, cmp: '≥', what: 'probability the Sharpe is real after the trials' },
  pbo: { name: 'Probability of backtest overfitting', fmt: fmtProb, cmp: '≤', what: 'CSCV: the in-sample best ranks below the median out of sample' },
  min_trades: { name: 'Enough trades', fmt: fmtCount, cmp: '≥', what: 'out-of-sample trades' },
  // version-1 reports
  costs: { name: 'Sharpe after costs', fmt: fmtSharpe, cmp: '>', what: 'Sharpe net of every cost' },
  drawdown: { name: 'Max drawdown', fmt: fmtDrawdown, cmp: '≤', what: 'largest peak-to-trough loss' },
  trades: { name: 'Enough trades', fmt: fmtCount, cmp: '≥', what: 'trades' },
};

/** The gate's name in words (unknown ids are shown with spaces). */
export const gateName = (check: string) => GATES[check]?.name ?? check.replace(/_/g, ' ');

const WORD: Record<string, string> = { go: 'GO', 'no-go': 'NO-GO', inconclusive: 'INCONCLUSIVE' };
const CLS: Record<string, string> = { go: 'verdict-go', 'no-go': 'verdict-no_go', inconclusive: 'verdict-pending' };

function Result({ passed }: { passed: boolean | null }) {
  if (passed === null) return <span className="mark-na" aria-label="not computable">– not computable</span>;
  return passed ? <span className="mark-ok">✓ passed</span> : <span className="mark-bad">✗ failed</span>;
}

const columns: Column<VerdictReason>[] = [
  { key: 'gate', label: 'Gate', render: (r) => <span title={GATES[r.check]?.what}><b>{gateName(r.check)}</b></span> },
  { key: 'value', label: 'Value', align: 'right', render: (r) => (GATES[r.check]?.fmt ?? fmtSharpe)(r.value) },
  { key: 'threshold', label: 'Threshold', align: 'right', render: (r) => (r.threshold === null ? '–' : `${GATES[r.check]?.cmp ?? ''} ${(GATES[r.check]?.fmt ?? fmtSharpe)(r.threshold)}`) },
  { key: 'result', label: 'Result', render: (r) => <Result passed={r.passed} /> },
  { key: 'message', label: 'Why', render: (r) => <span className="gate-msg">{r.message}</span> },
];

/** The go/no-go decision, its summary, every gate with value and threshold, and the run's warnings. */
export function VerdictCard({ report }: { report: Omit<RunReport, 'overfitting'> }) {
  const v = report.verdict;
  const passed = v.reasons.filter((r) => r.passed === true).length;
  const na = v.reasons.filter((r) => r.passed === null).length;
  const failed = v.failed ?? v.reasons.filter((r) => r.passed === false).map((r) => r.check);
  const gatesWord = report.version === 2 ? 'gates' : 'checks';
  return (
    <div className="verdict-card" data-testid="verdict-card">
      <div className="headline">
        <div className={`verdict ${CLS[v.decision] ?? 'verdict-pending'}`} data-testid="verdict" data-decision={v.decision}>
          <div className="verdict-sub">Verdict</div>
          <div className="verdict-word">{WORD[v.decision] ?? v.decision}</div>
          <div className="verdict-sub">{passed} of {v.reasons.length} {gatesWord} passed{na ? ` · ${na} not computable` : ''}</div>
        </div>
        <div style={{ display: 'grid', gap: 8 }}>
          {v.summary && <p className="verdict-summary" data-testid="verdict-summary">{v.summary}</p>}
          {failed.length > 0 && (
            <p className="verdict-failed" data-testid="verdict-failed">
              <b>Failed:</b> {failed.map(gateName).join(' · ')}
            </p>
          )}
          {report.warnings.length > 0 && (
            <div className="verdict-warnings" role="note" aria-label="Warnings" data-testid="warnings">
              <b>Warnings</b>
              <ul className="summary-list">{report.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
            </div>
          )}
        </div>
      </div>
      <SortableTable caption={report.version === 2 ? 'Go/no-go gates (all must pass)' : 'Checks (version-1 report)'} columns={columns} rows={v.reasons}
        rowKey={(r) => r.check} testId="gates-table" rowClass={(r) => (r.passed === false ? 'gate-failed' : r.passed === null ? 'gate-na' : undefined)} />
    </div>
  );
}
