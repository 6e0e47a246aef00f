import { UserInputError } from '../util/errors.ts';
import type { BarSeries } from '../data/types.ts';
import type { BacktestSignals } from './types.ts';
import type { BookOrderRequest } from './bookBacktest.ts';

/**
 * parseSignalsCsv(text, bars, source) – signals from a CSV with a header: `ts,side[,prob]` (one asset)
 * or `ts,symbol,side[,prob]`. ts is epoch ms (or an ISO date) of the signal bar's OPEN, matched exactly to
 * the bars' ts; bars without a row get side 0. side ∈ {−1, 0, 1}; prob ∈ [0, 1].
 */
export function parseSignalsCsv(text: string, bars: Record<string, BarSeries>, source = 'signals.csv'): Record<string, BacktestSignals> {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const iTs = header.indexOf('ts'), iSide = header.indexOf('side'), iSym = header.indexOf('symbol'), iProb = header.indexOf('prob');
  if (iTs < 0 || iSide < 0) throw new UserInputError(`${source}:1`, 'expected a header with ts and side (and optionally symbol, prob)', lines[0]);
  const symbols = Object.keys(bars);
  const index = new Map<string, Map<number, number>>();
  const out: Record<string, BacktestSignals> = {};
  for (const s of symbols) {
    const m = new Map<number, number>();
    bars[s].ts.forEach((t, i) => m.set(t, i));
    index.set(s, m);
    out[s] = { side: new Int8Array(bars[s].ts.length), ...(iProb >= 0 ? { prob: new Float64Array(bars[s].ts.length).fill(Number.NaN) } : {}) };
  }
  for (let ln = 1; ln < lines.length; ln++) {
    const raw = lines[ln].trim();
    if (!raw) continue;
    const cells = raw.split(',').map((c) => c.trim());
    const where = `${source}:${ln + 1}`;
    const sym = iSym >= 0 ? cells[iSym] : symbols[0];
    if (!index.has(sym)) throw new UserInputError(`${where}: symbol`, `expected one of ${symbols.join(' | ')}`, sym);
    const tsCell = cells[iTs];
    const ts = /^\d+(\.\d+)?$/.test(tsCell) ? Number(tsCell) : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(tsCell) ? tsCell : `${tsCell}Z`);
    if (!Number.isFinite(ts)) throw new UserInputError(`${where}: ts`, 'expected epoch ms or an ISO date', tsCell);
    const row = index.get(sym)!.get(ts);
    if (row === undefined) continue; // outside the loaded bars
    const side = Number(cells[iSide]);
    if (!(side === -1 || side === 0 || side === 1)) throw new UserInputError(`${where}: side`, 'expected -1, 0 or 1', cells[iSide]);
    out[sym].side[row] = side;
    if (iProb >= 0) {
      const p = Number(cells[iProb]);
      if (!(p >= 0 && p <= 1)) throw new UserInputError(`${where}: prob`, 'expected a probability in [0, 1]', cells[iProb]);
      out[sym].prob![row] = p;
    }
  }
  return out;
}

/**
 * bookOrdersFromSignals(bars, side, notional) – market orders for book mode: when the side decided on bar
 * t's close changes, one order at that close (ts[t] + intervalMs) for the difference between the target
 * position (side × notional / close[t]) and the previous target.
 */
export function bookOrdersFromSignals(bars: BarSeries, side: Int8Array, notional: number): BookOrderRequest[] {
  const out: BookOrderRequest[] = [];
  const iv = bars.intervalMs ?? 1000;
  let held = 0, cur = 0;
  for (let t = 0; t < side.length; t++) {
    const s = side[t];
    if (s === cur || !(bars.close[t] > 0)) continue;
    const target = (s * notional) / bars.close[t];
    const d = target - held;
    if (d !== 0) out.push({ ts: bars.ts[t] + iv, side: d > 0 ? 1 : -1, qty: Math.abs(d), type: 'market' });
    held = target; cur = s;
  }
  return out;
}
