/** @skippy/ml/rl – PPO (CleanRL's ppo.py) on TensorFlow.js and the `ppo` policy trainer of the run protocol. */
export { trainPpo, computeGae, clippedPolicyLoss, valueLoss, normaliseAdvantages, adamStep, explainedVariance } from './ppo.ts';
export type { PpoConfig, PpoState, PpoResult, TrainPpoOptions } from './ppo.ts';
export { initPolicyNet, orthogonal, actorLogits, criticValues, greedyActions, mlpTf, paramTensors } from './policyNet.ts';
export type { PolicyNet, PolicyArchitecture } from './policyNet.ts';
export { ppoTrainer, tradingEnvOptions } from './ppoTrainer.ts';
export type { PpoTrainerOptions } from './ppoTrainer.ts';
export { memoryCheckpointStore, checkpointFromState, stateFromCheckpoint, PPO_CHECKPOINT_FORMAT } from './checkpoint.ts';
export type { CheckpointStore, PpoCheckpoint } from './checkpoint.ts';
export { policyToJSON, policyFromJSON, policyNetFromJSON, PPO_POLICY_FORMAT } from './policyJson.ts';
export type { PpoPolicyJSON } from './policyJson.ts';
