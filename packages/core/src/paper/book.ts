/**
 * The L2 book in a paper session, as the run's data stage matched it to bars: one snapshot row per bar
 * (the book at the bar's close: spread_pct, depth_imbalance and the engine's half spread) and the book
 * states after every update (ofi, mlofi_m, each state taken against the one before it, which may lie in
 * an earlier bar or between bars). A session is given the rows before its first bar as warm-up and, with
 * each closed bar, that bar's snapshot and every update since the previous bar up to the bar's close.
 */
import type { BookEvents, BookSnapshots } from '../data/types.ts';
import type { FrozenArtifact } from '../pipeline/frozen.ts';

/** One symbol's book for one closed bar. */
export interface PaperBook {
  /** The book at the bar's close, `depth` levels per side (the run's snapshot row of that bar). */
  snapshot?: { ts: number; bidPx: ArrayLike<number>; bidQty: ArrayLike<number>; askPx: ArrayLike<number>; askQty: ArrayLike<number> };
  /** Every book state since the previous bar's book, time-ordered, before this bar's close (may be empty). */
  events?: BookEvents;
}

/** Which book series the artifact's features read (spread_pct / depth_imbalance: snapshots; ofi / mlofi_m: events). */
export function bookNeeds(frozen: Pick<FrozenArtifact, 'featureNames'>): { snapshots: boolean; events: boolean } {
  const f = frozen.featureNames;
  return { snapshots: f.includes('spread_pct') || f.includes('depth_imbalance'), events: f.some((n) => n === 'ofi' || /^mlofi_\d+$/.test(n)) };
}

/** Rows [from, to) of a book series (snapshots: one row per bar; events: one row per update). */
export function bookRows(b: BookSnapshots, from: number, to: number): BookSnapshots {
  const d = b.depth;
  return { symbol: b.symbol, depth: d, ts: b.ts.subarray(from, to), bidPx: b.bidPx.subarray(from * d, to * d), bidQty: b.bidQty.subarray(from * d, to * d), askPx: b.askPx.subarray(from * d, to * d), askQty: b.askQty.subarray(from * d, to * d) };
}

/** First index of a sorted ts with ts[i] ≥ x (ts.length when none). */
function lowerBound(ts: Float64Array, x: number): number {
  let lo = 0, hi = ts.length;
  while (lo < hi) { const m = (lo + hi) >>> 1; if (ts[m] < x) lo = m + 1; else hi = m; }
  return lo;
}

export interface BookReplay {
  /** The warm-up: snapshot rows of bars [0, from) and the updates before bar `from` opens. */
  history: { snapshots?: Record<string, BookSnapshots>; events?: Record<string, BookEvents> };
  /** The book of bar t (t ≥ from, called in increasing t): its snapshot row and the updates since the last call, up to its close. */
  at(t: number): Record<string, PaperBook>;
}

/**
 * bookReplay(symbols, book, barTs, intervalMs, from) – a run's stored (or synthetic) book series cut for
 * a replay starting at bar `from` of `barTs` (the run's common bar open times). Only the series given are
 * cut; `null` when neither is. `eventsFromTs` (a resumed session: its last bar's close) starts the updates
 * fed there instead of at bar `from`'s open.
 */
export function bookReplay(symbols: readonly string[], book: { snapshots?: Record<string, BookSnapshots>; events?: Record<string, BookEvents> },
  barTs: Float64Array, intervalMs: number, from: number, eventsFromTs?: number): BookReplay | null {
  const { snapshots, events } = book;
  if (!snapshots && !events) return null;
  const ptr: Record<string, number> = {};
  const history: BookReplay['history'] = {};
  if (snapshots) history.snapshots = Object.fromEntries(symbols.map((s) => [s, bookRows(snapshots[s], 0, from)]));
  if (events) {
    const open = from < barTs.length ? barTs[from] : Infinity;
    history.events = Object.fromEntries(symbols.map((s) => { ptr[s] = lowerBound(events[s].ts, open); return [s, bookRows(events[s], 0, ptr[s])]; }));
    if (eventsFromTs !== undefined) for (const s of symbols) ptr[s] = lowerBound(events[s].ts, eventsFromTs);
  }
  return {
    history,
    at(t: number): Record<string, PaperBook> {
      return Object.fromEntries(symbols.map((s) => {
        const out: PaperBook = {};
        if (snapshots) {
          const b = snapshots[s], r = bookRows(b, t, t + 1);
          out.snapshot = { ts: b.ts[t], bidPx: r.bidPx, bidQty: r.bidQty, askPx: r.askPx, askQty: r.askQty };
        }
        if (events) {
          const e = events[s], end = lowerBound(e.ts, barTs[t] + intervalMs);
          const a = Math.min(ptr[s], end);
          out.events = bookRows(e, a, end);
          ptr[s] = Math.max(ptr[s], end);
        }
        return [s, out];
      }));
    },
  };
}
