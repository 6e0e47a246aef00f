import type { FeaturesConfig } from '../config/features.ts';
import { featuresSchema } from '../config/features.ts';
import { UserInputError } from '../util/errors.ts';
import type { FeatureInfo, FeatureTier } from './catalog.ts';
import { SOURCE_COSTS } from './catalog.ts';

export const FEATURE_TIERS: readonly FeatureTier[] = ['price', 'microstructure', 'derivatives'];

/** The schema defaults (tier 1 + tier 2 on, proxies and tier 3 off). */
export function defaultFeaturesConfig(): FeaturesConfig {
  return featuresSchema.parse({});
}

/**
 * featureCatalogFor(config) – every feature the config CAN produce (switched on or not), in output order:
 * ret_k…, atr_w, zscore_w…, mom_k, spread_pct, depth_imbalance, ofi, mlofi_1..L, spread_cs, ofi_tick,
 * funding_rate_delta, oi_delta, sentiment. Names follow the config's periods/windows.
 */
export function featureCatalogFor(config: FeaturesConfig): FeatureInfo[] {
  const p = config.price;
  const m = config.microstructure;
  const out: Omit<FeatureInfo, 'cost'>[] = [];
  for (const k of p.returns.periods) out.push({ name: `ret_${k}`, tier: 'price', sources: ['klines'], description: `ln(c_t / c_{t−${k}})` });
  const atrUnits = p.atr.scale === 'price' ? 'price units (quote currency)' : 'as a fraction of the close c_t (scale-free)';
  out.push({ name: `atr_${p.atr.window}`, tier: 'price', sources: ['klines'], description: `average true range over ${p.atr.window} bars (${p.atr.smoothing}), ${atrUnits}` });
  for (const w of p.zscore.windows) out.push({ name: `zscore_${w}`, tier: 'price', sources: ['klines'], description: `(c_t − mean) / sample std of the last ${w} closes; 0 when std is 0` });
  out.push({ name: `mom_${p.momentum.period}`, tier: 'price', sources: ['klines'], description: `c_t / c_{t−${p.momentum.period}} − 1` });
  out.push({ name: 'spread_pct', tier: 'microstructure', sources: ['l2_book'], description: '(ask₁ − bid₁) / mid at bar close' });
  out.push({ name: 'depth_imbalance', tier: 'microstructure', sources: ['l2_book'], description: `(Σ bid size − Σ ask size) / (Σ bid + Σ ask), top ${m.depth_levels} levels at bar close` });
  out.push({ name: 'ofi', tier: 'microstructure', sources: ['l2_book'], description: 'order-flow imbalance (Cont, Kukanov & Stoikov 2014) summed over book updates in the bar, in base-asset quantity (not comparable across symbols)' });
  for (let k = 1; k <= m.mlofi.levels; k++) out.push({ name: `mlofi_${k}`, tier: 'microstructure', sources: ['l2_book'], description: `multi-level OFI (Xu, Gould & Howison) at level ${k}, in base-asset quantity` });
  out.push({ name: 'spread_cs', tier: 'microstructure', sources: ['klines'], proxy: true, description: 'PROXY: Corwin–Schultz spread estimate from bars t−1, t (negative set to 0)' });
  out.push({ name: 'ofi_tick', tier: 'microstructure', sources: ['klines'], proxy: true, description: 'PROXY: bar volume signed by the tick rule on closes, in base-asset quantity' });
  out.push({ name: 'funding_rate_delta', tier: 'derivatives', sources: ['klines', 'funding'], description: 'change of the last settled funding rate, known from settlement time' });
  out.push({ name: 'oi_delta', tier: 'derivatives', sources: ['klines', 'open_interest'], description: 'OI_t / OI_{t−1} − 1, OI as-of bar close' });
  out.push({ name: 'sentiment', tier: 'derivatives', sources: ['klines', 'sentiment'], description: 'external daily index, used only after its publication time' });
  return out.map((f) => ({ ...f, cost: f.sources.map((s) => SOURCE_COSTS[s].note).join('; ') }));
}

/** The catalog for the default config (ret_1 … sentiment). */
export const featureCatalog: readonly FeatureInfo[] = featureCatalogFor(defaultFeaturesConfig());

/** enabledFeatureNames(config) – the output columns (after `ts`) that `computeFeatures` produces, in order. */
export function enabledFeatureNames(config: FeaturesConfig): string[] {
  const p = config.price;
  const m = config.microstructure;
  const d = config.derivatives;
  const on = new Set<string>();
  if (p.enabled) {
    if (p.returns.enabled) for (const k of p.returns.periods) on.add(`ret_${k}`);
    if (p.atr.enabled) on.add(`atr_${p.atr.window}`);
    if (p.zscore.enabled) for (const w of p.zscore.windows) on.add(`zscore_${w}`);
    if (p.momentum.enabled) on.add(`mom_${p.momentum.period}`);
  }
  if (m.enabled) {
    if (m.spread_pct.enabled) on.add('spread_pct');
    if (m.depth_imbalance.enabled) on.add('depth_imbalance');
    if (m.order_flow_imbalance.enabled) on.add('ofi');
    if (m.mlofi.enabled) for (let k = 1; k <= m.mlofi.levels; k++) on.add(`mlofi_${k}`);
    if (m.spread_cs.enabled) on.add('spread_cs');
    if (m.ofi_tick.enabled) on.add('ofi_tick');
  }
  if (d.enabled) {
    if (d.funding_rate_delta.enabled) on.add('funding_rate_delta');
    if (d.open_interest_delta.enabled) on.add('oi_delta');
    if (d.sentiment.enabled) on.add('sentiment');
  }
  return featureCatalogFor(config).map((f) => f.name).filter((n) => on.has(n));
}

