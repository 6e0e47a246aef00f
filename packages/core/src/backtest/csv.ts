import type { BacktestResult, BacktestTrade } from './types.ts';
import type { SimpleBacktestResult } from './simpleBacktest.ts';

const num = (x: number): string => (Number.isFinite(x) ? String(x) : '');

/** equityCsv(result) – `ts,equity,cash,position_<SYM>...` per bar (ts = bar open, epoch ms; marked at the close). */
export function equityCsv(result: BacktestResult): string {
  const { ts, equity, cash, positions } = result.equity;
  const syms = result.symbols;
  const cols = syms.map((s) => positions[s]);
  const lines = [`ts,equity,cash,${syms.map((s) => `position_${s}`).join(',')}`];
  for (let i = 0; i < ts.length; i++) {
    let row = `${ts[i]},${num(equity[i])},${num(cash[i])}`;
    for (const c of cols) row += `,${num(c[i])}`;
    lines.push(row);
  }
  return `${lines.join('\n')}\n`;
}

/** tradesCsv(trades) – one row per trade with entry/exit time and price, size, costs, PnL and exit reason. */
export function tradesCsv(trades: BacktestTrade[]): string {
  const head = 'id,symbol,side,entry_ts,entry_price,exit_ts,exit_price,size,fees,slippage,funding,pnl,exit_reason';
  const rows = trades.map((t) => [t.id, t.symbol, t.side, t.entryTs, num(t.entryPrice), num(t.exitTs), num(t.exitPrice), num(t.size), num(t.fees), num(t.slippage), num(t.funding), num(t.pnl), t.exitReason].join(','));
  return `${[head, ...rows].join('\n')}\n`;
}

/** simpleEquityCsv(ts, close, result, symbol) – the parity mode's curve in the same layout (cash = equity − position × close). */
export function simpleEquityCsv(ts: Float64Array, close: Float64Array, r: SimpleBacktestResult, symbol: string): string {
  const lines = [`ts,equity,cash,position_${symbol}`];
  for (let i = 0; i < ts.length; i++) lines.push(`${ts[i]},${num(r.equity[i])},${num(r.equity[i] - r.position[i] * close[i])},${num(r.position[i])}`);
  return `${lines.join('\n')}\n`;
}

/** simpleTradesCsv(ts, trades, symbol, barMs) – parity-mode trades in the trades.csv layout; times are the fill bars' closes (no slippage split, funding 0). */
export function simpleTradesCsv(ts: Float64Array, trades: SimpleBacktestResult['trades'], symbol: string, barMs: number): string {
  const head = 'id,symbol,side,entry_ts,entry_price,exit_ts,exit_price,size,fees,slippage,funding,pnl,exit_reason';
  const rows = trades.map((t, k) => [k, symbol, 1, ts[t.entryIdx] + barMs, num(t.entryPrice), (t.exitIdx >= 0 ? ts[t.exitIdx] : ts[ts.length - 1]) + barMs, num(t.exitPrice), num(t.size), num(t.fees), '', 0, num(t.pnl), t.exitIdx >= 0 ? 'signal' : 'open'].join(','));
  return `${[head, ...rows].join('\n')}\n`;
}
