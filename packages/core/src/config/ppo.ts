import { z } from 'zod';
import { bool, nonNegInt, nonNegNum, posInt, posNum, section } from './primitives.ts';

/**
 * Proximal Policy Optimisation (Schulman et al. 2017) as CleanRL's ppo.py runs it; the defaults are
 * CleanRL's. Used by @skippy/ml's PPO trainer (the `ppo` policy of a run) and `skippy-train ppo`.
 */
export const ppoSchema = section({
  /**
   * The whole training budget in environment steps (all env copies together), as SB3 / CleanRL's
   * `total_timesteps`. A walk-forward run splits it evenly over its windows × symbols: each of those agents
   * trains ⌊steps / (n_windows · symbols · num_envs · num_steps)⌋ rollouts (at least 1), so the run takes at
   * most `steps` steps in all (1,000,000 on the default 6 windows × 2 symbols: 162 rollouts = 82,944 steps
   * per agent, 995,328 in all; `skippy-train ppo --steps 1000000` took 6 min 24 s wall, 4 min 14 s CPU, on a
   * 2-core box at load 2–6, training at 2,700–3,600 steps/s).
   * `skippy-train ppo --env cartpole` trains one agent for ⌊steps / (num_envs · num_steps)⌋ rollouts.
   * (Until 2026-12-04 this was per window and symbol, so `--steps 1000000` meant 12 M steps, over an hour.)
   * @default 1000000
   */
  steps: posInt('a positive number of steps').default(1_000_000),
  /**
   * Start each walk-forward window's agent (per symbol) from the previous window's final weights, so the
   * budget accumulates: the last window's agent has trained on all `steps` / symbols. The previous agent
   * saw only bars before the previous window's cutoff (all before this window's cutoff), so
   * nothing leaks; the observation normaliser is refitted on each window's training bars, Adam's moments
   * start afresh and the learning rate is annealed again over each window. false = every window from
   * scratch. @default true
   */
  warm_start: bool().default(true),
  /** Seed of the networks' initialisation, the action draws and the episode starts (mixed with the window's seed). @default 1 */
  seed: z.number({ error: 'expected an integer seed' }).int({ error: 'expected an integer seed' }).default(1),
  /** Adam learning rate (Adam ε = 1e-5). @default 0.00025 */
  learning_rate: posNum().default(2.5e-4),
  /** Anneal the learning rate linearly to 0 over the run. @default true */
  anneal_lr: bool().default(true),
  /** Environment copies stepped together. @default 4 */
  num_envs: posInt().max(1024).default(4),
  /** Steps per copy per rollout (batch = num_envs × num_steps). @default 128 */
  num_steps: posInt().max(65_536).default(128),
  /** Discount γ. @default 0.99 */
  gamma: z.number({ error: 'expected a discount in (0, 1]' }).gt(0, { error: 'expected a discount in (0, 1]' }).max(1, { error: 'expected a discount in (0, 1]' }).default(0.99),
  /** GAE λ. @default 0.95 */
  gae_lambda: z.number({ error: 'expected λ in [0, 1]' }).min(0, { error: 'expected λ in [0, 1]' }).max(1, { error: 'expected λ in [0, 1]' }).default(0.95),
  /** Minibatches per epoch. @default 4 */
  num_minibatches: posInt().default(4),
  /** Epochs over each rollout. @default 4 */
  update_epochs: posInt().max(1000).default(4),
  /** Normalise advantages per minibatch. @default true */
  norm_adv: bool().default(true),
  /** Surrogate clipping ε. @default 0.2 */
  clip_coef: posNum().default(0.2),
  /** Clip the value loss around the old values as well. @default true */
  clip_vloss: bool().default(true),
  /** Entropy bonus coefficient. @default 0.01 */
  ent_coef: nonNegNum().default(0.01),
  /** Value loss coefficient. @default 0.5 */
  vf_coef: nonNegNum().default(0.5),
  /** Global gradient-norm clip. @default 0.5 */
  max_grad_norm: posNum().default(0.5),
  /** Stop an update's epochs early when approx KL exceeds this; null = never. @default null */
  target_kl: posNum().nullable().default(null),
  /** Hidden layer widths of the actor and the critic (tanh). @default [64, 64] */
  hidden: z.array(posInt().max(4096), { error: 'expected a list of layer widths' }).min(1, { error: 'expected at least one layer' }).max(8).default([64, 64]),
  /** Feature rows (bars) in the trading observation, ending at the decision bar. @default 16 */
  window: posInt().max(4096).default(16),
  /** Decisions per training episode (a random window of the training bars). @default 512 */
  episode_bars: posInt().min(2, { error: 'expected at least 2 bars' }).default(512),
  /** Reward penalty per unit increase of the drawdown (same units as the equity change). @default 0 */
  drawdown_penalty: nonNegNum().default(0),
  /** Save a checkpoint every this many steps (0 = only at the end). @default 0 */
  checkpoint_every: nonNegInt().default(0),
}).refine((p) => (p.num_envs * p.num_steps) % p.num_minibatches === 0, { error: 'expected num_envs × num_steps divisible by num_minibatches', path: ['num_minibatches'] });
export type PpoConfig = z.infer<typeof ppoSchema>;
