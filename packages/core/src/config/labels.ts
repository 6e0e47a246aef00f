import { z } from 'zod';
import { bool, nonNegNum, oneOf, posInt, posIntList, posNum, section } from './primitives.ts';

export const volatilitySchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('atr'), window: posInt().default(20), smoothing: oneOf(['wilder', 'sma'] as const).default('wilder') }),
  section({ kind: z.literal('std'), window: posInt().default(100) }),
], { error: 'expected a volatility with kind atr or std' });

export const eventsSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('all') }),
  section({ kind: z.literal('cusum'), threshold: posNum().default(0.01) }),
], { error: 'expected events with kind all or cusum' });

export const labelsSchema = section({
  method: oneOf(['triple_barrier'] as const).default('triple_barrier'),
  /** Barrier width = multiplier × volatility. @default 2.0 */
  volatility_target_multiplier: posNum().default(2.0),
  volatility: volatilitySchema.prefault({ kind: 'atr' }),
  /** Profit-take and stop-loss multipliers on top of the target. @default 1 */
  pt: nonNegNum().default(1),
  sl: nonNegNum().default(1),
  /** Vertical barriers, in bars. @default [10, 20, 50] */
  max_holding_periods: posIntList().default([10, 20, 50]),
  touch: oneOf(['close', 'high_low'] as const).default('close'),
  /** When a high-low bar crosses both barriers. @default "sl_first" */
  ambiguity: oneOf(['sl_first', 'pt_first'] as const).default('sl_first'),
  enable_meta_labeling: bool().default(true),
  /** Events whose target is below this are skipped and counted. @default 0.001 */
  min_return_threshold: nonNegNum().default(0.001),
  events: eventsSchema.prefault({ kind: 'all' }),
});
export type LabelsConfig = z.infer<typeof labelsSchema>;
