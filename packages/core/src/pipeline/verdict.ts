import type { CostsSection, HeadlineMetrics, Verdict } from '../reports/types.ts';
import type { GateDecision } from './gates.ts';

/**
 * verdictFromGates(gates, costs, headline) – the report's go / no-go / inconclusive from the plan's
 * gates (pipeline/gates.ts): one reason per gate with its numbers, the failed gates named, and a
 * summary that lists the cost components actually applied (and those that were not, with why).
 */
export function verdictFromGates(g: GateDecision, costs: CostsSection, h: HeadlineMetrics): Verdict {
  const applied = costs.applied.length ? costs.applied.join(', ') : 'no costs';
  const notApplied = costs.missing.length ? ` Not applied: ${costs.missing.map((m) => `${m.component} (${m.reason})`).join('; ')}.` : '';
  const head = g.decision === 'go' ? 'GO: every gate passed.'
    : g.decision === 'no-go' ? `NO-GO: ${g.failed.length} gate${g.failed.length === 1 ? '' : 's'} failed (${g.failed.join(', ')}).`
      : `INCONCLUSIVE: ${g.gates.filter((x) => x.passed === null).map((x) => x.gate).join(', ')} could not be computed.`;
  const sharpe = h.sharpe === null ? 'n/a' : h.sharpe.toFixed(2);
  return {
    decision: g.decision,
    reasons: g.gates.map((x) => ({ check: x.gate, passed: x.passed, value: x.value, threshold: x.threshold, message: x.message })),
    failed: [...g.failed],
    summary: `${head} Out-of-sample (walk-forward) Sharpe ${sharpe} after ${applied}.${notApplied}`,
  };
}
