/**
 * @skippy/ml – the neural model kinds of the model contract (@skippy/core/models): `mlp` and `tcn`
 * on TensorFlow.js (wasm backend, cpu fallback). Isomorphic: no node:*; the server worker, the CLI
 * and a browser worker pass `mlModelFactories()` to runExperiment. See README.md.
 */
export { mlpFactory, tcnFactory, mlModelFactories } from './factories.ts';
export { modelFromJSON, CHECKPOINT_FORMAT } from './fitted.ts';
export type { MlCheckpoint, Arch } from './fitted.ts';
export type { MlpArch } from './mlp.ts';
export type { TcnArch } from './tcn.ts';
export { receptiveField } from './tcn.ts';
export { setMlBackend, ensureMlBackend } from './backend.ts';
export type { MlBackend, MlBackendOptions, WasmPaths } from './backend.ts';
export { rocAuc } from './auc.ts';
export * from './rl/index.ts';
