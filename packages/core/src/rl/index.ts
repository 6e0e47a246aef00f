/** @skippy/core/rl – the policy contract reinforcement-learning trainers implement (see contract.ts) and the environments they train on. */
export type { PolicyTrainer, PolicyWindowContext, PolicyWindowResult, PolicyProgress } from './contract.ts';
export type { VecEnv, EpisodeStats } from './vecEnv.ts';
export { CartPoleVecEnv, cartPoleStep, CARTPOLE } from './cartPole.ts';
export type { CartPoleOptions } from './cartPole.ts';
export { TradingVecEnv } from './tradingEnv.ts';
export type { TradingEnvOptions } from './tradingEnv.ts';
export { fitObservationNormaliser, normaliseFeatureRows } from './normaliser.ts';
export type { ObservationNormaliser } from './normaliser.ts';
export { normaliserToJSON, normaliserFromJSON } from './normaliser.ts';
export type { ObservationNormaliserJSON } from './normaliser.ts';
export type { RestoredPolicy } from './contract.ts';
export { PolicyActor } from './policyActor.ts';
export type { PolicyActorState, PolicyActorOptions } from './policyActor.ts';
