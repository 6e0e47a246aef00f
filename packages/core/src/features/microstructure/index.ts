export { spreadPct } from './spreadPct.ts';
export type { SpreadPctOptions } from './spreadPct.ts';
export { depthImbalance } from './depthImbalance.ts';
export type { DepthImbalanceOptions } from './depthImbalance.ts';
export { orderFlowImbalance } from './orderFlowImbalance.ts';
export type { OrderFlowImbalanceOptions } from './orderFlowImbalance.ts';
export { multiLevelOfi } from './multiLevelOfi.ts';
export { ofiTerm } from './ofiTerm.ts';
