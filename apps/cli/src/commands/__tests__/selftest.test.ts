import { describe, expect, it } from 'vitest';
import { selftestCommand } from '../selftest.ts';
import { runInProcess } from './cliHarness.ts';

interface Control { name: string; expected: string; got: string; passed: boolean; figures: Record<string, number | string | boolean | null> }

describe('skippy-train selftest [--json]', () => {
  it('the shipped controls pass: positive GO with DSR ≥ 0.95, negative NO-GO, the canary catches a peeking feature', async () => {
    const r = await runInProcess(selftestCommand, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { passed: boolean; controls: Control[] };
    expect(Object.keys(j).sort()).toEqual(['controls', 'passed']);
    expect(j.controls.map((c) => c.name)).toEqual(['positive-control', 'negative-control', 'leakage-canary']);
    for (const c of j.controls) expect(c, c.name).toMatchObject({ passed: true });
    expect(j.passed).toBe(true);
    const [pos, neg, canary] = j.controls.map((c) => c.figures);
    expect(pos.verdict).toBe('go');
    expect(pos.dsr as number).toBeGreaterThanOrEqual(0.95);
    expect(pos.trades as number).toBeGreaterThanOrEqual(30);
    expect(neg.verdict).toBe('no-go');
    expect(canary).toMatchObject({ peek_flagged: true, causal_flagged: false, canary_passed: true });
    expect((canary.peek_accuracy as number) - 0.5).toBeGreaterThan(canary.tolerance as number);
    expect(Math.abs((canary.causal_accuracy as number) - 0.5)).toBeLessThanOrEqual(canary.tolerance as number);
  }, 60_000);
});
