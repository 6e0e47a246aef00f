import { describe, expect, it } from 'vitest';
import { storedVerdict, verdictMetrics } from '../verdictMetrics.ts';
import type { Verdict, VerdictReason } from '../types.ts';

const reason = (check: string, passed: boolean | null): VerdictReason => ({ check, passed, value: null, threshold: null, message: check });

describe('verdictMetrics(verdict) / storedVerdict(metrics)', () => {
  it('NO-GO with 2 failed gates of 5 (1 not computable) → verdict_go 0, gates_failed 2, gates_not_computable 1, and back', () => {
    const v: Verdict = { decision: 'no-go', reasons: [reason('dsr', false), reason('pbo', true), reason('min_trades', false), reason('sharpe_vs_baseline', null), reason('is_oos_consistency', true)] };
    const m = verdictMetrics(v);
    expect(m).toEqual({ verdict_go: 0, gates_failed: 2, gates_not_computable: 1 });
    expect(storedVerdict({ sharpe: 1.2, ...m })).toEqual({ decision: 'no-go', gatesFailed: 2, gatesNotComputable: 1 });
  });

  it('GO → 1 and 0 failed; inconclusive → null (stored as NULL, read back as inconclusive)', () => {
    expect(verdictMetrics({ decision: 'go', reasons: [reason('dsr', true)] })).toEqual({ verdict_go: 1, gates_failed: 0, gates_not_computable: 0 });
    const inc = verdictMetrics({ decision: 'inconclusive', reasons: [reason('dsr', null), reason('pbo', true)] });
    expect(inc).toEqual({ verdict_go: null, gates_failed: 0, gates_not_computable: 1 });
    expect(storedVerdict({ ...inc })?.decision).toBe('inconclusive');
  });

  it('a run that stored no verdict (older runs, unfinished) → null', () => {
    expect(storedVerdict({})).toBeNull();
    expect(storedVerdict({ sharpe: 1, totalReturn: 0.1 })).toBeNull();
  });
});
