import type { FittedModel, ModelFactory } from './contract.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';

/** The L2 logistic baseline behind the model contract (closed form: no training curve, no early stopping). */
export const logisticFactory: ModelFactory = {
  kind: 'logistic',
  async fit(spec, data, req) {
    if (spec.kind !== 'logistic') throw new Error(`logisticFactory cannot fit kind ${spec.kind}`);
    const s = spec;
    const m = fitLogistic(data.X, req.y, req.rows, { p: data.p, l2: s.l2, maxIter: s.max_iter, tol: s.tol, ...(req.weights ? { sampleWeight: req.weights } : {}) });
    const fitted: FittedModel = {
      kind: 'logistic',
      predict: async (d, rows) => predictLogistic(m, d.X, rows),
      coef: m.coef, importance: null, history: [],
      toJSON: () => ({ kind: 'logistic', p: m.p, mean: Array.from(m.mean), scale: Array.from(m.scale), coef: Array.from(m.coef), intercept: m.intercept }),
    };
    return fitted;
  },
};
