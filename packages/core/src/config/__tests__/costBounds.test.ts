/**
 * Issue 13 re-probe: a cost of 1 or more (slippage 5 for 0.05 %) and an annualisation factor beyond one
 * period a second were accepted by the schema and only produced absurd numbers later (final equity
 * −67,270 from 100,000; a Sharpe of 1e152). Each is now refused with one line naming the key.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig, MAX_PERIODS_PER_YEAR } from '../index.ts';

function issue(raw: Record<string, unknown>): string | null {
  const r = validateConfig(raw);
  return r.ok ? null : r.issues.map((i) => i.text).join('; ');
}

describe('execution costs are fractions in [0, 1)', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['execution.simple.slippage', { execution: { simple: { slippage: 5 } } }],
    ['execution.simple.fee', { execution: { simple: { fee: 1 } } }],
    ['execution.taker_fee', { execution: { taker_fee: 2 } }],
    ['execution.maker_fee', { execution: { maker_fee: 1.5 } }],
    ['execution.slippage_curve.small_size', { execution: { slippage_curve: { small_size: 5 } } }],
    ['execution.slippage_curve.medium_size', { execution: { slippage_curve: { medium_size: 1 } } }],
    ['execution.slippage_curve.large_size', { execution: { slippage_curve: { large_size: 35 } } }],
    ['execution.models.slippage.rate', { execution: { models: { slippage: { kind: 'fixed', rate: 1 } } } }],
  ];
  it.each(cases)('%s ≥ 1 is refused with the key, the value and the range', (path, raw) => {
    const text = issue(raw);
    expect(text).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}: expected a fraction of the price in \\[0, 1\\), e\\.g\\. 0\\.0005 for 0\\.05 %, got [\\d.]+$`));
  });
  it('negative costs are refused too; 0 and 0.999 are accepted', () => {
    expect(issue({ execution: { simple: { fee: -0.001 } } })).toMatch(/^execution\.simple\.fee: expected a fraction of the price in \[0, 1\)/);
    expect(issue({ execution: { simple: { slippage: 0, fee: 0 }, taker_fee: 0.999, slippage_curve: { small_size: 0.999 } } })).toBeNull();
  });
});

describe('evaluation.periods_per_year', () => {
  it('accepts 525600 (1m bars) and one a second; refuses beyond and non-integers', () => {
    expect(issue({ evaluation: { periods_per_year: 525_600 } })).toBeNull();
    expect(issue({ evaluation: { periods_per_year: MAX_PERIODS_PER_YEAR } })).toBeNull();
    expect(MAX_PERIODS_PER_YEAR).toBe(366 * 86_400);
    expect(issue({ evaluation: { periods_per_year: 1e308 } })).toBe('evaluation.periods_per_year: expected a positive integer ≤ 31622400 (one period a second), got 1e+308');
    expect(issue({ evaluation: { periods_per_year: 0 } })).toMatch(/^evaluation\.periods_per_year: expected a positive integer ≤ 31622400/);
  });
});

describe('hpo.space is bounded before its candidates are checked', () => {
  // every candidate is validated against the whole schema (≈ 1 ms each): 20,000 for one path took 24 s of a request
  it('more than 100 candidates for a path, more than 32 paths, or more than 256 candidates in all are refused', () => {
    expect(issue({ hpo: { enabled: true, space: { 'labels.pt': Array.from({ length: 20_000 }, (_, i) => i + 1) } } })).toMatch(/^hpo\.space\["labels\.pt"\]: expected at most 100 candidate values/);
    expect(issue({ hpo: { enabled: true, space: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`labels.pt${i}`, [1]])) } })).toMatch(/hpo\.space: expected at most 32 searched settings/);
    const wide = Object.fromEntries(['labels.pt', 'labels.sl', 'models.primary.l2'].map((p) => [p, Array.from({ length: 90 }, (_, j) => j + 1)]));
    expect(issue({ hpo: { enabled: true, space: wide } })).toMatch(/^hpo\.space: expected at most 256 candidate values in all \(this space has 270\)/);
    expect(issue({ hpo: { enabled: true, space: { 'labels.pt': [1, 2, 3], 'models.primary.l2': [0.1, 1] } } })).toBeNull();
  });
});

describe('lists that multiply the work are bounded', () => {
  it('ablation feature sets ≤ 200 (20,000 took 2.7 s to refuse), windows/periods/horizons ≤ 64', () => {
    expect(issue({ hpo: { ablation: { enabled: true, feature_sets: Array.from({ length: 20_000 }, () => 'price') } } })).toMatch(/^hpo\.ablation\.feature_sets: expected at most 200 feature sets/);
    expect(issue({ features: { price: { zscore: { windows: Array.from({ length: 65 }, (_, i) => i + 2) } } } })).toMatch(/^features\.price\.zscore\.windows: expected at most 64 values/);
    expect(issue({ labels: { max_holding_periods: Array.from({ length: 65 }, (_, i) => i + 2) } })).toMatch(/^labels\.max_holding_periods: expected at most 64 values/);
    expect(issue({ labels: { max_holding_periods: Array.from({ length: 64 }, (_, i) => i + 2) }, evaluation: { horizon: 2 } })).toBeNull();
  });
});
