/**
 * captureReplayData(paths, frozen, quote) – a Binance L2 websocket capture (the shared capture's
 * `<local_ts> <json>` lines, one stream over several files) as a paper replay: bars at the run's interval
 * and the book, built by readCapture (core's replayBinanceCapture) exactly as the `features` / `backtest`
 * commands build them from a capture — trade bars cut on the epoch grid by exchange time, the book at
 * each bar's close, every applied diff as a book event (an all-NaN row at a chain break).
 *
 * A capture holds one instrument: the run must trade one symbol, and the capture's (e.g. BTCUSDT) must
 * be it (BTC with quote USDT). A bar without trades has no price: the replay keeps the bars that traded
 * (a session counts the others as gaps, as the run's data stage leaves gaps as gaps).
 */
import { UserInputError } from '@skippy/core';
import type { BarSeries, BookSnapshots } from '@skippy/core';
import type { FrozenRunArtifact } from '@skippy/core/paper';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { readCapture } from '../capture.ts';
import type { RunReplayData } from './runBars.ts';

export function captureReplayData(paths: string | string[], frozen: FrozenRunArtifact, quote = 'USDT'): RunReplayData & { captureSymbol: string } {
  const barMs = BAR_INTERVAL_MS[frozen.interval];
  const ms = frozen.config.features.microstructure;
  const rep = readCapture(paths, { barMs, depth: Math.max(5, ms.depth_levels), eventLevels: Math.max(5, ms.mlofi.levels) });
  const s = frozen.symbols[0];
  if (frozen.symbols.length !== 1) throw new UserInputError('--capture', 'a run of one symbol (a capture holds one instrument)', frozen.symbols.join(', '));
  const cap = rep.symbol.toUpperCase();
  if (cap !== s.toUpperCase() && cap !== `${s}${quote}`.toUpperCase()) throw new UserInputError('--capture', `a capture of the run's symbol ${s} (${s}${quote})`, rep.symbol);
  const b = rep.bars, sn = rep.snapshots, d = sn.depth;
  const keep: number[] = [];
  for (let i = 0; i < b.ts.length; i++) if (b.close[i] > 0 && b.open[i] > 0 && b.high[i] > 0 && b.low[i] > 0) keep.push(i);
  if (keep.length === 0) throw new UserInputError('--capture', `trades in at least one ${frozen.interval} bar`, 'none');
  const pick = (a: Float64Array, w = 1) => { const o = new Float64Array(keep.length * w); keep.forEach((i, k) => o.set(a.subarray(i * w, i * w + w), k * w)); return o; };
  const bars: BarSeries = { symbol: s, intervalMs: barMs, ts: pick(b.ts), open: pick(b.open), high: pick(b.high), low: pick(b.low), close: pick(b.close), volume: pick(b.volume) };
  const snapshots: BookSnapshots = { symbol: s, depth: d, ts: pick(sn.ts), bidPx: pick(sn.bidPx, d), bidQty: pick(sn.bidQty, d), askPx: pick(sn.askPx, d), askQty: pick(sn.askQty, d) };
  return { bars: { [s]: bars }, snapshots: { [s]: snapshots }, events: { [s]: { ...rep.events, symbol: s } }, captureSymbol: rep.symbol };
}
