/**
 * Reinforcement-learning benchmarks: PPO training throughput with the config's defaults (CleanRL's: 4 envs ×
 * 128 steps, 4 epochs × 4 minibatches, 64×64 tanh MLPs). Each run trains a fresh agent for STEPS environment
 * steps (10 updates); steps/s = STEPS / (median_ms / 1000). The targets are 2,000 steps/s on CartPole and
 * 1,000 steps/s on the trading environment (synthetic 1m BTC bars, the price features plus spread_cs and ofi_tick, window 16).
 */
import { defaultConfig } from '@skippy/core';
import { syntheticBars } from '@skippy/core/data';
import { computeFeatures } from '@skippy/core/features';
import { CartPoleVecEnv, TradingVecEnv, fitObservationNormaliser } from '@skippy/core/rl';
import { trainPpo } from '@skippy/ml';
import type { BenchEntry } from '../harness.ts';

const STEPS = 5120;

export const entries: BenchEntry[] = [
  {
    name: 'rl.ppo.cartpole.steps_per_s',
    targetMs: (STEPS / 2000) * 1000,
    setup: () => ({ ppo: { ...defaultConfig().ppo, steps: STEPS } }),
    run: ({ ppo }) => trainPpo(new CartPoleVecEnv({ numEnvs: ppo.num_envs, seed: 1 }), ppo, 1),
  } as BenchEntry<{ ppo: ReturnType<typeof defaultConfig>['ppo'] }>,
  {
    name: 'rl.ppo.trading.steps_per_s',
    targetMs: (STEPS / 1000) * 1000,
    setup: () => {
      const config = defaultConfig();
      const bars = syntheticBars({ seed: 1, bars: 20_000, symbols: ['BTC'] }).BTC;
      // tier 1 (price) plus the bar-based spread and order-flow proxies: bars only, no book
      const features = computeFeatures({ bars }, { ...config.features, microstructure: { ...config.features.microstructure, enabled: false, spread_cs: { enabled: true }, ofi_tick: { enabled: true } } });
      const normaliser = fitObservationNormaliser(features, bars.close, 0, 15_000);
      // funding charged too (the full cost model): a 0.01 % settlement every 480 bars (8 h of 1-minute bars)
      const fundingRate = Float64Array.from(bars.close, (_, t) => (t % 480 === 479 ? 0.0001 : 0));
      return { config: { ...config, ppo: { ...config.ppo, steps: STEPS } }, bars, features, normaliser, fundingRate };
    },
    run: ({ config, bars, features, normaliser, fundingRate }) => {
      const env = new TradingVecEnv({ bars, features, normaliser, window: config.ppo.window, from: 0, to: 15_000, episodeBars: config.ppo.episode_bars,
        numEnvs: config.ppo.num_envs, seed: 1, execution: config.execution, positionPct: config.risk.max_position_pct, fundingRate });
      return trainPpo(env, config.ppo, 1);
    },
  } as BenchEntry<{ config: ReturnType<typeof defaultConfig>; bars: ReturnType<typeof syntheticBars>[string]; features: ReturnType<typeof computeFeatures>; normaliser: ReturnType<typeof fitObservationNormaliser>; fundingRate: Float64Array }>,
];
