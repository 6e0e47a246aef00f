import { z } from 'zod';
import { fraction, nonNegNum, posInt, posNum, section } from './primitives.ts';

export const primaryModelSchema = z.discriminatedUnion('kind', [
  section({
    kind: z.literal('logistic'),
    /** L2 penalty λ on the (standardised) weights. @default 1 */
    l2: nonNegNum().default(1),
    max_iter: posInt().default(100),
    tol: posNum().default(1e-8),
  }),
  section({
    kind: z.literal('ppo'),
    hidden: posInt().default(32),
    epochs: posInt().default(10),
    learning_rate: posNum().default(3e-4),
    clip: fraction().default(0.2),
    gamma: fraction().default(0.99),
  }),
], { error: 'expected a model with kind logistic | ppo' });

export const modelsSchema = section({
  primary: primaryModelSchema.prefault({ kind: 'logistic' }),
  /** Probability thresholds for taking a trade; each one is a variant in the PBO family. */
  decision_thresholds: z.array(fraction(), { error: 'expected a list of probabilities' }).min(1).default([0.5, 0.55, 0.6]),
  seed: z.number().int().default(7),
});
export type ModelsConfig = z.infer<typeof modelsSchema>;
