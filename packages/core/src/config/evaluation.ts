import type { z } from 'zod';
import { bool, oneOf, openFraction, posInt, section } from './primitives.ts';

export const evaluationSchema = section({
  method: oneOf(['purged_embargo_cv', 'walk_forward', 'cpcv'] as const).default('purged_embargo_cv'),
  n_splits: posInt().min(2, { error: 'expected an integer ≥ 2' }).default(5),
  embargo_pct: openFraction().default(0.02),
  purge_pct: openFraction().default(0.05),
  /** Which label horizon (bars) the models learn; must be one of labels.max_holding_periods. @default 20 */
  horizon: posInt().default(20),
  walk_forward: section({
    window: oneOf(['rolling', 'expanding'] as const).default('expanding'),
    /** Training window length as a share of the samples (rolling) or the first window (expanding). @default 0.5 */
    train_pct: openFraction().default(0.5),
  }).prefault({}),
  cpcv: section({ groups: posInt().min(2).default(6), test_groups: posInt().default(2) }).prefault({}),
  cscv_enabled: bool().default(true),
  /** CSCV partitions S (even). @default 16 */
  cscv_partitions: posInt().refine((s) => s % 2 === 0 && s >= 2 && s <= 24, { error: 'expected an even integer in [2, 24]' }).default(16),
  /** Periods per year for annualising bar returns (1m bars: 525600). null = derived from the bar interval. */
  periods_per_year: posInt().nullable().default(null),
});
export type EvaluationConfig = z.infer<typeof evaluationSchema>;
