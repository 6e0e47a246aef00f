export * from './types.ts';
export * from './l2/index.ts';
