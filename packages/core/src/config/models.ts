import { z } from 'zod';
import { bool, fraction, nonNegNum, oneOf, posInt, posNum, section } from './primitives.ts';

/** The primary model: a discriminated union on `kind` so further models plug in beside the baseline. */
/** Early stopping on a purged validation tail of each training window (the last `validation_fraction` of its rows). */
const earlyStopping = {
  /** @default true */
  early_stopping: bool().default(true),
  /** Share of the training rows held out (a purged tail) for early stopping. @default 0.1 */
  validation_fraction: fraction().refine((x) => x > 0 && x < 0.5, { error: 'expected a fraction in (0, 0.5)' }).default(0.1),
};

/** The primary model: a discriminated union on `kind`. */
export const primaryModelSchema = z.discriminatedUnion('kind', [
  section({
    kind: z.literal('logistic'),
    /** L2 penalty λ on the (standardised) weights. @default 1 */
    l2: nonNegNum().default(1),
    max_iter: posInt().default(100),
    tol: posNum().default(1e-8),
  }),
  /** Histogram gradient-boosted trees, binary log-loss (scikit-learn HistGradientBoostingClassifier defaults). */
  section({
    kind: z.literal('gbdt'),
    learning_rate: posNum().max(1, { error: 'expected a learning rate in (0, 1]' }).default(0.1),
    /** Boosting iterations at most. @default 100 */
    max_iter: posInt().max(10_000, { error: 'expected at most 10000 iterations' }).default(100),
    max_leaf_nodes: posInt().min(2, { error: 'expected at least 2 leaves' }).max(4096, { error: 'expected at most 4096 leaves' }).default(31),
    /** null = no depth limit. @default null */
    max_depth: posInt().nullable().default(null),
    min_samples_leaf: posInt().default(20),
    l2_regularization: nonNegNum().default(0),
    /** Bins per feature (≤ 255; one more bin holds missing values). @default 255 */
    max_bins: posInt().min(2, { error: 'expected at least 2 bins' }).max(255, { error: 'expected at most 255 bins' }).default(255),
    /** Stop after this many iterations without improving the validation loss by tol. @default 10 */
    n_iter_no_change: posInt().default(10),
    tol: nonNegNum().default(1e-7),
    ...earlyStopping,
  }),
  /** A small multilayer perceptron (@skippy/ml, TensorFlow.js CPU). */
  section({
    kind: z.literal('mlp'),
    hidden: z.array(posInt().max(4096), { error: 'expected a list of layer widths' }).min(1).max(8).default([64, 32]),
    dropout: fraction().refine((x) => x < 1, { error: 'expected a dropout in [0, 1)' }).default(0.1),
    learning_rate: posNum().default(1e-3),
    epochs: posInt().max(10_000).default(20),
    batch_size: posInt().max(65_536).default(256),
    /** Epochs without validation improvement before stopping. @default 3 */
    patience: posInt().default(3),
    ...earlyStopping,
  }),
  /**
   * A temporal convolutional network over a causal window of the feature matrix (@skippy/ml).
   * The defaults are sized so `skippy-train supervised --model tcn` (17 fits on the default 30 days × 2
   * symbols: 6 walk-forward windows × (model + calibration head) + 5 scoring folds, each over ~35k–65k
   * training rows, plus every prediction the protocol makes) takes minutes on a 2-core machine, not the
   * hour the speed-bench architecture (window 64, 32 channels, 4 blocks, every row every epoch)
   * took: receptive field 1 + 2·2·(2³ − 1) = 29 bars of a 32-bar window (the label horizon is 20 bars
   * and the features already summarise up to 20), ~4× less compute per window than 64 × 32 × 4 and ~6×
   * less to score; and `epoch_samples: uniqueness` (below) with small batches (64), a larger step
   * (3e-3), up to 20 epochs and patience 5, so the sampled epochs still take enough gradient steps.
   * Measured (2026-12-04, 2-core box shared with other jobs): `skippy-train supervised --model tcn` 4 min
   * 46 s wall, 4 min 37 s CPU (load 1.5–3.7); with batch 256, lr 1e-3, 10 epochs, patience 3 it was 3 min 40 s
   * but on the nonlinear planted edge (nonlinearEdge.test.ts's market, these defaults) that setting
   * reached a walk-forward AUC of only 0.505 / 0.491 (synthetic seeds 11 / 12) against 0.557 / 0.523
   * with these (logistic 0.516 on seed 11).
   */
  section({
    kind: z.literal('tcn'),
    /** Bars in the input window (ending at the decision bar). @default 32 */
    window: posInt().min(2, { error: 'expected a window of at least 2 bars' }).max(4096).default(32),
    /** Channels of every convolution. @default 16 */
    channels: posInt().max(1024).default(16),
    /** Residual blocks; block k dilates by 2^k (receptive field 1 + 2(kernel_size − 1)(2^blocks − 1) bars). @default 3 */
    blocks: posInt().max(12).default(3),
    kernel_size: posInt().min(2).max(16).default(3),
    dropout: fraction().refine((x) => x < 1, { error: 'expected a dropout in [0, 1)' }).default(0.1),
    norm: oneOf(['weight', 'layer'] as const).default('layer'),
    /** Adam step size. @default 0.003 */
    learning_rate: posNum().default(3e-3),
    /** Epochs at most (early stopping usually ends sooner). @default 20 */
    epochs: posInt().max(10_000).default(20),
    /** Windows per gradient step: small, so a uniqueness-sized epoch still takes ~70 steps on the default config. @default 64 */
    batch_size: posInt().max(65_536).default(64),
    /** Epochs without a validation improvement before stopping (the sampled epochs are noisier). @default 5 */
    patience: posInt().default(5),
    /**
     * The training windows each epoch sees. `uniqueness` (AFML ch. 4 and its sequential-bootstrap
     * advice for overlapping labels): m = ⌈ū · n⌉ draws with replacement from the n training rows,
     * ū the mean average uniqueness of their triple-barrier labels (≈ 0.08 on the default config: labels
     * span ≈ 13 bars, so ≈ 12 rows share each bar's information), each row drawn with probability ∝ its
     * sample weight and its loss then unweighted — the weighted loss in expectation, on as many
     * samples as there are independent labels (faster, and less redundant than every overlapping window
     * every epoch). Drawn with the fit's seeded rng, fresh each epoch; the purged validation tail is
     * scored whole. `all`: every row, every epoch (weights in the loss). @default "uniqueness"
     */
    epoch_samples: oneOf(['uniqueness', 'all'] as const).default('uniqueness'),
    ...earlyStopping,
  }),
], { error: 'expected a model with kind logistic | gbdt | mlp | tcn' });
export type PrimaryModelConfig = z.infer<typeof primaryModelSchema>;

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
  /**
   * Bagging of the primary model: n_estimators members, each fitted on a bootstrap of the split's training
   * rows — `sequential` (AFML ch. 4 sequential bootstrap: draws favour labels that overlap the drawn ones
   * least) or `standard` — of max_samples × the rows; predictions are averaged. 0 = off. @default 0
   */
  bagging: section({
    n_estimators: z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' }).min(0, { error: 'expected an integer ≥ 0' }).max(200, { error: 'expected at most 200 estimators' }).default(0),
    bootstrap: oneOf(['sequential', 'standard'] as const).default('sequential'),
    max_samples: fraction().refine((x) => x > 0, { error: 'expected a fraction in (0, 1]' }).default(1),
  }).prefault({}),
  /** AFML ch. 8 MDA on every walk-forward test window (log-loss increase per permuted feature), for every model kind. @default true */
  permutation_importance: bool().default(true),
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
