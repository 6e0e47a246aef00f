/**
 * @skippy/core – the pure pipeline. Each stage has its own entry point
 * (`@skippy/core/config`, `@skippy/core/data`, ...); this root re-exports the shared basics.
 */
export * from './util/index.ts';
export * from './config/index.ts';
export * from './data/index.ts';
