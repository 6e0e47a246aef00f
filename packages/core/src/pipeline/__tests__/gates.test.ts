import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_THRESHOLDS, evaluateGates } from '../gates.ts';
import type { GateInput, GateName } from '../gates.ts';

/** Every gate passes: 1.5 ≥ 1.2; 12 % ≤ 15 %; 1.5 ≥ 1.6 − 0.16 = 1.44; r = (2 − 1.5)/2 = 25 % ≥ 15 %; 0.97 ≥ 0.95; 0.3 ≤ 0.5; 40 ≥ 30. */
const good: GateInput = {
  strategy: { sharpe: 1.5, maxDrawdown: 0.12, trades: 40 },
  baseline: { name: 'buy & hold', sharpe: 1, maxDrawdown: 0.2 },
  inSampleSharpe: 1.6, outOfSampleSharpe: 1.5,
  naiveSharpe: 2, realisticSharpe: 1.5,
  dsr: 0.97, pbo: 0.3,
};
const gate = (input: GateInput, name: GateName) => evaluateGates(input).gates.find((g) => g.gate === name)!;
const withStrategy = (s: Partial<GateInput['strategy']>, b: Partial<GateInput['baseline']> = {}): GateInput =>
  ({ ...good, strategy: { ...good.strategy, ...s }, baseline: { ...good.baseline, ...b } });

