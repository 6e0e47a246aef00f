import { z } from 'zod';
import { bool, costFraction, fraction, nonNegNum, oneOf, posInt, posNum, section } from './primitives.ts';

const latencyRange = z.tuple([nonNegNum('a latency in ms ≥ 0'), nonNegNum('a latency in ms ≥ 0')], { error: 'expected [min_ms, max_ms]' })
  .refine(([lo, hi]) => lo <= hi, { error: 'expected min ≤ max' });

/** Slippage by order notional (fractions of price, each in [0, 1)). */
export const slippageCurveSchema = section({
  small_size: costFraction().default(0.0005),
  medium_size: costFraction().default(0.0015),
  large_size: costFraction().default(0.0035),
  /** Upper notional (quote currency) of "small". @default 1000 */
  small_max_notional: posNum().default(1_000),
  /** Notional above which an order is "large". @default 10000 */
  large_min_notional: posNum().default(10_000),
});

/** Pluggable slippage model. */
export const slippageModelSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('curve') }),
  section({ kind: z.literal('sqrt_impact'), coefficient: posNum().default(1), vol_window: z.number().int().positive().default(60) }),
  section({ kind: z.literal('fixed'), rate: costFraction().default(0.0005) }),
  section({ kind: z.literal('none') }),
], { error: 'expected a slippage model with kind curve | sqrt_impact | fixed | none' });

export const fillModelSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('probabilistic') }),
  section({ kind: z.literal('always') }),
], { error: 'expected a fill model with kind probabilistic | always' });

/** Resting limit orders in book mode (see backtest/README.md for the queue model). */
export const bookSchema = section({
  /** A resting limit order is cancelled this long after it arrives. @default 60000 */
  limit_ttl_ms: posNum().default(60_000),
  /** Levels per side read from the replayed book events. @default 20 */
  levels: z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' }).default(20),
});

/** Parity mode (vectorbt `Portfolio.from_signals`): fixed slippage fraction, proportional fee, all cash per entry. */
export const simpleSchema = section({
  /** Fraction added to (buys) / taken from (sells) the close. @default 0.0005 */
  slippage: costFraction().default(0.0005),
  /** Proportional fee per fill. @default 0.001 */
  fee: costFraction().default(0.001),
  /** Order size: all available cash per entry. @default "all" */
  size: oneOf(['all'] as const).default('all'),
});

export const latencyModelSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('uniform') }),
  section({ kind: z.literal('fixed'), ms: nonNegNum().default(0) }),
], { error: 'expected a latency model with kind uniform | fixed' });

export const participationSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('none') }),
  section({
    kind: z.literal('cap'),
    /** At most this share of the reference volume fills per bar. @default 0.1 */
    max_pct: fraction().default(0.1),
    /** What happens to an entry's unfilled rest: cancelled, or carried to the next bar (exits always carry). @default "cancel" */
    remainder: oneOf(['carry', 'cancel'] as const).default('cancel'),
    /**
     * Reference volume = the mean volume of the `lookback` bars BEFORE the fill bar (fewer at the start;
     * no cap when no earlier bar exists), so the cap uses only volume known when the order is sent.
     * @default 20
     */
    lookback: posInt().default(20),
  }),
], { error: 'expected a participation model with kind none | cap' });

export const executionSchema = section({
  /** simple = parity with vectorised from_signals; bar = bars only; book = L2 replay. @default "bar" */
  mode: oneOf(['simple', 'bar', 'book'] as const).default('bar'),
  /** next_open (honest) or close (labelled optimistic). @default "next_open" */
  fill_at: oneOf(['next_open', 'close'] as const).default('next_open'),
  /** Uniform latency range in ms. @default [2, 8] */
  latency_ms: latencyRange.default([2, 8]),
  slippage_curve: slippageCurveSchema.prefault({}),
  /** Probability that an order fills completely. @default 0.85 */
  partial_fill_prob: fraction().default(0.85),
  maker_fee: costFraction().default(0.0001),
  taker_fee: costFraction().default(0.0005),
  /** Pay half the quoted spread when a spread feature exists. @default true */
  half_spread: bool().default(true),
  /** Apply perpetual funding at settlements when a funding series is present. @default true */
  funding: bool().default(true),
  initial_cash: posNum().default(100_000),
  book: bookSchema.prefault({}),
  simple: simpleSchema.prefault({}),
  models: section({
    slippage: slippageModelSchema.prefault({ kind: 'curve' }),
    fill: fillModelSchema.prefault({ kind: 'probabilistic' }),
    latency: latencyModelSchema.prefault({ kind: 'uniform' }),
    participation: participationSchema.prefault({ kind: 'cap' }),
  }).prefault({}),
});
export type ExecutionConfig = z.infer<typeof executionSchema>;
