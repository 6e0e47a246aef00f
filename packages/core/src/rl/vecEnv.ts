/**
 * VecEnv – N copies of one environment stepped together over typed arrays (the shape CleanRL's
 * `gym.vector.SyncVectorEnv` gives PPO). Same-step auto-reset: when copy e terminates or is truncated,
 * `obs` row e already holds the first observation of its next episode and the finished episode's
 * return and length are queued for `takeEpisodes()`.
 */
export interface VecEnv {
  readonly numEnvs: number;
  /** Length of one observation row. */
  readonly obsSize: number;
  /** Discrete actions 0 … numActions − 1. */
  readonly numActions: number;
  /** numEnvs × obsSize, row-major; valid after reset() and after every step(). */
  readonly obs: Float32Array;
  /** Reward, terminated and truncated flags of the last step, per copy. */
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** Starts every copy afresh (seeded). */
  reset(): void;
  /** One step of every copy with actions[e] ∈ [0, numActions). */
  step(actions: ArrayLike<number>): void;
  /** Episodes finished since the last call (return, length), oldest first. */
  takeEpisodes(): EpisodeStats[];
}

export interface EpisodeStats {
  return: number;
  length: number;
}
