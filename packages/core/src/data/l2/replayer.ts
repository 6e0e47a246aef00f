/**
 * The state machine behind replayBinanceCapture: Binance's documented procedure for a local
 * order book, applied to a recorded stream in arrival order.
 *
 *   1. Diffs that arrive before a REST snapshot are buffered (raw text, parsed when used).
 *   2. On a snapshot with id L: load it; discard buffered diffs with u < L (usdm) / u ≤ L (spot);
 *      the first remaining one must bracket the snapshot: U ≤ L ≤ u (usdm) / U ≤ L+1 ≤ u (spot).
 *      If it does not, that is a sync failure: the book is dropped and the replay waits for the
 *      next snapshot (diffs keep being buffered).
 *   3. Later diffs: u ≤ last applied u → stale, dropped; usdm requires pu == last applied u,
 *      spot requires U ≤ last applied u + 1 (U == u + 1 in an unbroken stream; an overlap is
 *      accepted and counted). Anything else is a chain break: an all-NaN events row marks the
 *      book as unknown at that E, bar-close snapshots are NaN until the book is synced again,
 *      and the replay waits for a new snapshot exactly as in step 1.
 *   4. A level's quantity is absolute; 0 removes the level.
 * Times are exchange times (E for diffs, T for trades); the local receive time is ignored.
 */
import { UserInputError } from '../../util/errors.ts';
import { BookSide } from './bookSide.ts';
import { MessageKind, classified, classifyLine } from './captureLine.ts';
import { GrowableF64 } from './growable.ts';
import { LevelRecorder } from './levelRecorder.ts';
import { cursor, intField, scanDecimal, scanLevels } from './scan.ts';
import type { ChainBreak, ReplayStats } from './types.ts';

const MAX_BREAKS = 100;

export class Replayer {
  readonly barMs: number;
  market: 'auto' | 'spot' | 'usdm';
  readonly label: (index: number) => string;

  readonly bids = new BookSide(1);
  readonly asks = new BookSide(-1);
  symbol = '';

  /** A snapshot is loaded (possibly still waiting for its bracketing diff). */
  private loaded = false;
  /** The loaded snapshot has not been bracketed yet. */
  private needBracket = false;
  /** The book is a valid state (synced and at least one diff applied since). */
  private valid = false;
  private lastUpdateId = NaN;
  private localId = NaN;
  private buffer: { line: string; index: number }[] = [];

  // bar grid for bar-close snapshots
  private barStart = NaN;
  private lastDiffE = -Infinity;
  private lastE = -Infinity;
  /** Bar-close states (ts = bar close) and per-diff states (ts = E). */
  readonly snaps: LevelRecorder;
  readonly events: LevelRecorder;
  /** Final update id of each events row (NaN on break rows). */
  readonly evId = new GrowableF64(8192);

  readonly trTs = new GrowableF64(16384);
  readonly trPx = new GrowableF64(16384);
  readonly trQty = new GrowableF64(16384);
  readonly trSide = new GrowableF64(16384);
  private lastTradeId = NaN;

  readonly stats: ReplayStats = {
    market: 'spot', messages: 0, depthUpdates: 0, diffsBuffered: 0, diffsApplied: 0, diffsDropped: 0, diffsUnused: 0,
    overlaps: 0, chainBreaks: 0, syncFailures: 0, breaks: [], snapshots: 0, snapshotsUsed: 0, snapshotLastUpdateId: NaN,
    firstSyncedE: NaN, lastDiffE: NaN, trades: 0, tradeIdGaps: 0, bookTickers: 0, otherMessages: 0, crossedChecks: 0,
    crossedStates: 0, eventTimeReversals: 0, bars: 0,
  };

  constructor(opts: { barMs: number; depth: number; eventLevels: number; market: 'auto' | 'spot' | 'usdm'; label: (index: number) => string }) {
    this.barMs = opts.barMs;
    this.market = opts.market;
    this.label = opts.label;
    this.snaps = new LevelRecorder(opts.depth, 1024);
    this.events = new LevelRecorder(opts.eventLevels, 8192);
  }

