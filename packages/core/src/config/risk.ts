import { z } from 'zod';
import { bool, fraction, nonNegInt, posInt, posNum, section } from './primitives.ts';

export const cooldownSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('next_utc_day') }),
  section({ kind: z.literal('bars'), bars: posInt().default(60) }),
], { error: 'expected a cool-down with kind next_utc_day | bars' });

/** How a bet is sized (see pipeline/sizing.ts). */
export const sizingSchema = z.discriminatedUnion('kind', [
  /** AFML ch. 10: m = 2Φ(z) − 1 from the calibrated probability, averaged over active bets, discretised; × max_position_pct. */
  section({ kind: z.literal('bet_size'), step: fraction().refine((x) => x > 0, { error: 'expected a step in (0, 1]' }).default(0.1) }),
  /** Fractional Kelly with p and b of the traded bet (same exit rule, after costs) on each window's calibration tail. */
  section({ kind: z.literal('kelly'), min_trades: posInt().default(20) }),
], { error: 'expected a sizing with kind bet_size | kelly' });

export const riskSchema = section({
  sizing: sizingSchema.prefault({ kind: 'bet_size' }),
  /** Cap on a position's notional as a share of equity. @default 0.05 */
  max_position_pct: fraction().default(0.05),
  /** Fraction of full Kelly. @default 0.25 */
  kelly_fraction_cap: fraction().default(0.25),
  /** Halt for the UTC day when equity falls this far below the day's open. @default 0.02 */
  daily_loss_limit: fraction().default(0.02),
  /** Pause entries after this many losing trades in a row (0 = off). @default 3 */
  consecutive_loss_limit: nonNegInt().default(3),
  consecutive_loss_cooldown: cooldownSchema.prefault({ kind: 'next_utc_day' }),
  volatility_scaling: bool().default(true),
  /** Annualised target volatility used by volatility scaling. @default 0.5 */
  target_vol: posNum().default(0.5),
  /** Bars in the realised-volatility window. @default 60 */
  vol_window: posInt().default(60),
  /** Alert when |rolling correlation| exceeds this. @default 0.8 */
  correlation_alert: fraction().default(0.8),
  correlation_window: posInt().default(240),
});
export type RiskConfig = z.infer<typeof riskSchema>;
