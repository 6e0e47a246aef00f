/**
 * Per-symbol parameters of the synthetic market. Levels are of the order of early 2024:
 * BTC ~42k, ETH ~2.3k. Unknown symbols get a generic altcoin profile at 100.
 */
export interface SymbolProfile {
  /** Price at startMs. */
  startPrice: number;
  /** Annualised volatility of log returns (diffusion part, GARCH long-run level). */
  annualVol: number;
  /** Price tick; prices are multiples of it. */
  tick: number;
  /** Mean volume per 1-minute bar, in coin units (scaled by bar length). */
  volumePerMinute: number;
  /** Typical size at the best level, in coin units (grows with depth). */
  depthUnit: number;
  /** Quoted spread in basis points at average volatility (≥ 1 tick). */
  spreadBps: number;
  /** Gap between consecutive book levels in basis points. */
  levelGapBps: number;
  /** Open interest at startMs, USD notional. */
  openInterestUsd: number;
  /** Loading on the common (market) shock; BTC is the market, so 1. */
  marketLoading: number | null;
}

const PROFILES: Record<string, SymbolProfile> = {
  BTC: { startPrice: 42_000, annualVol: 0.55, tick: 0.01, volumePerMinute: 15, depthUnit: 1.5, spreadBps: 0.3, levelGapBps: 0.6, openInterestUsd: 8e9, marketLoading: 1 },
  ETH: { startPrice: 2_300, annualVol: 0.7, tick: 0.01, volumePerMinute: 160, depthUnit: 25, spreadBps: 0.5, levelGapBps: 0.8, openInterestUsd: 4e9, marketLoading: null },
};

const GENERIC: SymbolProfile = { startPrice: 100, annualVol: 0.9, tick: 0.001, volumePerMinute: 1_500, depthUnit: 300, spreadBps: 1.5, levelGapBps: 2, openInterestUsd: 2e8, marketLoading: null };

/** symbolProfile(symbol) – the profile for BTC/ETH (or a quote-suffixed form like BTCUSDT), else the generic one. */
export function symbolProfile(symbol: string): SymbolProfile {
  const base = symbol.toUpperCase().replace(/[/:_-]?(USDT|USDC|USD|BUSD|PERP)$/, '');
  return PROFILES[base] ?? GENERIC;
}

/** Rounds to the tick grid through integer ticks so prices print as clean decimals (42000.01, not 42000.010000000002). */
export function roundToTick(price: number, ticksPerUnit: number): number {
  return Math.round(price * ticksPerUnit) / ticksPerUnit;
}