  /** line(text, index): one line of the stream (index = 0-based position, for messages). */
  line(text: string, index: number): void {
    if (text.length === 0) return;
    const kind = classifyLine(text);
    if (kind === MessageKind.Invalid) {
      // tolerate a trailing carriage return / whitespace
      const t = text.trim();
      if (t.length === 0) return;
      if (t.length !== text.length) return this.line(t, index);
      throw new UserInputError(this.label(index), 'expected a line "<local_ts> <json>" with a Binance websocket message or REST depth snapshot', text);
    }
    this.stats.messages++;
    const ds = classified.dataStart;
    switch (kind) {
      case MessageKind.Depth:
        this.stats.depthUpdates++;
        this.diff(text, ds, index);
        return;
      case MessageKind.Trade:
        this.trade(text, ds, index);
        return;
      case MessageKind.BookTicker:
        this.stats.bookTickers++;
        return;
      case MessageKind.Snapshot:
        this.snapshot(text, ds, index);
        return;
      default:
        this.stats.otherMessages++;
    }
  }

  private checkSymbol(text: string, ds: number, index: number): void {
    const k = text.indexOf('"s":"', ds);
    if (k < 0) throw new UserInputError(`${this.label(index)}: s`, 'expected a symbol', text);
    const end = text.indexOf('"', k + 5);
    if (this.symbol === '') {
      this.symbol = text.slice(k + 5, end);
    } else if (end - (k + 5) !== this.symbol.length || !text.startsWith(this.symbol, k + 5)) {
      throw new UserInputError(`${this.label(index)}: s`, `expected one symbol per capture (${this.symbol})`, text.slice(k + 5, end));
    }
  }

  private diff(text: string, ds: number, index: number): void {
    this.checkSymbol(text, ds, index);
    if (this.market === 'auto') this.market = text.indexOf('"pu":', ds) >= 0 ? 'usdm' : 'spot';
    if (!this.loaded) {
      if (this.barStart === this.barStart) {
        const E = intField(text, '"E":', ds);
        if (E > this.lastDiffE) this.lastDiffE = E;
      }
      this.buffer.push({ line: text, index });
      this.stats.diffsBuffered++;
      return;
    }
    this.process(text, ds, index);
  }

  /** Sequencing of one diff against a loaded book. */
  private process(text: string, ds: number, index: number): void {
    const E = intField(text, '"E":', ds);
    const U = intField(text, '"U":', ds);
    const u = intField(text, '"u":', ds);
    const usdm = this.market === 'usdm';
    const pu = usdm ? intField(text, '"pu":', ds) : NaN;
    if (E !== E || U !== U || u !== u || (usdm && pu !== pu)) {
      throw new UserInputError(this.label(index), `expected a depthUpdate with integer E, U, u${usdm ? ', pu' : ''}`, text);
    }
    if (E > this.lastDiffE && this.barStart === this.barStart) this.lastDiffE = E;
    if (this.needBracket) {
      const L = this.lastUpdateId;
      if (usdm ? u < L : u <= L) {
        this.stats.diffsDropped++;
        return;
      }
      const target = usdm ? L : L + 1;
      if (!(U <= target && target <= u)) {
        this.stats.syncFailures++;
        this.recordBreak({ line: index, E, expected: L, got: U, rule: 'first diff brackets the snapshot' });
        this.loaded = false;
        this.needBracket = false;
        this.buffer.push({ line: text, index });
        this.stats.diffsBuffered++;
        return;
      }
      this.needBracket = false;
      if (E > this.lastDiffE) this.lastDiffE = E;
      if (this.barStart !== this.barStart) {
        this.barStart = Math.floor(E / this.barMs) * this.barMs;
        this.stats.firstSyncedE = E;
      }
    } else {
      if (u <= this.localId) {
        this.stats.diffsDropped++;
        return;
      }
      const ok = usdm ? pu === this.localId : U <= this.localId + 1;
      if (!ok) {
        this.stats.chainBreaks++;
        this.recordBreak(usdm
          ? { line: index, E, expected: this.localId, got: pu, rule: 'pu == previous u' }
          : { line: index, E, expected: this.localId + 1, got: U, rule: 'U <= previous u + 1' });
        this.flushBars(E);
        this.pushEvent(E, NaN, false);
        this.valid = false;
        this.loaded = false;
        this.buffer.push({ line: text, index });
        this.stats.diffsBuffered++;
        return;
      }
      if (!usdm && U < this.localId + 1) this.stats.overlaps++;
    }
    this.flushBars(E);
    const b = text.indexOf('"b":', ds);
    const nb = b < 0 ? -1 : scanLevels(text, b + 4, this.bids);
    const a = nb < 0 ? -1 : text.indexOf('"a":', cursor.pos);
    const na = a < 0 ? -1 : scanLevels(text, a + 4, this.asks);
    if (na < 0) throw new UserInputError(this.label(index), 'expected a depthUpdate with "b" and "a" arrays of ["price","qty"] decimal strings', text);
    this.localId = u;
    this.valid = true;
    this.stats.diffsApplied++;
    if (E < this.lastE) this.stats.eventTimeReversals++;
    this.lastE = E;
    this.pushEvent(E, u, true);
    const bb = this.bids.bestPrice(), ba = this.asks.bestPrice();
    if (bb === bb && ba === ba) {
      this.stats.crossedChecks++;
      if (bb >= ba) this.stats.crossedStates++;
    }
  }

