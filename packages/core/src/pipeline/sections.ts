/** Builders of the RunReport sections from the stage outputs (plain JSON-safe data). */
import type { BacktestInflation, BacktestResult, TcaSummary } from '../backtest/index.ts';
import type { LabelQualityReport } from '../labels/index.ts';
import type { EquitySection, HeadlineMetrics, LabelsSection, RiskSection, TcaFigures, TcaSection } from '../reports/types.ts';
import { EQUITY_MAX_POINTS, TCA_MAX_TRADE_ROWS } from '../reports/types.ts';
import { lttb } from '../reports/lttb.ts';
import { num } from './numbers.ts';

/** equitySection(ts, equity, initialCash) – drawdown on the full curve, then both downsampled with LTTB (on equity) to ≤ EQUITY_MAX_POINTS. */
export function equitySection(ts: Float64Array, equity: Float64Array, initialCash: number): EquitySection {
  const n = equity.length;
  const dd = new Float64Array(n);
  let peak = -Infinity, min = 0, minAt = Number.NaN;
  for (let i = 0; i < n; i++) {
    if (equity[i] > peak) peak = equity[i];
    dd[i] = peak > 0 ? equity[i] / peak - 1 : -1;
    if (dd[i] < min) { min = dd[i]; minAt = ts[i]; }
  }
  const pick = lttb(ts, equity, EQUITY_MAX_POINTS);
  return {
    ts: Array.from(pick.x), equity: Array.from(pick.y), drawdown: Array.from(pick.index, (i) => dd[i]),
    points: n, downsampled: n > EQUITY_MAX_POINTS, initialCash, maxDrawdown: n ? min : null, maxDrawdownAt: num(minAt),
  };
}

function figures(s: TcaSummary): TcaFigures {
  return {
    orders: s.orders, filledNotional: s.filledNotional, slippageBp: num(s.slippageBp), shortfallBp: num(s.shortfallBp), fees: s.fees,
    funding: s.funding, fillRate: num(s.fillRate), partialFills: s.partialFills, meanLatencyMs: num(s.meanLatencyMs),
  };
}

const inflationFigures = (f: { sharpe: number; totalReturn: number; maxDrawdown: number }) => ({ sharpe: num(f.sharpe), totalReturn: num(f.totalReturn), maxDrawdown: num(f.maxDrawdown) });

/** tcaSection(bt, inflation) – summary, size/side breakdown, the first TCA_MAX_TRADE_ROWS trades, costed vs frictionless. */
export function tcaSection(bt: BacktestResult, inflation: BacktestInflation | null): TcaSection {
  const { tca } = bt;
  const tcaByTrade = new Map(tca.trades.map((r) => [r.tradeId, r]));
  const trades = bt.trades.slice(0, TCA_MAX_TRADE_ROWS).map((t) => {
    const r = tcaByTrade.get(t.id);
    return {
      tradeId: t.id, symbol: t.symbol, side: t.side, entryTs: t.entryTs, exitTs: t.exitTs, entryPrice: t.entryPrice, exitPrice: t.exitPrice,
      size: t.size, pnl: t.pnl, fees: t.fees, slippage: t.slippage, funding: t.funding, slippageBp: num(r?.slippageBp), shortfallBp: num(r?.shortfallBp),
      fillRate: num(r?.fillRate), partialFills: r?.partialFills ?? 0, latencyMs: num(r?.latencyMs), exitReason: t.exitReason,
    };
  });
  return {
    summary: figures(tca.aggregate),
    breakdown: [
      ...(['small', 'medium', 'large'] as const).map((k) => ({ key: k, by: 'size' as const, ...figures(tca.bySize[k]) })),
      { key: 'buy', by: 'side' as const, ...figures(tca.bySide.buy) },
      { key: 'sell', by: 'side' as const, ...figures(tca.bySide.sell) },
    ],
    trades,
    tradesTotal: bt.trades.length,
    inflation: inflation ? { costed: inflationFigures(inflation.costed), frictionless: inflationFigures(inflation.frictionless), relative: inflationFigures(inflation.relative) } : null,
  };
}

/** riskSection(bt) – the heat map as rows × assets, halts, correlation alerts, rebalancing at the last bar. */
export function riskSection(bt: BacktestResult): RiskSection {
  const hm = bt.risk.heatMap;
  const N = hm.assets.length;
  const values: number[][] = [];
  for (let r = 0; r < hm.ts.length; r++) values.push(Array.from(hm.values.subarray(r * N, r * N + N), (v) => (Number.isFinite(v) ? v : 0)));
  return {
    heatMap: { assets: hm.assets, ts: Array.from(hm.ts), values, portfolioVol: Array.from(hm.portfolioVol, (v) => (Number.isFinite(v) ? v : 0)) },
    halts: bt.risk.halts.map((h) => ({ ts: h.ts, until: h.until, reason: h.reason, equity: h.equity, detail: h.detail })),
    correlationAlerts: bt.risk.correlationAlerts.map((a) => ({ ts: a.ts, kind: a.kind, a: a.a, b: a.b, rho: a.rho })),
    rebalance: bt.risk.rebalance,
  };
}

