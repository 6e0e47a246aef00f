export { writeFileAtomic } from './atomic.ts';
export { sharedDataDir, sharedDataPath, SHARED_DATA_MISSING } from './shared.ts';
