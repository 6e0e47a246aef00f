/**
 * syntheticBook – an L2 book consistent with synthetic bars.
 *
 * Conventions:
 * - Snapshot row t is the book at bar t's close: ts = bar open + intervalMs. Its mid is within
 *   one tick of the close: best bid = floor(close/tick − spreadTicks/2) ticks, ask = bid + spread.
 * - Spread (in ticks, ≥ 1) = round(close·spreadBps·volFactor·lognormal/tick): widens with volatility.
 * - Levels step away from the best by ≥ 1 tick (≈ levelGapBps each, jittered): bids strictly
 *   decreasing, asks strictly increasing, bid < ask. Sizes grow with depth and thin when
 *   volatility is high (÷ √volFactor); they are rounded to 1e-4 and > 0.
 * - Events: `eventsPerBar` states per bar at ts = open + floor((j+1)·intervalMs/(eventsPerBar+1))
 *   (strictly inside the bar). Intra-bar mids follow a Brownian bridge from open to close,
 *   clamped to [low, high]; the last state of each bar equals the close snapshot's top levels.
 * The book only uses bar t's own values (and its volatility), never later bars.
 */
import type { BarSeries, BookEvents, BookSnapshots } from '../types.ts';
import type { Rng } from '../../util/rng.ts';
import { symbolProfile } from './profiles.ts';
import { fillNormal, fillUniform } from './fillRandom.ts';

export interface SyntheticBookOptions {
  /**
   * Levels per side in the snapshots.
   * @default 10
   */
  levels?: number;
  /**
   * Book states per bar in the events (0 = no events).
   * @default 4
   */
  eventsPerBar?: number;
  /**
   * Levels per side in the events.
   * @default 5
   */
  eventLevels?: number;
}

interface Writer {
  bidPx: Float64Array; bidQty: Float64Array; askPx: Float64Array; askQty: Float64Array; depth: number;
}

/**
 * Writes one book state centred on `mid` into row `row` of `w` (first `levels` levels).
 * `nz` supplies 2 + 2·levels normals and `uz` 2·levels uniforms starting at the given offsets.
 */
function writeState(w: Writer, row: number, levels: number, mid: number, volFactor: number, inv: number, spreadBps: number, gapBps: number, depthUnit: number,
  nz: Float64Array, no: number, uz: Float64Array, uo: number): void {
  const midTicks = mid * inv;
  const spreadTicks = Math.max(1, Math.round(midTicks * spreadBps * 1e-4 * volFactor * Math.exp(0.25 * nz[no])));
  const gapTicks = Math.max(1, midTicks * gapBps * 1e-4);
  let bidT = Math.floor(midTicks - spreadTicks / 2 + 1e-9);
  let askT = bidT + spreadTicks;
  const thin = 1 / Math.sqrt(volFactor);
  const tilt = 0.15 * nz[no + 1]; // bid/ask size asymmetry of this state
  const base = row * w.depth;
  for (let k = 0; k < levels; k++) {
    if (k > 0) {
      bidT -= Math.max(1, Math.round(gapTicks * (0.5 + uz[uo + 2 * k])));
      askT += Math.max(1, Math.round(gapTicks * (0.5 + uz[uo + 2 * k + 1])));
    }
    const grow = depthUnit * (1 + 0.35 * k) * thin;
    w.bidPx[base + k] = bidT / inv;
    w.askPx[base + k] = askT / inv;
    w.bidQty[base + k] = Math.max(1e-4, Math.round(grow * Math.exp(0.4 * nz[no + 2 + 2 * k] + tilt) * 1e4) / 1e4);
    w.askQty[base + k] = Math.max(1e-4, Math.round(grow * Math.exp(0.4 * nz[no + 3 + 2 * k] - tilt) * 1e4) / 1e4);
  }
}

function alloc(symbol: string, rows: number, depth: number): BookSnapshots {
  return { symbol, depth, ts: new Float64Array(rows), bidPx: new Float64Array(rows * depth), bidQty: new Float64Array(rows * depth), askPx: new Float64Array(rows * depth), askQty: new Float64Array(rows * depth) };
}