describe('evaluateGates(input, thresholds)', () => {
  it('is a go when every gate passes, with the hand-computed values and thresholds in gate order', () => {
    const r = evaluateGates(good);
    expect(r.decision).toBe('go');
    expect(r.failed).toEqual([]);
    expect(r.gates.map((g) => [g.gate, g.passed, g.value, g.threshold])).toEqual([
      ['sharpe_vs_baseline', true, 1.5, 1.2],
      ['drawdown_vs_baseline', true, 0.12, 0.15000000000000002], // 0.75 × 0.2 in floating point
      ['is_oos_consistency', true, 1.5, 1.6 - 0.1 * 1.6],
      ['execution_realism', true, 0.25, 0.15],
      ['dsr', true, 0.97, 0.95],
      ['pbo', true, 0.3, 0.5],
      ['min_trades', true, 40, 30],
    ]);
    expect(r.gates[0].message).toBe('Strategy Sharpe 1.50 vs baseline "buy & hold" 1.00: it must reach at least the baseline plus 20 % of its size (1.00 + 20 % × 1.00 = 1.20) and be above 0 — passed.');
    expect(r.gates[1].message).toBe('Strategy max drawdown 12 % vs baseline "buy & hold" 20 %: it must be at least 25 % smaller, at most 75 % × 20 % = 15 % — passed.');
    expect(r.gates[2].message).toBe('Out-of-sample Sharpe 1.50 vs in-sample 1.60 (down 6.3 %): it may fall at most 10 % of the in-sample size, to 1.60 − 10 % × 1.60 = 1.44 — passed.');
    expect(r.gates[3].message).toBe('Realistic Sharpe 1.50 vs naive 2.00 (close fills, no costs): the realistic simulation removes (2.00 − 1.50) / 2.00 = 25 % of the naive Sharpe; at least 15 % is expected — passed.');
    expect(DEFAULT_GATE_THRESHOLDS).toEqual({ sharpeImprovement: 0.2, drawdownReduction: 0.25, isOosTolerance: 0.1, inflationReduction: 0.15, dsr: 0.95, pbo: 0.5, minTrades: 30 });
  });

  it('sharpe_vs_baseline: S ≥ B + 0.2·|B| and S > 0; equality passes; a negative baseline still needs S > 0', () => {
    expect(gate(withStrategy({ sharpe: 1.2 }), 'sharpe_vs_baseline').passed).toBe(true); // 1.2 = 1 + 0.2
    expect(gate(withStrategy({ sharpe: 1.19 }), 'sharpe_vs_baseline').passed).toBe(false);
    // B = 1.5: 1.5 + 0.2 × 1.5 = 1.8000000000000003 in floating point; S = 1.8 is equal and passes
    expect(gate(withStrategy({ sharpe: 1.8 }, { sharpe: 1.5 }), 'sharpe_vs_baseline').passed).toBe(true);
    // B = −0.5: B + 0.2|B| = −0.4, but S must also be > 0 → threshold 0
    const neg = gate(withStrategy({ sharpe: -0.39 }, { sharpe: -0.5 }), 'sharpe_vs_baseline');
    expect([neg.passed, neg.value, neg.threshold]).toEqual([false, -0.39, 0]);
    expect(neg.message).toContain('(-0.50 + 20 % × 0.50 = -0.40)');
    expect(neg.message).toContain('The strategy loses money, which never passes.');
    expect(gate(withStrategy({ sharpe: 0.01 }, { sharpe: -0.5 }), 'sharpe_vs_baseline').passed).toBe(true);
    // B = 0: threshold 0, and S = 0 is not above 0
    expect(gate(withStrategy({ sharpe: 0 }, { sharpe: 0 }), 'sharpe_vs_baseline').passed).toBe(false);
    expect(gate(withStrategy({ sharpe: 0.001 }, { sharpe: 0 }), 'sharpe_vs_baseline').passed).toBe(true);
  });

  it('drawdown_vs_baseline: DD ≤ 0.75·DD_b (equality passes); a zero baseline drawdown needs a zero strategy drawdown', () => {
    expect(gate(withStrategy({ maxDrawdown: 0.15 }), 'drawdown_vs_baseline').passed).toBe(true); // 0.75 × 0.2 = 0.15
    expect(gate(withStrategy({ maxDrawdown: 0.16 }), 'drawdown_vs_baseline').passed).toBe(false);
    expect(gate(withStrategy({ maxDrawdown: 0.3 }, { maxDrawdown: 0.4 }), 'drawdown_vs_baseline').passed).toBe(true); // 0.75 × 0.4 = 0.3
    const zero = gate(withStrategy({ maxDrawdown: 0 }, { maxDrawdown: 0 }), 'drawdown_vs_baseline');
    expect([zero.passed, zero.threshold]).toEqual([true, 0]);
    const zeroFail = gate(withStrategy({ maxDrawdown: 0.01 }, { maxDrawdown: 0 }), 'drawdown_vs_baseline');
    expect(zeroFail.passed).toBe(false);
    expect(zeroFail.message).toBe('Strategy max drawdown 1 % vs baseline "buy & hold" 0 %: the baseline never drew down, so the strategy must not either — FAILED.');
    expect(() => evaluateGates(withStrategy({ maxDrawdown: -0.1 }))).toThrow(/positive fraction/);
  });

  it('is_oos_consistency: OOS ≥ IS − 0.10·|IS| (equality passes, doing better passes, negative IS uses |IS|)', () => {
    const at = (IS: number, OOS: number) => gate({ ...good, inSampleSharpe: IS, outOfSampleSharpe: OOS }, 'is_oos_consistency');
    expect(at(1, 0.9).passed).toBe(true); // 1 − 0.1 = 0.9
    expect(at(1, 0.89).passed).toBe(false);
    expect(at(1, 0.89).message).toContain('(down 11 %)');
    expect(at(1, 1.3).passed).toBe(true);
    expect(at(2, 1.8).passed).toBe(true); // 2 − 0.2 = 1.8
    const n = at(-1, -1.1); // −1 − 0.1 × 1 = −1.1
    expect([n.passed, n.threshold]).toEqual([true, -1.1]);
    expect(at(-1, -1.2).passed).toBe(false);
    expect(at(0, 0).passed).toBe(true);
    expect(at(0, -0.01).passed).toBe(false);
  });

  it('execution_realism: r = (naive − realistic)/|naive| ≥ 0.15 (equality passes); naive ≤ 0 fails', () => {
    const at = (naive: number, realistic: number) => gate({ ...good, naiveSharpe: naive, realisticSharpe: realistic }, 'execution_realism');
    expect(at(2, 1.7).passed).toBe(true); // r = 0.3/2 = 0.15
    expect(at(1, 0.85).passed).toBe(true); // r = 0.15
    const small = at(2, 1.8); // r = 0.1
    expect(small.passed).toBe(false);
    expect(small.value).toBeCloseTo(0.1, 15);
    expect(small.message).toContain('check they are modelled');
    const up = at(1, 1.2); // r = −0.2: the realistic run is better than the cost-free one
    expect(up.passed).toBe(false);
    expect(up.value).toBeCloseTo(-0.2, 15);
    expect(up.message).toContain('costs or fills are not being applied');
    for (const naive of [0, -0.5]) {
      const g = at(naive, -1);
      expect([g.passed, g.value, g.threshold]).toEqual([false, null, 0.15]);
      expect(g.message).toContain('no edge even before costs');
    }
  });

  it('dsr ≥ 0.95, pbo ≤ 0.5, trades ≥ 30: equality passes', () => {
    expect(gate({ ...good, dsr: 0.95 }, 'dsr').passed).toBe(true);
    expect(gate({ ...good, dsr: 0.9499 }, 'dsr').passed).toBe(false);
    expect(gate({ ...good, pbo: 0.5 }, 'pbo').passed).toBe(true);
    expect(gate({ ...good, pbo: 0.5001 }, 'pbo').passed).toBe(false);
    expect(gate({ ...good, pbo: 0.62 }, 'pbo').message).toBe('Probability of backtest overfitting 62 % vs at most 50 %: the variant that looked best in sample more often than not fails to hold up out of sample — FAILED.');
    expect(gate(withStrategy({ trades: 30 }), 'min_trades').passed).toBe(true);
    expect(gate(withStrategy({ trades: 29 }), 'min_trades').message).toBe('29 out-of-sample trades vs at least 30: too few to judge the strategy — FAILED.');
  });

  it('a missing input makes its gate null (inconclusive); any failure makes it a no-go and is listed', () => {
    const m = evaluateGates({ ...good, dsr: null, baseline: { ...good.baseline, sharpe: null } });
    expect(m.decision).toBe('inconclusive');
    expect(m.failed).toEqual([]);
    const s = m.gates.find((g) => g.gate === 'sharpe_vs_baseline')!;
    expect([s.passed, s.value]).toEqual([null, null]);
    expect(s.message).toBe('Not computable: the Sharpe of the baseline "buy & hold" is missing.');
    expect(m.gates.find((g) => g.gate === 'dsr')!.message).toBe('Not computable: the deflated Sharpe ratio is missing.');
    expect(gate({ ...good, inSampleSharpe: Number.NaN, outOfSampleSharpe: null }, 'is_oos_consistency').message)
      .toBe('Not computable: the in-sample Sharpe and the out-of-sample Sharpe are missing.');
    const f = evaluateGates({ ...good, dsr: null, pbo: 0.7, strategy: { ...good.strategy, trades: 3 } });
    expect(f.decision).toBe('no-go');
    expect(f.failed).toEqual(['pbo', 'min_trades']);
  });

  it('takes partial thresholds', () => {
    const r = evaluateGates(withStrategy({ trades: 12 }), { minTrades: 10, pbo: 0.25 });
    expect(r.failed).toEqual(['pbo']); // 0.3 > 0.25
    expect(r.gates[6].threshold).toBe(10);
    expect(() => evaluateGates(good, { dsr: Number.NaN })).toThrow(/dsr/);
  });
});
