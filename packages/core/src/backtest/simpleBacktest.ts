
export interface SimpleBacktestOptions {
  /** Proportional fee per fill. @default 0.001 */
  fee?: number;
  /** Fixed slippage fraction: buys at close × (1 + s), sells at close × (1 − s). @default 0.0005 */
  slippage?: number;
  /** @default 10000 */
  initCash?: number;
}

export interface SimpleTrade {
  entryIdx: number;
  /** −1 while still open at the end. */
  exitIdx: number;
  entryPrice: number;
  /** Last close for an open trade. */
  exitPrice: number;
  size: number;
  /** Entry fee + exit fee. */
  fees: number;
  /** (exitPrice − entryPrice) × size − fees. */
  pnl: number;
  /** pnl / (entryPrice × size). */
  returnPct: number;
}

export interface SimpleBacktestResult {
  equity: Float64Array;
  /** Units held at each close (cash = equity − position × close). */
  position: Float64Array;
  trades: SimpleTrade[];
  totalFees: number;
}

/**
 * simpleBacktest(close, entries, exits, options) – parity mode with vectorbt's
 * `Portfolio.from_signals(close, entries, exits, fees, slippage, init_cash, size=np.inf)` defaults:
 * long only, no accumulation, orders fill at the signal bar's close ± the slippage fraction;
 * an entry (when flat) spends all cash: size = cash / (1 + fee) / (close × (1 + slippage)),
 * fee = cash − cash / (1 + fee); an exit (when long) sells everything at close × (1 − slippage) and
 * pays size × price × fee. A bar with both an entry and an exit does nothing (conflict ignored).
 * Equity = cash + size × close; a trade still open at the end is valued at the last close.
 * Optimistic by construction (same-bar fills): use it to check numbers from other tools.
 */
export function simpleBacktest(close: Float64Array, entries: Uint8Array, exits: Uint8Array, options: SimpleBacktestOptions = {}): SimpleBacktestResult {
  const n = close.length;
  if (entries.length !== n || exits.length !== n) throw new Error(`entries/exits must have ${n} values like close; were ${entries.length}/${exits.length}`);
  const fee = options.fee ?? 0.001, slip = options.slippage ?? 0.0005, init = options.initCash ?? 10_000;
  const equity = new Float64Array(n), position = new Float64Array(n);
  const trades: SimpleTrade[] = [];
  let cash = init, size = 0, entryPrice = 0, entryFee = 0, entryIdx = -1, totalFees = 0;
  for (let i = 0; i < n; i++) {
    const c = close[i];
    const en = entries[i] !== 0, exx = exits[i] !== 0;
    if (en !== exx) {
      if (en && size === 0 && cash > 0) {
        const px = c * (1 + slip);
        const spend = cash / (1 + fee);
        size = spend / px;
        entryFee = cash - spend;
        totalFees += entryFee;
        entryPrice = px; entryIdx = i; cash = 0;
      } else if (exx && size > 0) {
        const px = c * (1 - slip);
        const gross = size * px, exitFee = gross * fee;
        cash += gross - exitFee;
        totalFees += exitFee;
        const fees = entryFee + exitFee, pnl = (px - entryPrice) * size - fees;
        trades.push({ entryIdx, exitIdx: i, entryPrice, exitPrice: px, size, fees, pnl, returnPct: pnl / (entryPrice * size) });
        size = 0;
      }
    }
    equity[i] = cash + size * c;
    position[i] = size;
  }
  if (size > 0) {
    const last = close[n - 1], pnl = (last - entryPrice) * size - entryFee;
    trades.push({ entryIdx, exitIdx: -1, entryPrice, exitPrice: last, size, fees: entryFee, pnl, returnPct: pnl / (entryPrice * size) });
  }
  return { equity, position, trades, totalFees };
}

/** equityReturns(equity, initialCash) – simple return per bar, the first against the initial cash (input to summarizeReturns). */
export function equityReturns(equity: Float64Array, initialCash: number): Float64Array {
  const out = new Float64Array(equity.length);
  let prev = initialCash;
  for (let i = 0; i < equity.length; i++) { out[i] = equity[i] / prev - 1; prev = equity[i]; }
  return out;
}
