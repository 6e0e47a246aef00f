/**
 * Why a stress scenario came out as it did: the bar a price gap hits, and one sentence per outcome
 * saying what the scenario changed (the position the gap hit, the extra funding paid, the costs, or
 * why nothing changed: flat at the gap, no position at a funding settlement, latency inside one bar).
 */
import type { BacktestConfig, BacktestInput, BacktestResult } from './types.ts';
import type { StressScenario } from './stress.ts';

const money = (x: number) => `${x < 0 ? '−' : x > 0 ? '+' : ''}$${Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;
const iso = (ts: number) => (Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 16).replace('T', ' ') : String(ts));

/**
 * gapBar(base, n) – the bar a price gap hits when the scenario does not say: the first bar from the
 * middle on that the base run enters holding a position (so the gap hits a position), else the middle bar.
 */
export function gapBar(base: BacktestResult, n: number): number {
  const mid = Math.floor(n / 2);
  for (let t = Math.max(1, mid); t < n; t++) {
    for (const s of base.symbols) if ((base.equity.positions[s]?.[t - 1] ?? 0) !== 0) return t;
  }
  return mid;
}

/** Positions (base units, signed) the base run carries into bar `at`, with the gap's immediate effect Σ q · open[at] · gap. */
export function gapExposure(base: BacktestResult, input: BacktestInput, at: number, gap: number): { held: { symbol: string; qty: number }[]; immediate: number } {
  const held: { symbol: string; qty: number }[] = [];
  let immediate = 0;
  for (const s of base.symbols) {
    const q = at > 0 ? base.equity.positions[s]?.[at - 1] ?? 0 : 0;
    if (q === 0) continue;
    held.push({ symbol: s, qty: q });
    immediate += q * input.bars[s].open[at] * gap;
  }
  return { held, immediate };
}

/** explainStress(scenario, base, stressed, input, config, at) – one sentence on what the scenario changed. */
export function explainStress(s: StressScenario, base: BacktestResult, r: BacktestResult, input: BacktestInput, config: BacktestConfig, at: number | null): string {
  const dPnl = (r.metrics.finalEquity - base.metrics.finalEquity);
  const same = dPnl === 0 && r.trades.length === base.trades.length;
  switch (s.kind) {
    case 'price_gap': {
      const t = at ?? 0;
      const ts = input.bars[base.symbols[0]]?.ts[t] ?? Number.NaN;
      const { held, immediate } = gapExposure(base, input, t, s.gap);
      if (held.length === 0) {
        return `flat at the time of the gap (${iso(ts)} UTC, no position from the middle bar on): the gap only rescales later prices, so later sizes and costs shift by ${money(dPnl)}`;
      }
      const pos = held.map((h) => `${h.qty > 0 ? 'long' : 'short'} ${Math.abs(h.qty).toPrecision(4)} ${h.symbol}`).join(', ');
      const why = immediate > 0 ? ' (a short position gains from a gap down)' : '';
      return `${pos} held into the gap at ${iso(ts)} UTC: ${money(immediate)} at the open${why}; ${money(dPnl)} vs base with the trading after it`;
    }
    case 'vol_multiplier': {
      const scaled = config.risk.volatility_scaling
        ? ` (positions are volatility-scaled to ${(config.risk.target_vol * 100).toFixed(0)} % a year, so sizes shrink about ×${s.factor} and offset the larger moves)` : '';
      return `every bar's log move ×${s.factor} on the same signals: ${money(dPnl)} vs base${scaled}`;
    }
    case 'liquidity_drought': {
      const cost = (m: BacktestResult['metrics']) => m.fees + m.slippage;
      return `slippage ×${s.slippageMultiplier}, full-fill probability ${s.fullFillProb}: fees + slippage $${cost(r.metrics).toFixed(2)} vs $${cost(base.metrics).toFixed(2)} in the base, ${r.trades.length} trades vs ${base.trades.length}; ${money(dPnl)} vs base`;
    }
    case 'latency_multiplier': {
      const [lo, hi] = config.execution.latency_ms;
      const bar = input.bars[base.symbols[0]]?.intervalMs ?? null;
      if (same) return `no change: latency ${lo}–${hi} ms ×${s.factor} = ${lo * s.factor}–${hi * s.factor} ms${bar ? ` stays inside one ${bar / 60_000 >= 1 ? `${bar / 60_000}-minute` : `${bar} ms`} bar` : ''}, so every order fills on the same bar at the same price`;
      return `orders arrive ×${s.factor} later (${lo * s.factor}–${hi * s.factor} ms): ${money(dPnl)} vs base`;
    }
    case 'funding_spike': {
      const extra = r.metrics.funding - base.metrics.funding;
      const off = !config.execution.funding ? ' (funding is off in the config: switched on for this scenario)' : '';
      const rate = `+${(s.add * 100).toFixed(2)} % per 8-hour settlement`;
      if (extra === 0) {
        const why = r.metrics.exposure === 0 ? 'flat throughout' : 'no position was held at any 8-hour settlement';
        return `no change: ${why}, so the ${rate} was never charged${off}`;
      }
      return `${rate}: funding ${extra > 0 ? 'paid' : 'received'} ${money(-extra).replace(/^[−+]/, '')} more than the base${off} (longs pay, shorts receive); ${money(dPnl)} vs base`;
    }
  }
}
