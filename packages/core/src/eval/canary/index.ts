export { leakageCanary } from './leakageCanary.ts';
export type { LeakageCanaryOptions, LeakageCanaryResult } from './leakageCanary.ts';