/** headlineFromBacktest(bt) – the backtest's numbers; model and overfitting figures are filled by the caller. */
export function headlineFromBacktest(bt: BacktestResult): HeadlineMetrics {
  const m = bt.metrics, s = m.summary;
  return {
    initialCash: m.initialCash, finalEquity: num(m.finalEquity), totalReturn: num(s.totalReturn), annualizedReturn: num(s.annualizedReturn),
    annualizedVolatility: num(s.annualizedVolatility), sharpe: num(s.annualizedSharpe), sortino: num(s.annualizedSortino), maxDrawdown: num(s.maxDrawdown),
    maxDrawdownDurationBars: num(s.maxDrawdownDurationBars), calmar: num(s.calmar), hitRate: num(s.hitRate), trades: m.trades, winRate: num(m.winRate),
    turnover: num(m.turnover), exposure: num(m.exposure), fees: num(m.fees), slippage: num(m.slippage), funding: num(m.funding), halts: m.halts,
    oosAccuracy: null, oosAuc: null, psr: null, dsr: null, pbo: null, periodsPerYear: m.periodsPerYear,
  };
}

/** emptyHeadline(initialCash, periodsPerYear) – when no backtest ran. */
export function emptyHeadline(initialCash: number, periodsPerYear: number): HeadlineMetrics {
  return {
    initialCash, finalEquity: null, totalReturn: null, annualizedReturn: null, annualizedVolatility: null, sharpe: null, sortino: null, maxDrawdown: null,
    maxDrawdownDurationBars: null, calmar: null, hitRate: null, trades: 0, winRate: null, turnover: null, exposure: null, fees: null, slippage: null,
    funding: null, halts: 0, oosAccuracy: null, oosAuc: null, psr: null, dsr: null, pbo: null, periodsPerYear,
  };
}

/**
 * labelsSection(reports, ...) – the label quality report (D's labelQualityReport) per horizon, summed
 * over symbols: counts and dropped events add up; rates, means and uniqueness are event-weighted.
 */
export function labelsSection(reports: LabelQualityReport[], opts: { method: string; touch: string; trainedHorizon: number; meta: LabelsSection['meta'] }): LabelsSection {
  const horizons = reports[0]?.horizons.map((h0, hi) => {
    const hs = reports.map((r) => r.horizons[hi]);
    const events = hs.reduce((s, h) => s + h.labels, 0);
    const wavg = (f: (h: (typeof hs)[number]) => number | null | undefined, w: (h: (typeof hs)[number]) => number = (h) => h.labels) => {
      let s = 0, ws = 0;
      for (const h of hs) { const v = f(h); const wt = w(h); if (v !== null && v !== undefined && Number.isFinite(v) && wt > 0) { s += v * wt; ws += wt; } }
      return ws > 0 ? s / ws : null;
    };
    const dropped: Record<string, number> = {};
    for (const h of hs) for (const [k, v] of Object.entries(h.dropped)) dropped[k] = (dropped[k] ?? 0) + v;
    return {
      horizon: h0.horizon,
      events,
      counts: { down: hs.reduce((s, h) => s + h.counts['-1'], 0), flat: hs.reduce((s, h) => s + h.counts['0'], 0), up: hs.reduce((s, h) => s + h.counts['1'], 0) },
      hitRates: { pt: wavg((h) => h.hit_rates.pt), sl: wavg((h) => h.hit_rates.sl), vb: wavg((h) => h.hit_rates.vb) },
      holding: { mean: wavg((h) => h.holding_bars.mean), median: wavg((h) => h.holding_bars.median), p90: wavg((h) => h.holding_bars.p90) },
      meanReturn: {
        down: wavg((h) => h.returns_by_label['-1'].mean, (h) => h.counts['-1']),
        flat: wavg((h) => h.returns_by_label['0'].mean, (h) => h.counts['0']),
        up: wavg((h) => h.returns_by_label['1'].mean, (h) => h.counts['1']),
      },
      ambiguous: hs.reduce((s, h) => s + h.ambiguous_bars, 0),
      dropped,
      avgUniqueness: wavg((h) => h.avg_uniqueness),
    };
  }) ?? [];
  return { method: opts.method, touch: opts.touch, trainedHorizon: opts.trainedHorizon, horizons, meta: opts.meta };
}
