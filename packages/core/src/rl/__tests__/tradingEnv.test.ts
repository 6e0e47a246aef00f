import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.ts';
import { createRng } from '../../util/rng.ts';
import type { FeatureMatrix } from '../../features/index.ts';
import { TradingVecEnv, type TradingEnvOptions } from '../tradingEnv.ts';
import { fitObservationNormaliser } from '../normaliser.ts';

function execution(slippage = 0.001) {
  const ex = defaultConfig().execution;
  return { ...ex, taker_fee: 0.0005, half_spread: true, initial_cash: 100_000, models: { ...ex.models, slippage: { kind: 'fixed' as const, rate: slippage } } };
}

function series(close: number[], open: number[]) {
  const T = close.length;
  const features: FeatureMatrix = { ts: Float64Array.from({ length: T }, (_, i) => i), names: ['f'], columns: [Float64Array.from(close, (c, i) => (i === 0 ? Number.NaN : c / close[i - 1] - 1))] };
  return { bars: { open: Float64Array.from(open), close: Float64Array.from(close), volume: new Float64Array(T).fill(10) }, features };
}

describe('TradingVecEnv', () => {
  it('charges slippage, half spread, taker fee and funding like the bar engine (hand case)', () => {
    const { bars, features } = series([100, 102, 101, 103], [100, 101, 102, 100]);
    const normaliser = fitObservationNormaliser(features, bars.close, 0, 4);
    const opts: TradingEnvOptions = { bars, features, normaliser, window: 1, from: 0, to: 4, seed: 1, execution: execution(), positionPct: 0.1,
      spread: Float64Array.from([0.0002, 0.0004, 0, 0]), fundingRate: Float64Array.from([0, 0.0001, 0, 0]), rewardScale: 1 };
    const env = new TradingVecEnv(opts);
    env.resetAt(0, 0);
    // long at bar 0's close: qty = 0.1 × 100000 / 100 = 100, filled at open[1] = 101 × (1 + 0.001 + 0.0002/2)
    const r1 = env.advance(0, 2);
    const px1 = 101 * 1.0011, fee1 = 100 * px1 * 0.0005, fund1 = 100 * 102 * 0.0001;
    expect(env.qty[0]).toBe(100);
    expect(env.fees[0]).toBeCloseTo(fee1, 9);
    expect(env.slippage[0]).toBeCloseTo(100 * 101 * 0.0011, 9);
    expect(env.funding[0]).toBeCloseTo(fund1, 9);
    const eq1 = 100_000 - 100 * px1 - fee1 - fund1 + 100 * 102;
    expect(env.equity[0]).toBeCloseTo(eq1, 8);
    expect(r1).toBeCloseTo((eq1 - 100_000) / 100_000, 12);
    // short at bar 1's close: exit 100 at open[2] = 102 × (1 − 0.0012), then enter −0.1 × eq1 / 102
    const r2 = env.advance(0, 0);
    const px2 = 102 * (1 - 0.0012), q2 = (0.1 * eq1) / 102, px3 = 102 * (1 - 0.0012);
    const cash2 = 100_000 - 100 * px1 - fee1 - fund1 + 100 * px2 - 100 * px2 * 0.0005 + q2 * px3 - q2 * px3 * 0.0005;
    const eq2 = cash2 - q2 * 101;
    expect(env.qty[0]).toBeCloseTo(-q2, 9);
    expect(env.equity[0]).toBeCloseTo(eq2, 7);
    expect(r2).toBeCloseTo((eq2 - eq1) / 100_000, 10);
    expect(env.fees[0]).toBeCloseTo(fee1 + 100 * px2 * 0.0005 + q2 * px3 * 0.0005, 9);
    // holding the same side trades nothing
    const fees = env.fees[0];
    env.advance(0, 0);
    expect(env.fees[0]).toBe(fees);
  });

  it('subtracts the drawdown penalty on an increase of the drawdown only', () => {
    const { bars, features } = series([100, 100, 90, 95], [100, 100, 100, 90]);
    const normaliser = fitObservationNormaliser(features, bars.close, 0, 4);
    const base = { bars, features, normaliser, window: 1, from: 0, to: 4, seed: 1, execution: execution(0), positionPct: 1, rewardScale: 1 };
    const a = new TradingVecEnv({ ...base, drawdownPenalty: 0 }), b = new TradingVecEnv({ ...base, drawdownPenalty: 2 });
    a.resetAt(0, 0); b.resetAt(0, 0);
    a.advance(0, 2); b.advance(0, 2);
    const ddBefore = 1 - a.equity[0] / a.peak[0]; // the entry's fee
    const ra = a.advance(0, 2), rb = b.advance(0, 2);
    const ddIncrease = 1 - a.equity[0] / a.peak[0] - ddBefore;
    expect(ddIncrease).toBeGreaterThan(0);
    expect(rb).toBeCloseTo(ra - 2 * ddIncrease, 12);
    expect(b.advance(0, 2)).toBeCloseTo(a.advance(0, 2), 12); // recovering: no penalty
  });

  it('never changes the observation at t when prices and features after t change (no look-ahead)', () => {
    const rng = createRng(5);
    const T = 120;
    const close: number[] = [], open: number[] = [];
    let p = 100;
    for (let t = 0; t < T; t++) { open.push(p); p *= Math.exp(0.01 * rng.normal()); close.push(p); }
    const a = series(close, open);
    const normaliser = fitObservationNormaliser(a.features, a.bars.close, 0, 60);
    const actions = Array.from({ length: T }, () => rng.int(3));
    for (const tau of [20, 55, 90]) {
      const b = series(close.map((c, t) => (t > tau ? c * (1 + 0.2 * rng.normal()) : c)), open.map((o, t) => (t > tau ? o * 1.3 : o)));
      const obsUpTo = (s: typeof a) => {
        const env = new TradingVecEnv({ ...s, normaliser, window: 8, from: 0, to: T, seed: 1, execution: execution(), positionPct: 0.1, spread: new Float64Array(T).fill(0.0003) });
        env.resetAt(0, 10);
        const out: number[][] = [Array.from(env.obs)];
        for (let t = 10; t < tau; t++) { env.advance(0, actions[t]); env.observe(0); out.push(Array.from(env.obs)); }
        return out;
      };
      expect(obsUpTo(b)).toEqual(obsUpTo(a));
    }
  });

  it('draws seeded episode windows inside [from, to) and auto-resets after episodeBars decisions', () => {
    const rng = createRng(2);
    const close = Array.from({ length: 300 }, () => 100 + rng.next());
    const s = series(close, close);
    const normaliser = fitObservationNormaliser(s.features, s.bars.close, 50, 200);
    const mk = () => new TradingVecEnv({ ...s, normaliser, window: 4, from: 50, to: 200, episodeBars: 10, numEnvs: 3, seed: 9, execution: execution(), positionPct: 0.1 });
    const env = mk(), twin = mk();
    env.reset(); twin.reset();
    expect(Array.from(env.bar)).toEqual(Array.from(twin.bar));
    expect(env.obsSize).toBe(4 + 2);
    for (let k = 0; k < 200; k++) {
      for (const b of env.bar) { expect(b).toBeGreaterThanOrEqual(53); expect(b).toBeLessThanOrEqual(198); }
      env.step([0, 1, 2]);
    }
    const eps = env.takeEpisodes();
    expect(eps.length).toBe(60);
    for (const e of eps) expect(e.length).toBe(10);
  });
});
