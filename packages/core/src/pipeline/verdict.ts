import type { HeadlineMetrics, Verdict, VerdictReason } from '../reports/types.ts';

/**
 * The go/no-go thresholds. A strategy is a "go" only when every check passes:
 *  - dsr ≥ 0.95: the Sharpe is significant after deflating for the number of trials;
 *  - pbo ≤ 0.5: picking the in-sample best variant is not more likely than not to disappoint OOS;
 *  - sharpe > 0: net of every cost (the costed backtest);
 *  - maxDrawdown ≤ 0.2;
 *  - trades ≥ 30: enough trades to judge at all.
 */
export const VERDICT_THRESHOLDS = { dsr: 0.95, pbo: 0.5, sharpe: 0, maxDrawdown: 0.2, trades: 30 } as const;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** verdict(headline) – go / no-go / inconclusive with one reason per check. */
export function verdict(h: HeadlineMetrics): Verdict {
  const T = VERDICT_THRESHOLDS;
  const reasons: VerdictReason[] = [];
  const add = (check: string, value: number | null, threshold: number, pass: (v: number) => boolean, ok: string, bad: string, missing: string) => {
    if (value === null) reasons.push({ check, passed: false, value: null, threshold, message: missing });
    else reasons.push({ check, passed: pass(value), value, threshold, message: pass(value) ? ok : bad });
  };
  add('dsr', h.dsr, T.dsr, (v) => v >= T.dsr,
    `DSR ${h.dsr?.toFixed(2)} ≥ ${T.dsr}: the Sharpe survives deflation for the trials explored`,
    `DSR ${h.dsr?.toFixed(2)} < ${T.dsr}: the Sharpe is not significant after deflating for the trials explored`,
    'DSR not computed (no returns or the statistics stage did not run)');
  add('pbo', h.pbo, T.pbo, (v) => v <= T.pbo,
    `PBO ${h.pbo !== null ? pct(h.pbo) : ''} ≤ 50 %: the in-sample best variant usually holds up out of sample`,
    `PBO ${h.pbo !== null ? pct(h.pbo) : ''} > 50 %: the in-sample best variant is more likely than not to underperform out of sample`,
    'PBO not computed (CSCV disabled or too few periods)');
  add('costs', h.sharpe, T.sharpe, (v) => v > T.sharpe,
    `Sharpe ${h.sharpe?.toFixed(2)} > 0 after fees, slippage and funding`,
    `Sharpe ${h.sharpe?.toFixed(2)} ≤ 0 after fees, slippage and funding: costs eat the edge`,
    'Sharpe not computed (no backtest or no variance)');
  add('drawdown', h.maxDrawdown, T.maxDrawdown, (v) => v <= T.maxDrawdown,
    `max drawdown ${h.maxDrawdown !== null ? pct(h.maxDrawdown) : ''} ≤ 20 %`,
    `max drawdown ${h.maxDrawdown !== null ? pct(h.maxDrawdown) : ''} > 20 %`,
    'drawdown not computed (no backtest)');
  add('trades', h.trades, T.trades, (v) => v >= T.trades,
    `${h.trades} trades ≥ ${T.trades}`, `only ${h.trades} trades (< ${T.trades}): too few to judge`, 'no trades');
  const failed = reasons.some((r) => r.value !== null && !r.passed);
  const missing = reasons.some((r) => r.value === null);
  return { decision: failed ? 'no-go' : missing ? 'inconclusive' : 'go', reasons };
}
