/**
 * The verdict as numeric run metrics (stored beside the headline metrics with the run, so a runs list shows
 * it without loading reports) and back:
 *   verdict_go           1 = GO (every gate passed), 0 = NO-GO (a gate failed), null = inconclusive (a gate could not be computed)
 *   gates_failed         number of gates that failed
 *   gates_not_computable number of gates that could not be computed
 */
import type { Verdict } from './types.ts';

export interface VerdictMetrics {
  verdict_go: number | null;
  gates_failed: number;
  gates_not_computable: number;
}

/** verdictMetrics(verdict) – see the module comment. */
export function verdictMetrics(verdict: Verdict): VerdictMetrics {
  let failed = 0, notComputable = 0;
  for (const r of verdict.reasons) {
    if (r.passed === false) failed++;
    else if (r.passed === null) notComputable++;
  }
  return { verdict_go: verdict.decision === 'go' ? 1 : verdict.decision === 'no-go' ? 0 : null, gates_failed: failed, gates_not_computable: notComputable };
}

export interface StoredVerdict {
  decision: Verdict['decision'];
  gatesFailed: number;
  gatesNotComputable: number;
}

/** storedVerdict(metrics) – the verdict stored by verdictMetrics; null when the run stored none (an older run, or not finished). */
export function storedVerdict(metrics: Readonly<Record<string, number | null | undefined>>): StoredVerdict | null {
  if (!Object.hasOwn(metrics, 'verdict_go') || typeof metrics.gates_failed !== 'number') return null;
  const go = metrics.verdict_go;
  return {
    decision: go === 1 ? 'go' : go === 0 ? 'no-go' : 'inconclusive',
    gatesFailed: metrics.gates_failed,
    gatesNotComputable: typeof metrics.gates_not_computable === 'number' ? metrics.gates_not_computable : 0,
  };
}
