import { z } from 'zod';
import { bool, oneOf, posInt, posIntList, section } from './primitives.ts';

const toggle = <S extends z.ZodRawShape>(shape: S) => section({ enabled: bool().default(true), ...shape }).prefault({} as never);

export const featuresSchema = section({
  /** Tier 1: price features from OHLC. */
  price: section({
    enabled: bool().default(true),
    returns: toggle({ periods: posIntList().default([1, 5, 20]) }),
    atr: toggle({
      window: posInt().default(20),
      smoothing: oneOf(['wilder', 'sma'] as const).default('wilder'),
      /**
       * Units of `atr_N`: `fraction` = ATR_t / c_t (scale-free, comparable across symbols, so a model pooled
       * over BTC and ETH does not learn the price level); `price` = ATR in quote currency (dollars).
       * @default "fraction"
       */
      scale: oneOf(['fraction', 'price'] as const).default('fraction'),
    }),
    zscore: toggle({ windows: posIntList().default([5, 20]) }),
    momentum: toggle({ period: posInt().default(10) }),
  }).prefault({}),
  /** Tier 2: microstructure features from the L2 book (top `depth_levels` levels). */
  microstructure: section({
    enabled: bool().default(true),
    depth_levels: posInt().max(20, { error: 'expected at most 20 levels' }).default(5),
    spread_pct: toggle({}),
    depth_imbalance: toggle({}),
    order_flow_imbalance: toggle({}),
    mlofi: toggle({ levels: posInt().max(20, { error: 'expected at most 20 levels' }).default(5) }),
    /** Bar-based proxies, honestly named, never silent substitutes. Off by default. */
    spread_cs: section({ enabled: bool().default(false) }).prefault({}),
    ofi_tick: section({ enabled: bool().default(false) }).prefault({}),
  }).prefault({}),
  /** Tier 3: derivatives & alternative data. Off unless an ablation shows lift. */
  derivatives: section({
    enabled: bool().default(false),
    funding_rate_delta: toggle({}),
    open_interest_delta: toggle({}),
    sentiment: toggle({ publication_lag_ms: z.number({ error: 'expected a non-negative number of ms' }).nonnegative({ error: 'expected a non-negative number of ms' }).default(0) }),
  }).prefault({}),
});
export type FeaturesConfig = z.infer<typeof featuresSchema>;
