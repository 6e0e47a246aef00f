export { createRng } from './rng.ts';
export type { Rng } from './rng.ts';
export { sha256Hex } from './sha256.ts';
export { canonicalJson } from './canonicalJson.ts';
export { UserInputError, isUserInputError, describeValue } from './errors.ts';
export { createNumpyRandomState } from './numpyRandom.ts';
export type { NumpyRandomState } from './numpyRandom.ts';
