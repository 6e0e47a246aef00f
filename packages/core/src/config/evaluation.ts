import { z } from 'zod';
import { bool, fraction, MAX_PERIODS_PER_YEAR, nonNegInt, nonNegNum, oneOf, openFraction, posInt, section } from './primitives.ts';

const PPY = `expected a positive integer ≤ ${MAX_PERIODS_PER_YEAR} (one period a second)`;

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
  /**
   * The causal backtest behind the equity curve, headline, TCA and verdict: walk-forward windows cut
   * in BAR TIME. The first `train_pct` of the bars only trains (the strategy is flat there, and says
   * so); the rest is cut into `n_windows` equal test windows, each predicted by a model fitted on the
   * samples whose labels ended at least `embargo_pct` of the bars before the window starts.
   */
  backtest: section({
    window: oneOf(['rolling', 'expanding'] as const).default('expanding'),
    /** Share of the bars before the first test window. @default 0.4 */
    train_pct: openFraction().refine((x) => x > 0, { error: 'expected a fraction in (0, 1)' }).default(0.4),
    /** Test windows after the first training span (one refit each). @default 6 */
    n_windows: posInt().max(200, { error: 'expected at most 200 windows' }).default(6),
  }).prefault({}),
  /** Baselines run through the same simulator, on the same out-of-sample bars. */
  baselines: section({
    /** Window of the moving-average rule (side = sign(close − SMA)), the "primary rule alone". @default 50 */
    rule_window: posInt().default(50),
    /** Seeded draws of the random-entry strategy (same entries and holding periods, random sides and times). @default 20 */
    random_draws: posInt().max(500, { error: 'expected at most 500 draws' }).default(20),
  }).prefault({}),
  /** The plan's go/no-go gates (see pipeline/gates.ts for each formula). */
  gates: section({
    /** Baseline the Sharpe and drawdown gates compare against. @default "buy_and_hold" */
    baseline: oneOf(['buy_and_hold', 'primary_rule', 'random_entry'] as const).default('buy_and_hold'),
    /** Gate 1: OOS Sharpe ≥ baseline + this × |baseline| (and > 0). @default 0.2 */
    sharpe_improvement: nonNegNum().default(0.2),
    /** Gate 2: max drawdown ≤ (1 − this) × the baseline's. @default 0.25 */
    drawdown_reduction: fraction().default(0.25),
    /** Gate 3: OOS Sharpe ≥ IS Sharpe − this × |IS|. @default 0.1 */
    is_oos_tolerance: nonNegNum().default(0.1),
    /** Gate 4: (naive − realistic) / |naive| Sharpe ≥ this. @default 0.15 */
    inflation_reduction: fraction().default(0.15),
    dsr: fraction().default(0.95),
    pbo: fraction().default(0.5),
    /** Minimum number of round-trip trades out of sample. @default 30 */
    min_trades: nonNegInt().default(30),
  }).prefault({}),
  cpcv: section({ groups: posInt().min(2).default(6), test_groups: posInt().default(2) }).prefault({}),
  cscv_enabled: bool().default(true),
  /** CSCV partitions S (even). @default 16 */
  cscv_partitions: posInt().refine((s) => s % 2 === 0 && s >= 2 && s <= 24, { error: 'expected an even integer in [2, 24]' }).default(16),
  /** Periods per year for annualising bar returns (1m bars: 525600). null = derived from the bar interval. */
  periods_per_year: z.number({ error: PPY }).refine((n) => Number.isInteger(n) && n > 0 && n <= MAX_PERIODS_PER_YEAR, { error: PPY }).nullable().default(null),
});
export type EvaluationConfig = z.infer<typeof evaluationSchema>;
