import { z } from 'zod';
import { bool, fraction, nonNegNum, oneOf, posInt, posNum, section } from './primitives.ts';

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
  /**
   * Probability calibration fitted per walk-forward window: the window's training rows are split into a
   * fitting head and a purged calibration tail (`calibration_pct` of the rows); a model fitted on the
   * head scores the tail and Platt scaling is fitted there, then applied to the full-window model's
   * test predictions. @default "platt"
   */
  calibration: oneOf(['platt', 'none'] as const).default('platt'),
  calibration_pct: fraction().refine((x) => x > 0 && x < 1, { error: 'expected a fraction in (0, 1)' }).default(0.2),
  /** Training sample weights: AFML ch. 4 average label uniqueness, or none. @default "uniqueness" */
  sample_weights: oneOf(['uniqueness', 'none'] as const).default('uniqueness'),
  /**
   * Meta-labelling (AFML 3.6): a primary side (the moving-average rule, or the primary model) and a
   * secondary logistic model trained on meta-labels (1 when the primary side's label return > 0) that
   * decides whether to take each bet and how big: the bet is taken when its calibrated P(primary is
   * right) exceeds the decision threshold.
   */
  meta: section({
    enabled: bool().default(false),
    primary: oneOf(['ma_rule', 'model'] as const).default('ma_rule'),
    /** SMA window of the rule side. @default 50 */
    ma_window: posInt().default(50),
  }).prefault({}),
});
export type ModelsConfig = z.infer<typeof modelsSchema>;
