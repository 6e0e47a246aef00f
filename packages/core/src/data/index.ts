export * from './types.ts';
export * from './l2/index.ts';
export * from './parse/index.ts';
export * from './synthetic/index.ts';
