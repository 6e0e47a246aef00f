import type { BookSide } from './bookSide.ts';
import { GrowableF64 } from './growable.ts';

/**
 * Appends book states (top `levels` per side, best first, row-major) to growable columns: the
 * storage behind `events` (one row per applied diff) and `snapshots` (one row per bar close).
 */
export class LevelRecorder {
  readonly levels: number;
  readonly ts: GrowableF64;
  readonly bidPx: GrowableF64;
  readonly bidQty: GrowableF64;
  readonly askPx: GrowableF64;
  readonly askQty: GrowableF64;

  constructor(levels: number, rows: number) {
    this.levels = levels;
    this.ts = new GrowableF64(rows);
    this.bidPx = new GrowableF64(rows * levels);
    this.bidQty = new GrowableF64(rows * levels);
    this.askPx = new GrowableF64(rows * levels);
    this.askQty = new GrowableF64(rows * levels);
  }

  /** push(t, bids, asks): one row with the book's top levels, or all NaN when `bids` is null (book unknown). */
  push(t: number, bids: BookSide | null, asks: BookSide | null): void {
    const L = this.levels;
    this.ts.push(t);
    const at = this.bidPx.reserve(L);
    this.bidQty.reserve(L);
    this.askPx.reserve(L);
    this.askQty.reserve(L);
    if (bids && asks) {
      bids.writeTop(L, this.bidPx.data, this.bidQty.data, at);
      asks.writeTop(L, this.askPx.data, this.askQty.data, at);
    } else {
      this.bidPx.data.fill(NaN, at, at + L);
      this.bidQty.data.fill(NaN, at, at + L);
      this.askPx.data.fill(NaN, at, at + L);
      this.askQty.data.fill(NaN, at, at + L);
    }
  }

  /** Compact columns in the BookSnapshots layout. */
  columns(): { ts: Float64Array; bidPx: Float64Array; bidQty: Float64Array; askPx: Float64Array; askQty: Float64Array } {
    return { ts: this.ts.toArray(), bidPx: this.bidPx.toArray(), bidQty: this.bidQty.toArray(), askPx: this.askPx.toArray(), askQty: this.askQty.toArray() };
  }
}
