import { z } from 'zod';
import { fraction, nonNegNum, posInt, posNum, section } from './primitives.ts';

/** The primary model: a discriminated union on `kind` so further models plug in beside the baseline. */
export const primaryModelSchema = z.discriminatedUnion('kind', [
  section({
    kind: z.literal('logistic'),
    /** L2 penalty λ on the (standardised) weights. @default 1 */
    l2: nonNegNum().default(1),
    max_iter: posInt().default(100),
    tol: posNum().default(1e-8),
  }),
], { error: 'expected a model with kind logistic (the supervised baseline, the only model runs support)' });

export const modelsSchema = section({
  primary: primaryModelSchema.prefault({ kind: 'logistic' }),
  /** Probability thresholds for taking a trade; each one is a variant in the PBO family. */
  decision_thresholds: z.array(fraction(), { error: 'expected a list of probabilities' }).min(1).default([0.5, 0.55, 0.6]),
  seed: z.number().int().default(7),
});
export type ModelsConfig = z.infer<typeof modelsSchema>;