/**
 * featureSetConfig(spec, base) – the config that switches on exactly a feature set.
 * `spec` lists tokens separated by `,` or `+`: a tier name (`price`, `microstructure`, `derivatives`)
 * switches on that tier with the switches it has in `base` (so the proxies stay off unless named), a
 * feature name (`ret_5`, `spread_cs`, `mlofi_3`, …) switches on that feature alone (`mlofi_k` switches on
 * mlofi_1..k). Everything else is off. Unknown tokens throw a UserInputError naming them.
 */
export function featureSetConfig(spec: string, base: FeaturesConfig = defaultFeaturesConfig(), field = 'features.set'): FeaturesConfig {
  const tokens = spec.split(/[,+]/).map((s) => s.trim()).filter(Boolean);
  if (tokens.length === 0) throw new UserInputError(field, `expected tier or feature names (${FEATURE_TIERS.join(', ')} or e.g. ret_1,spread_cs)`, spec);
  const c = JSON.parse(JSON.stringify(base)) as FeaturesConfig;
  const p = c.price;
  const m = c.microstructure;
  const d = c.derivatives;
  p.enabled = m.enabled = d.enabled = false;
  for (const s of [p.returns, p.atr, p.zscore, p.momentum, m.spread_pct, m.depth_imbalance, m.order_flow_imbalance, m.mlofi, m.spread_cs, m.ofi_tick, d.funding_rate_delta, d.open_interest_delta, d.sentiment]) s.enabled = false;
  const returns: number[] = [];
  const zs: number[] = [];
  let mlofiLevels = 0;
  const bp = base.price;
  const bm = base.microstructure;
  const bd = base.derivatives;
  for (const tok of tokens) {
    if (tok === 'price') {
      p.enabled = true;
      p.returns.enabled = bp.returns.enabled; p.atr.enabled = bp.atr.enabled; p.zscore.enabled = bp.zscore.enabled; p.momentum.enabled = bp.momentum.enabled;
      if (bp.returns.enabled) returns.push(...bp.returns.periods);
      if (bp.zscore.enabled) zs.push(...bp.zscore.windows);
      continue;
    }
    if (tok === 'microstructure') {
      m.enabled = true;
      m.spread_pct.enabled ||= bm.spread_pct.enabled; m.depth_imbalance.enabled ||= bm.depth_imbalance.enabled;
      m.order_flow_imbalance.enabled ||= bm.order_flow_imbalance.enabled; m.spread_cs.enabled ||= bm.spread_cs.enabled; m.ofi_tick.enabled ||= bm.ofi_tick.enabled;
      if (bm.mlofi.enabled) mlofiLevels = Math.max(mlofiLevels, bm.mlofi.levels);
      continue;
    }
    if (tok === 'derivatives') {
      d.enabled = true;
      d.funding_rate_delta.enabled ||= bd.funding_rate_delta.enabled; d.open_interest_delta.enabled ||= bd.open_interest_delta.enabled; d.sentiment.enabled ||= bd.sentiment.enabled;
      continue;
    }
    let mt: RegExpExecArray | null;
    if ((mt = /^ret_([1-9]\d*)$/.exec(tok))) { p.enabled = p.returns.enabled = true; returns.push(Number(mt[1])); continue; }
    if ((mt = /^zscore_([1-9]\d*)$/.exec(tok))) { p.enabled = p.zscore.enabled = true; zs.push(Number(mt[1])); continue; }
    if ((mt = /^atr_([1-9]\d*)$/.exec(tok))) { p.enabled = p.atr.enabled = true; p.atr.window = Number(mt[1]); continue; }
    if ((mt = /^mom_([1-9]\d*)$/.exec(tok))) { p.enabled = p.momentum.enabled = true; p.momentum.period = Number(mt[1]); continue; }
    if ((mt = /^mlofi_([1-9]\d*)$/.exec(tok)) && Number(mt[1]) <= 20) { m.enabled = true; mlofiLevels = Math.max(mlofiLevels, Number(mt[1])); continue; }
    const single: Record<string, () => void> = {
      spread_pct: () => { m.enabled = m.spread_pct.enabled = true; },
      depth_imbalance: () => { m.enabled = m.depth_imbalance.enabled = true; },
      ofi: () => { m.enabled = m.order_flow_imbalance.enabled = true; },
      spread_cs: () => { m.enabled = m.spread_cs.enabled = true; },
      ofi_tick: () => { m.enabled = m.ofi_tick.enabled = true; },
      funding_rate_delta: () => { d.enabled = d.funding_rate_delta.enabled = true; },
      oi_delta: () => { d.enabled = d.open_interest_delta.enabled = true; },
      sentiment: () => { d.enabled = d.sentiment.enabled = true; },
    };
    const f = Object.hasOwn(single, tok) ? single[tok] : undefined;
    if (!f) {
      throw new UserInputError(field, `expected tier names (${FEATURE_TIERS.join(', ')}) or feature names (${featureCatalog.map((x) => x.name).join(', ')})`, tok, 'unknown feature');
    }
    f();
  }
  if (returns.length) p.returns.periods = [...new Set(returns)].sort((a, b) => a - b);
  if (zs.length) p.zscore.windows = [...new Set(zs)].sort((a, b) => a - b);
  if (mlofiLevels > 0) {
    m.mlofi.enabled = true;
    m.mlofi.levels = mlofiLevels;
  }
  return c;
}
