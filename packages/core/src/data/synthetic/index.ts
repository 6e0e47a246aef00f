export { syntheticBars, simulateBars, SYNTHETIC_START_MS } from './syntheticBars.ts';
export type { SyntheticBarsOptions, SimulatedBars } from './syntheticBars.ts';
export { syntheticMarket } from './syntheticMarket.ts';
export type { SyntheticMarket, SyntheticMarketOptions } from './syntheticMarket.ts';
export { syntheticBook } from './syntheticBook.ts';
export type { SyntheticBookOptions } from './syntheticBook.ts';
export { syntheticFunding, syntheticOpenInterest, syntheticSentiment, FUNDING_CAP } from './syntheticDerivatives.ts';
export { symbolProfile } from './profiles.ts';
export type { SymbolProfile } from './profiles.ts';