/** syntheticBook(bars, volFactor, rng, options) – close snapshots and (optionally) intra-bar events. */
export function syntheticBook(bars: BarSeries, volFactor: Float64Array, rng: Rng, options: SyntheticBookOptions = {}): { snapshots: BookSnapshots; events?: BookEvents } {
  const levels = options.levels ?? 10;
  const perBar = options.eventsPerBar ?? 4;
  const evLevels = Math.min(options.eventLevels ?? 5, levels);
  if (!Number.isInteger(levels) || levels < 1) throw new Error(`syntheticBook: levels must be a positive integer; was ${levels}`);
  if (!Number.isInteger(perBar) || perBar < 0) throw new Error(`syntheticBook: eventsPerBar must be a non-negative integer; was ${perBar}`);
  if (!Number.isInteger(evLevels) || evLevels < 1) throw new Error(`syntheticBook: eventLevels must be a positive integer; was ${evLevels}`);
  const intervalMs = bars.intervalMs;
  if (intervalMs === null) throw new Error('syntheticBook: bars.intervalMs must be set');
  if (perBar >= intervalMs) throw new Error(`syntheticBook: eventsPerBar must be < intervalMs (one state per ms at most); was ${perBar}`);
  const n = bars.ts.length;
  const p = symbolProfile(bars.symbol);
  const inv = Math.round(1 / p.tick);
  const per = 2 + 2 * levels;
  const snapshots = alloc(bars.symbol, n, levels);
  const nz = fillNormal(rng.fork('snap-normal'), new Float64Array(n * per));
  const uz = fillUniform(rng.fork('snap-uniform'), new Float64Array(n * 2 * levels));
  for (let t = 0; t < n; t++) {
    snapshots.ts[t] = bars.ts[t] + intervalMs;
    writeState(snapshots, t, levels, bars.close[t], volFactor[t], inv, p.spreadBps, p.levelGapBps, p.depthUnit, nz, t * per, uz, t * 2 * levels);
  }
  if (perBar === 0) return { snapshots };

  const events = alloc(bars.symbol, n * perBar, evLevels);
  const intra = perBar - 1;
  const perE = 2 + 2 * evLevels;
  const enz = fillNormal(rng.fork('event-normal'), new Float64Array(Math.max(1, n * intra * (perE + 1))));
  const euz = fillUniform(rng.fork('event-uniform'), new Float64Array(Math.max(1, n * intra * 2 * evLevels)));
  let row = 0, no = 0, uo = 0;
  for (let t = 0; t < n; t++) {
    const o = bars.open[t], c = bars.close[t], lo = bars.low[t], hi = bars.high[t];
    const scale = (hi - lo) / 2;
    for (let j = 0; j < perBar; j++, row++) {
      events.ts[row] = bars.ts[t] + Math.floor(((j + 1) * intervalMs) / (perBar + 1));
      if (j === intra) {
        const src = t * levels, dst = row * evLevels;
        for (let k = 0; k < evLevels; k++) {
          events.bidPx[dst + k] = snapshots.bidPx[src + k]; events.bidQty[dst + k] = snapshots.bidQty[src + k];
          events.askPx[dst + k] = snapshots.askPx[src + k]; events.askQty[dst + k] = snapshots.askQty[src + k];
        }
        continue;
      }
      const f = (j + 1) / perBar;
      let mid = o + (c - o) * f + scale * Math.sqrt(f * (1 - f)) * enz[no++];
      mid = mid < lo ? lo : mid > hi ? hi : mid;
      writeState(events, row, evLevels, Math.round(mid * inv) / inv, volFactor[t], inv, p.spreadBps, p.levelGapBps, p.depthUnit, enz, no, euz, uo);
      no += perE; uo += 2 * evLevels;
    }
  }
  return { snapshots, events };
}
