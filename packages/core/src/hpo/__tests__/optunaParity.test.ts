/**
 * Parity of the TPE port with Optuna 5.0.0 itself: the expected numbers below were computed with
 * Optuna's own `_ParzenEstimator(...).log_pdf`, `default_weights` and `_truncnorm.ppf` (Python 3.11,
 * numpy) on the same observations – the generator is in the comment of each block. A change in the
 * bandwidth rule, the prior, the weights, the endpoint handling, the magic clip, the discrete (step)
 * or log handling, or the categorical kernels moves these numbers.
 */
import { describe, expect, it } from 'vitest';
import { buildParzenEstimator, defaultWeights, parzenLogPdf, truncNormPpf } from '../index.ts';
import { sortOrder } from '../parzen.ts';
import { createRng } from '../../util/rng.ts';
import type { ParamSpec } from '../index.ts';

// space = {x: Float(-5, 10), lr: Float(1e-4, 1, log), k: Int(1, 9), s: Float(0, 1, step=0.25), c: Categorical(a, b, c)}
const SPECS: Record<string, ParamSpec> = {
  x: { type: 'float', low: -5, high: 10, log: false, step: null },
  lr: { type: 'float', low: 1e-4, high: 1, log: true, step: null },
  k: { type: 'int', low: 1, high: 9, log: false, step: 1 },
  s: { type: 'float', low: 0, high: 1, log: false, step: 0.25 },
  c: { type: 'categorical', choices: ['a', 'b', 'c'] },
};
// observations (internal form: categorical as index) and the points the log-density is evaluated at
const OBS: Record<string, number[]> = { x: [-4.2, 0.5, 3.3, 9.1, 7.0], lr: [0.002, 0.3, 0.05, 1e-4, 0.8], k: [2, 9, 5, 4, 7], s: [0.25, 1.0, 0.0, 0.5, 0.75], c: [0, 2, 2, 1, 0] };
const PTS: Record<string, number[]> = { x: [-5.0, 0.0, 3.0, 9.9], lr: [0.001, 0.5, 1e-4, 0.02], k: [1, 5, 9, 3], s: [0.0, 0.5, 1.0, 0.25], c: [0, 1, 2, 2] };
// _ParzenEstimator(obs, space, _ParzenEstimatorParameters(1.0, True, False, default_weights, True)).log_pdf(pts)
const OPTUNA: Record<string, number[]> = {
  joint: [-8.633988594861115, -10.659725497801064, -11.76172847420525, -10.108853425789576],
  x: [-3.1055767835503825, -2.7959488586543415, -2.719487615993894, -2.5641149700159644],
  lr: [-2.4147633228195877, -1.7421360047493255, -2.5017082650224953, -2.4012027483527305],
  k: [-2.634344714083624, -2.0567016241188867, -2.288111125693159, -2.1767694802768585],
  s: [-1.7212380587978244, -1.5377107574325657, -1.7212380587978242, -1.5430923108767578],
  c: [-0.9932517730102834, -1.349926716949016, -0.9932517730102834, -0.9932517730102834],
};

const logPdf = (names: string[], options?: Parameters<typeof buildParzenEstimator>[2]) => {
  const pe = buildParzenEstimator(names.map((n) => SPECS[n]), names.map((n) => Float64Array.from(OBS[n])), options);
  return Array.from(parzenLogPdf(pe, names.map((n) => Float64Array.from(PTS[n]))));
};

describe('TPE Parzen estimator = Optuna 5.0.0', () => {
  it.each(['x', 'lr', 'k', 's', 'c'])('log-density of one %s parameter (uniform, log, int, stepped float, categorical)', (n) => {
    logPdf([n]).forEach((v, i) => expect(v).toBeCloseTo(OPTUNA[n][i], 12));
  });

  it('log-density of the joint (multivariate) estimator over all five', () => {
    logPdf(['x', 'lr', 'k', 's', 'c']).forEach((v, i) => expect(v).toBeCloseTo(OPTUNA.joint[i], 12));
  });

  it('consider_endpoints = True, consider_magic_clip = False', () => {
    // _ParzenEstimatorParameters(1.0, False, True, default_weights, True)
    const expected = [-3.1055767837924186, -2.795976742524236, -2.7212266164830448, -2.5569347131592295];
    logPdf(['x'], { priorWeight: 1, magicClip: false, considerEndpoints: true }).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('default_weights(30): a linspace ramp 1/30 … 1 over the oldest 5, then 25 ones', () => {
    const w = Array.from(defaultWeights(30));
    [0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 14));
    expect(w.slice(5)).toEqual(new Array(25).fill(1));
  });

  it('truncated-normal quantiles = _truncnorm.ppf, deep tails included', () => {
    // _truncnorm.ppf([0.3, 0.99, 1e-6, 0.5], a=[-1, 2, -30, 5], b=[2, 8, -25, 6])
    const cases: [number, number, number, number][] = [[0.3, -1, 2, -0.24240381788922705], [0.99, 2, 8, 3.505937154370035], [1e-6, -30, -25, -25.54580124132175], [0.5, 5, 6, 5.131371763283919]];
    for (const [q, a, b, x] of cases) expect(truncNormPpf(q, a, b)).toBeCloseTo(x, 10);
  });
});

describe('sortOrder(x)', () => {
  it('equals a stable sort of the indices by value (ties in index order, −0 and 0 tied)', () => {
    const rng = createRng(2);
    for (const n of [0, 1, 7, 300]) {
      const x = Float64Array.from({ length: n }, () => Math.round(rng.next() * 9) / 2 - 2);
      if (n > 5) { x[3] = -0; x[4] = 0; }
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
      expect(Array.from(sortOrder(x))).toEqual(expected);
    }
  });
});