  private recordBreak(b: ChainBreak): void {
    if (this.stats.breaks.length < MAX_BREAKS) this.stats.breaks.push(b);
  }

  /** Appends one events row: the current book (valid) or all NaN (book unknown). */
  private pushEvent(E: number, u: number, valid: boolean): void {
    this.evId.push(u);
    if (valid) this.events.push(E, this.bids, this.asks);
    else this.events.push(E, null, null);
  }

  /**
   * Emits a bar-close snapshot for every bar that closes at or before E (bar end ≤ E) with the
   * current state (the state just before the diff at E is applied).
   */
  private flushBars(E: number): void {
    if (this.barStart !== this.barStart) return;
    while (this.barStart + this.barMs <= E) {
      this.barStart += this.barMs;
      if (this.valid) this.snaps.push(this.barStart, this.bids, this.asks);
      else this.snaps.push(this.barStart, null, null);
    }
  }

  private snapshot(text: string, ds: number, index: number): void {
    this.stats.snapshots++;
    if (this.loaded) return; // already synced or waiting on a bracket: a newer snapshot is not needed
    const L = intField(text, '"lastUpdateId":', ds);
    const b = text.indexOf('"bids":', ds);
    this.bids.clear();
    this.asks.clear();
    const nb = L !== L || b < 0 ? -1 : scanLevels(text, b + 7, this.bids);
    const a = nb < 0 ? -1 : text.indexOf('"asks":', cursor.pos);
    const na = a < 0 ? -1 : scanLevels(text, a + 7, this.asks);
    if (na < 0) throw new UserInputError(this.label(index), 'expected a REST depth snapshot {"lastUpdateId", "bids", "asks"}', text);
    this.stats.snapshotsUsed++;
    if (this.stats.snapshotLastUpdateId !== this.stats.snapshotLastUpdateId) this.stats.snapshotLastUpdateId = L;
    this.lastUpdateId = L;
    this.loaded = true;
    this.needBracket = true;
    const pending = this.buffer;
    this.buffer = [];
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      if (!this.loaded) {
        // a sync failure inside the backlog: keep the rest for the next snapshot
        this.buffer.push(p);
        continue;
      }
      classifyLine(p.line);
      this.process(p.line, classified.dataStart, p.index);
    }
  }

  private trade(text: string, ds: number, index: number): void {
    this.checkSymbol(text, ds, index);
    const T = intField(text, '"T":', ds);
    const id = intField(text, '"t":', ds);
    const p = text.indexOf('"p":"', ds);
    const price = p < 0 ? NaN : scanDecimal(text, p + 5);
    const q = text.indexOf('"q":"', ds);
    const qty = q < 0 ? NaN : scanDecimal(text, q + 5);
    const m = text.indexOf('"m":', ds);
    const mc = m < 0 ? 0 : text.charCodeAt(m + 4);
    if (T !== T || price !== price || qty !== qty || (mc !== 116 && mc !== 102)) {
      throw new UserInputError(this.label(index), 'expected a trade with integer T, decimal-string p and q, boolean m', text);
    }
    this.stats.trades++;
    if (this.lastTradeId === this.lastTradeId && id !== this.lastTradeId + 1) this.stats.tradeIdGaps++;
    this.lastTradeId = id;
    this.trTs.push(T);
    this.trPx.push(price);
    this.trQty.push(qty);
    // m = true: the buyer is the maker, so the seller initiated (side −1)
    this.trSide.push(mc === 116 ? -1 : 1);
  }

  /** Ends the stream: closes the bar grid at the bar holding the last diff. */
  finish(): void {
    this.stats.diffsUnused = this.buffer.length;
    this.stats.market = this.market === 'usdm' ? 'usdm' : 'spot';
    if (this.barStart === this.barStart) {
      const lastBarOpen = Math.floor(this.lastDiffE / this.barMs) * this.barMs;
      this.flushBars(lastBarOpen + this.barMs);
      this.stats.lastDiffE = this.lastDiffE;
    }
  }

  get synced(): boolean {
    return this.barStart === this.barStart;
  }
}
