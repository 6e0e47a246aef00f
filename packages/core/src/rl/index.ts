/** @skippy/core/rl – the policy contract reinforcement-learning trainers implement (see contract.ts). */
export type { PolicyTrainer, PolicyWindowContext, PolicyWindowResult, PolicyProgress } from './contract.ts';
