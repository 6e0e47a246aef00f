import { describe, expect, it } from 'vitest';
import { CARTPOLE, CartPoleVecEnv, cartPoleStep } from '../cartPole.ts';

describe('cartPoleStep(state, off, action)', () => {
  it('pushes right from rest by Gymnasium\'s Euler step (hand-computed: ẍ = 400/41, θ̈ = −600/41)', () => {
    const s = new Float64Array([0, 0, 0, 0]);
    expect(cartPoleStep(s, 0, 1)).toBe(false);
    // temp = 10 / 1.1; θ̈ = −temp / (0.5 (4/3 − 0.1/1.1)) = −600/41; ẍ = temp − 0.05 θ̈ / 1.1 = 400/41
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(0.02 * 400 / 41, 14);
    expect(s[2]).toBe(0);
    expect(s[3]).toBeCloseTo(-0.02 * 600 / 41, 14);
  });

  it('integrates position and angle with the velocities before the update (explicit Euler)', () => {
    const s = new Float64Array([0.1, 0.5, 0.05, -0.3]);
    cartPoleStep(s, 0, 0);
    expect(s[0]).toBeCloseTo(0.1 + 0.02 * 0.5, 14);
    expect(s[2]).toBeCloseTo(0.05 + 0.02 * -0.3, 14);
    // ẋ and θ̇ against the formulas written out once more
    const th = 0.05, thd = -0.3, force = -10, cos = Math.cos(th), sin = Math.sin(th);
    const temp = (force + 0.05 * thd * thd * sin) / 1.1;
    const thacc = (9.8 * sin - cos * temp) / (0.5 * (4 / 3 - (0.1 * cos * cos) / 1.1));
    const xacc = temp - (0.05 * thacc * cos) / 1.1;
    expect(s[1]).toBeCloseTo(0.5 + 0.02 * xacc, 14);
    expect(s[3]).toBeCloseTo(thd + 0.02 * thacc, 14);
  });

  it('terminates when |x| > 2.4 or |θ| > 12° = 12·2π/360 after the step', () => {
    expect(CARTPOLE.thetaThreshold).toBe((12 * 2 * Math.PI) / 360);
    expect(cartPoleStep(new Float64Array([2.39, 1, 0, 0]), 0, 1)).toBe(true); // x → 2.41
    expect(cartPoleStep(new Float64Array([-2.39, -1, 0, 0]), 0, 0)).toBe(true);
    expect(cartPoleStep(new Float64Array([2.38, 0.5, 0, 0]), 0, 1)).toBe(false); // x → 2.39
    expect(cartPoleStep(new Float64Array([0, 0, 0.209, 0.1]), 0, 1)).toBe(true); // θ → 0.211 > 0.20944
    expect(cartPoleStep(new Float64Array([0, 0, -0.209, -0.1]), 0, 0)).toBe(true);
  });
});

describe('CartPoleVecEnv', () => {
  it('resets every copy uniformly in (−0.05, 0.05), seeded', () => {
    const a = new CartPoleVecEnv({ numEnvs: 8, seed: 3 }), b = new CartPoleVecEnv({ numEnvs: 8, seed: 3 });
    a.reset(); b.reset();
    expect(Array.from(a.obs)).toEqual(Array.from(b.obs));
    for (const v of a.state) expect(Math.abs(v)).toBeLessThan(0.05);
    expect(a.obs).toBeInstanceOf(Float32Array);
    expect(a.obs[5]).toBe(Math.fround(a.state[5]));
  });

  it('rewards 1 per step including the terminating one, auto-resets and reports the episode', () => {
    const env = new CartPoleVecEnv({ numEnvs: 1, seed: 1 });
    env.reset();
    let steps = 0;
    while (true) {
      env.step([1]); // always right: falls within a few dozen steps
      steps++;
      expect(env.reward[0]).toBe(1);
      if (env.terminated[0]) break;
    }
    const eps = env.takeEpisodes();
    expect(eps).toEqual([{ return: steps, length: steps }]);
    for (let k = 0; k < 4; k++) expect(Math.abs(env.state[k])).toBeLessThan(0.05); // already reset
    expect(env.takeEpisodes()).toEqual([]);
  });

  it('truncates at maxEpisodeSteps (500 by default, as CartPole-v1)', () => {
    expect(new CartPoleVecEnv({ seed: 1 }).maxEpisodeSteps).toBe(500);
    const env = new CartPoleVecEnv({ numEnvs: 2, seed: 1, maxEpisodeSteps: 3 });
    env.reset();
    env.step([0, 1]); env.step([1, 0]);
    expect(Array.from(env.truncated)).toEqual([0, 0]);
    env.step([0, 1]);
    expect(Array.from(env.truncated)).toEqual([1, 1]);
    expect(Array.from(env.terminated)).toEqual([0, 0]);
    expect(env.takeEpisodes()).toEqual([{ return: 3, length: 3 }, { return: 3, length: 3 }]);
  });
});
