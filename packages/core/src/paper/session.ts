/**
 * A paper session: the frozen artifact of a finished run trading forward, one closed bar at a time,
 * through the backtest's own engine (BarEngine.step – the same fills, latency, slippage, partial fills,
 * fees, funding, sizing and risk halts). Pure: no clock, no IO; the host feeds bars and persists state().
 *
 * Per closed bar t (every symbol's bar at the same open time):
 *  1. features are computed causally over the session's history (warm-up bars + the bars fed so far)
 *     with the run's feature config; the row at t is the model's input when it is finite and t is a
 *     label event of the run's config (every bar, or a CUSUM event);
 *  2. the frozen model predicts P(up) (or P(primary side is right) with meta-labelling), the frozen
 *     Platt scaler calibrates it, and the run's decision rule gives the side;
 *  3. sizing as the run sized: AFML bet size averaged over the bets still active (kept incrementally,
 *     with the same floating-point operations as averageActiveBets) or the frozen Kelly size;
 *  4. the engine steps bar t: fills of orders decided on t − 1, marking, risk checks, the decision on t.
 * Nothing is refitted: the model is the artifact's, for the whole session.
 */
import { BarEngine, barEngineInput } from '../backtest/index.ts';
import type { BacktestConfig, BacktestFill, BacktestInput, BacktestOptions, BacktestOrder, BacktestTrade, BarEngineState, HaltEvent } from '../backtest/index.ts';
import { transactionCostAnalysis } from '../backtest/tca.ts';
import type { TcaReport } from '../backtest/tca.ts';
import type { BarSeries, BookEvents, BookSnapshots, TimeSeries } from '../data/types.ts';
import { computeFeatures } from '../features/index.ts';
import { cusumEvents, movingAverageSide } from '../labels/index.ts';
import type { FittedModel } from '../models/contract.ts';
import { applyPlatt, logitScores } from '../models/index.ts';
import type { FrozenArtifact, FrozenRunArtifact } from '../pipeline/frozen.ts';
import { isPolicyArtifact } from '../pipeline/frozen.ts';
import { fundingRatesAtBars } from '../execution/funding.ts';
import { normaliserFromJSON } from '../rl/normaliser.ts';
import { PolicyActor } from '../rl/policyActor.ts';
import type { PolicyActorState } from '../rl/policyActor.ts';
import type { RestoredPolicy } from '../rl/contract.ts';
import { BAR_INTERVAL_MS } from '../pipeline/syntheticInputs.ts';
import { dataRequirementIssues } from '../pipeline/dataRequirements.ts';
import type { AvailableData } from '../pipeline/dataRequirements.ts';
import type { SampleSet } from '../pipeline/buildSamples.ts';
import { decisions } from '../pipeline/walkForward.ts';
import { featureWindows } from '../pipeline/windows.ts';
import { betSizeFromProbability, discreteBetSize, periodsPerYearFromInterval } from '../risk/index.ts';
import { UserInputError } from '../util/errors.ts';
import { createRng } from '../util/rng.ts';
import type { Rng } from '../util/rng.ts';
import { bookNeeds } from './book.ts';
import type { PaperBook } from './book.ts';

export const PAPER_STATE_FORMAT = 'skippy-paper-v1';

/** One closed bar of one symbol. */
export interface PaperBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** What trades a frozen artifact: its model restored (frozenModel) or, for a policy artifact, its policies restored (frozenPolicies). */
export type PaperModel = FittedModel | Record<string, RestoredPolicy>;

export interface PaperSessionOptions {
  frozen: FrozenRunArtifact;
  /**
   * The artifact's model restored (frozenModel); for a policy artifact (kind 'policy') its policies
   * restored per symbol (a host restorer such as @skippy/ml's policyFromJSON, through frozenPolicies).
   */
  model: PaperModel;
  /** Bars before the session per symbol (the features' warm-up), on common times, oldest first. */
  history: Record<string, BarSeries>;
  /** Funding settlements per symbol (tier-3 features and, with execution.funding, the engine's funding). */
  funding?: Record<string, TimeSeries>;
  openInterest?: Record<string, TimeSeries>;
  sentiment?: TimeSeries;
  /**
   * The L2 book at each warm-up bar's close (one row per `history` bar), for a run whose features read it
   * (spread_pct, depth_imbalance; spread_pct is also the engine's half spread, as in the run).
   */
  snapshots?: Record<string, BookSnapshots>;
  /** Book states after each update before the first session bar opens (ofi, mlofi_m). */
  events?: Record<string, BookEvents>;
}

/** A book series in a state (depth levels per row, row-major as BookSnapshots). */
export interface PaperBookState { depth: number; ts: number[]; bidPx: number[]; bidQty: number[]; askPx: number[]; askQty: number[] }

/** What one bar did. */
export interface PaperStep {
  ts: number;
  /** Session bar index (0 = the first bar fed). */
  index: number;
  /** Bars missing before this one (its open is more than one interval after the previous bar's). */
  gapBars: number;
  /** Per symbol: calibrated score (NaN: no prediction on this bar), decided side and target size. */
  signals: Record<string, { score: number; side: number; size: number }>;
  fills: BacktestFill[];
  equity: number;
  cash: number;
  positions: Record<string, number>;
  halted: boolean;
}

/** The session so far. */
export interface PaperSummary {
  runId: string;
  configHash: string;
  bars: number;
  firstTs: number | null;
  lastTs: number | null;
  initialCash: number;
  equity: number;
  totalReturn: number;
  maxDrawdown: number;
  fills: number;
  orders: number;
  trades: number;
  fees: number;
  slippage: number;
  funding: number;
  halts: HaltEvent[];
  positions: Record<string, number>;
  gaps: number;
}

/** Serialisable session state (encodePaperState / decodePaperState keep non-finite numbers). */
export interface PaperSessionState {
  format: typeof PAPER_STATE_FORMAT;
  runId: string;
  configHash: string;
  symbols: string[];
  /** Bars of `bars` before the session (warm-up). */
  warmup: number;
  bars: Record<string, { ts: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] }>;
  signals: Record<string, { side: number[]; size: number[]; score: number[]; spread?: number[] }>;
  /** The book fed so far (warm-up included), for a run whose features read it. */
  book?: Record<string, { snapshots?: PaperBookState; events?: PaperBookState }>;
  bets: Record<string, { runSum: number; runCount: number; pending: [number, number][] }>;
  gaps: number;
  engine: BarEngineState | null;
  rngDraws: { fills: number; latency: number };
  /** A policy artifact: per symbol the trading environment's account the policy observes (null before its first action). */
  policy?: Record<string, PolicyActorState | null>;
}

/** A growable Float64 column. */
class Column {
  buf: Float64Array;
  n = 0;
  constructor(init: ArrayLike<number> = [], cap = 64) { this.buf = new Float64Array(Math.max(cap, init.length * 2, 16)); this.buf.set(init); this.n = init.length; }
  push(x: number): void {
    if (this.n === this.buf.length) { const b = new Float64Array(this.buf.length * 2); b.set(this.buf); this.buf = b; }
    this.buf[this.n++] = x;
  }
  view(from = 0): Float64Array { return this.buf.subarray(from, this.n); }
  pushAll(a: ArrayLike<number>): void { for (let k = 0; k < a.length; k++) this.push(a[k]); }
}

/** A growable book series (BookSnapshots layout: `depth` values per row and side). */
class BookBuffer {
  readonly ts: Column; readonly bidPx: Column; readonly bidQty: Column; readonly askPx: Column; readonly askQty: Column;
  constructor(readonly symbol: string, readonly depth: number, init?: { ts: ArrayLike<number>; bidPx: ArrayLike<number>; bidQty: ArrayLike<number>; askPx: ArrayLike<number>; askQty: ArrayLike<number> }) {
    this.ts = new Column(init?.ts); this.bidPx = new Column(init?.bidPx); this.bidQty = new Column(init?.bidQty); this.askPx = new Column(init?.askPx); this.askQty = new Column(init?.askQty);
  }
  get n(): number { return this.ts.n; }
  truncate(n: number): void { this.ts.n = n; for (const c of [this.bidPx, this.bidQty, this.askPx, this.askQty]) c.n = n * this.depth; }
  view(): BookSnapshots { return { symbol: this.symbol, depth: this.depth, ts: this.ts.view(), bidPx: this.bidPx.view(), bidQty: this.bidQty.view(), askPx: this.askPx.view(), askQty: this.askQty.view() }; }
  toState(): PaperBookState {
    const arr = (c: Column) => Array.from(c.view());
    return { depth: this.depth, ts: arr(this.ts), bidPx: arr(this.bidPx), bidQty: arr(this.bidQty), askPx: arr(this.askPx), askQty: arr(this.askQty) };
  }
}

interface SymbolBuffers {
  ts: Column; open: Column; high: Column; low: Column; close: Column; volume: Column; side: Column; size: Column; score: Column;
  bets: { runSum: number; runCount: number; pending: Map<number, number> };
  /** spread_pct at each session bar (the engine's half spread), when the run's features have it. */
  spread: Column;
  snap: BookBuffer | null;
  ev: BookBuffer | null;
}

/** An Rng whose draws are counted, so a restored session continues the same stream. */
function countedRng(rng: Rng, counter: { n: number }): Rng {
  const next = () => { counter.n++; return rng.next(); };
  return {
    next, uniform: (lo, hi) => lo + (hi - lo) * next(), int: (k) => Math.floor(next() * k),
    normal: () => { throw new Error('the bar engine draws no normals'); }, fork: (label) => rng.fork(label),
  };
}

export class PaperSession {
  readonly frozen: FrozenRunArtifact;
  readonly symbols: string[];
  readonly intervalMs: number;
  private readonly model: FittedModel | null;
  /** A policy artifact: one actor per symbol (the trading environment's observation and account). */
  private readonly actors: Record<string, PolicyActor> | null;
  private readonly opts: PaperSessionOptions;
  private readonly buf: Record<string, SymbolBuffers>;
  private warmup: number;
  private engine: BarEngine | null = null;
  private readonly draws = { fills: 0, latency: 0 };
  private readonly fillRng: Rng;
  private readonly latencyRng: Rng;
  private readonly btConfig: BacktestConfig;
  private readonly btOpts: BacktestOptions;
  private gaps = 0;
  private busy = false;
  private readonly needs: { snapshots: boolean; events: boolean };

  private constructor(opts: PaperSessionOptions, state: PaperSessionState | null) {
    const f = opts.frozen, c = f.config;
    this.frozen = f; this.opts = opts;
    this.symbols = [...f.symbols];
    if (isPolicyArtifact(f)) {
      this.model = null;
      const pol = opts.model as Record<string, RestoredPolicy>, obsSize = f.featureNames.length * f.observationWindow + 2;
      this.actors = {};
      for (const s of this.symbols) {
        const p = Object.hasOwn(pol, s) ? pol[s] : undefined;
        if (!p || typeof p.act !== 'function') throw new UserInputError(`policies.${s}`, `the restored policy of every symbol of the run (${this.symbols.join(', ')})`, 'missing');
        if (p.obsSize !== obsSize) throw new UserInputError(`policies.${s}`, `a policy of ${obsSize} inputs (${f.featureNames.length} features × window ${f.observationWindow} + position + unrealised PnL)`, p.obsSize);
        this.actors[s] = new PolicyActor({ policy: p, normaliser: normaliserFromJSON(f.normalisers[s], `frozen.normalisers.${s}`), window: f.observationWindow, execution: c.execution, positionPct: c.risk.max_position_pct }, state?.policy?.[s] ?? null);
      }
    } else {
      if (typeof (opts.model as FittedModel)?.predict !== 'function') throw new UserInputError('model', 'the artifact\'s model restored (frozenModel)', 'missing');
      this.model = opts.model as FittedModel; this.actors = null;
    }
    this.intervalMs = BAR_INTERVAL_MS[f.interval];
    this.btConfig = { execution: c.execution, risk: c.risk };
    this.btOpts = { seed: c.seed, periodsPerYear: c.evaluation.periods_per_year ?? periodsPerYearFromInterval(this.intervalMs) };
    const root = createRng(c.seed);
    const fills = root.fork('fills'), latency = root.fork('latency');
    const draws = this.draws;
    this.fillRng = countedRng(fills, { get n() { return draws.fills; }, set n(v) { draws.fills = v; } });
    this.latencyRng = countedRng(latency, { get n() { return draws.latency; }, set n(v) { draws.latency = v; } });
    this.buf = {};
    this.needs = bookNeeds(f);
    if (state) {
      this.warmup = state.warmup;
      this.gaps = state.gaps;
      for (const s of this.symbols) {
        const b = state.bars[s], g = state.signals[s], bt = state.bets[s];
        this.buf[s] = {
          ts: new Column(b.ts), open: new Column(b.open), high: new Column(b.high), low: new Column(b.low), close: new Column(b.close), volume: new Column(b.volume),
          side: new Column(g.side), size: new Column(g.size), score: new Column(g.score),
          bets: { runSum: bt.runSum, runCount: bt.runCount, pending: new Map(bt.pending) },
          spread: new Column(g.spread ?? []), snap: null, ev: null,
        };
        const bk = state.book?.[s];
        if (this.needs.snapshots) {
          if (!bk?.snapshots) throw new UserInputError(`state.book.${s}.snapshots`, 'the book snapshots of a run whose features read the book', 'missing');
          this.buf[s].snap = new BookBuffer(s, bk.snapshots.depth, bk.snapshots);
        }
        if (this.needs.events) {
          if (!bk?.events) throw new UserInputError(`state.book.${s}.events`, 'the book events of a run whose features read them', 'missing');
          this.buf[s].ev = new BookBuffer(s, bk.events.depth, bk.events);
        }
      }
      for (let k = 0; k < state.rngDraws.fills; k++) fills.next();
      for (let k = 0; k < state.rngDraws.latency; k++) latency.next();
      draws.fills = state.rngDraws.fills; draws.latency = state.rngDraws.latency;
      if (state.engine) {
        this.engine = new BarEngine(this.engineInput(), this.btConfig, this.fillRng, this.latencyRng);
        this.engine.restore(state.engine);
      }
    } else {
      const h = opts.history;
      const T = h[this.symbols[0]]?.ts.length ?? 0;
      for (const s of this.symbols) {
        if (!Object.hasOwn(h, s)) throw new UserInputError(`history.${s}`, `warm-up bars for every symbol of the run (${this.symbols.join(', ')})`, Object.keys(h).join(', '));
        const b = h[s];
        if (b.ts.length !== T) throw new UserInputError(`history.${s}`, `${T} bars like ${this.symbols[0]} (align the symbols first)`, b.ts.length);
        this.buf[s] = {
          ts: new Column(b.ts), open: new Column(b.open), high: new Column(b.high), low: new Column(b.low), close: new Column(b.close), volume: new Column(b.volume),
          side: new Column(), size: new Column(), score: new Column(), bets: { runSum: 0, runCount: 0, pending: new Map() },
          spread: new Column(), snap: null, ev: null,
        };
        if (this.needs.snapshots) {
          const sn = opts.snapshots?.[s];
          if (!sn) throw new UserInputError(`snapshots.${s}`, 'the L2 book at each warm-up bar\'s close (the run\'s features read it)', 'missing');
          if (sn.ts.length !== T) throw new UserInputError(`snapshots.${s}`, `one book row per warm-up bar (${T})`, sn.ts.length);
          this.buf[s].snap = new BookBuffer(s, sn.depth, sn);
        }
        if (this.needs.events) {
          const ev = opts.events?.[s];
          if (!ev) throw new UserInputError(`events.${s}`, 'the book updates before the first session bar (the run\'s ofi / mlofi features read them)', 'missing');
          this.buf[s].ev = new BookBuffer(s, ev.depth, ev);
        }
      }
      this.warmup = T;
    }
  }

  /** A new session over `history` (warm-up bars). */
  static create(opts: PaperSessionOptions): PaperSession {
    paperDataCheck(opts.frozen, opts);
    const f = opts.frozen;
    if (isPolicyArtifact(f)) {
      const n = opts.history?.[f.symbols[0]]?.ts.length ?? 0;
      if (n < f.observationWindow) throw new UserInputError('history', `at least ${f.observationWindow} warm-up bars (the policy observes the last ${f.observationWindow} feature rows)`, n);
    }
    return new PaperSession(opts, null);
  }

  /** A session continued from state() (same artifact; the history in the state replaces opts.history). */
  static resume(opts: PaperSessionOptions, state: PaperSessionState): PaperSession {
    if (state.format !== PAPER_STATE_FORMAT) throw new UserInputError('state.format', PAPER_STATE_FORMAT, state.format);
    if (state.configHash !== opts.frozen.configHash) throw new UserInputError('state.configHash', `the frozen artifact's ${opts.frozen.configHash.slice(0, 12)}`, state.configHash.slice(0, 12));
    return new PaperSession(opts, state);
  }

  /** Session bars fed so far. */
  get bars(): number { return this.buf[this.symbols[0]].ts.n - this.warmup; }

  /** Open time of the last bar known (warm-up included), or null. */
  get lastTs(): number | null { const c = this.buf[this.symbols[0]].ts; return c.n ? c.buf[c.n - 1] : null; }

  /**
   * onBars(bars) – one closed bar per symbol, all at the same open time, after the last one. A bar that
   * does not fit (a missing or extra symbol, a time not after the last or off the interval grid, a
   * non-positive price) is refused with a UserInputError before anything changes. A run whose features
   * read the L2 book also needs `book`: per symbol the bar's close snapshot and/or every book update since
   * the previous bar (time-ordered, before this bar's close), exactly as its data stage matched them to bars.
   */
  async onBars(bars: Record<string, PaperBar>, book?: Record<string, PaperBook>): Promise<PaperStep> {
    if (this.busy) throw new Error('onBars: the previous bar is still being processed (await it)');
    const ts = this.validate(bars);
    this.validateBook(book, ts);
    this.busy = true;
    // what a failure before the engine step must restore (a feature or model error leaves the session as it was)
    const undo = this.symbols.map((s) => { const u = this.buf[s]; return { n: u.ts.n, sig: u.side.n, snap: u.snap?.n ?? 0, ev: u.ev?.n ?? 0, bets: { runSum: u.bets.runSum, runCount: u.bets.runCount, pending: new Map(u.bets.pending) }, actor: this.actors?.[s].state() ?? null }; });
    const gapsBefore = this.gaps;
    try {
      const last = this.lastTs;
      const gapBars = last === null ? 0 : Math.round((ts - last) / this.intervalMs) - 1;
      if (gapBars > 0) this.gaps++;
      for (const s of this.symbols) {
        const b = bars[s], u = this.buf[s];
        u.ts.push(b.ts); u.open.push(b.open); u.high.push(b.high); u.low.push(b.low); u.close.push(b.close); u.volume.push(b.volume);
        const k = book?.[s];
        if (u.snap && k?.snapshot) {
          const x = k.snapshot;
          u.snap.ts.push(x.ts); u.snap.bidPx.pushAll(x.bidPx); u.snap.bidQty.pushAll(x.bidQty); u.snap.askPx.pushAll(x.askPx); u.snap.askQty.pushAll(x.askQty);
        }
        if (u.ev && k?.events) {
          const x = k.events;
          u.ev.ts.pushAll(x.ts); u.ev.bidPx.pushAll(x.bidPx); u.ev.bidQty.pushAll(x.bidQty); u.ev.askPx.pushAll(x.askPx); u.ev.askQty.pushAll(x.askQty);
        }
      }
      const signals: PaperStep['signals'] = {};
      try {
        for (const s of this.symbols) signals[s] = await this.signalAt(s);
      } catch (e) {
        this.symbols.forEach((s, k) => {
          const u = this.buf[s], r = undo[k];
          for (const c of [u.ts, u.open, u.high, u.low, u.close, u.volume]) c.n = r.n;
          for (const c of [u.side, u.size, u.score, u.spread]) c.n = Math.min(c.n, r.sig);
          u.snap?.truncate(r.snap); u.ev?.truncate(r.ev);
          u.bets = r.bets;
          if (this.actors) this.actors[s] = this.actors[s].restored(r.actor);
        });
        this.gaps = gapsBefore;
        throw e;
      }
      const i = this.bars - 1;
      const inp = this.engineInput();
      if (!this.engine) this.engine = new BarEngine(inp, this.btConfig, this.fillRng, this.latencyRng);
      else this.engine.rebind(inp);
      const before = this.engine.fills.length;
      this.engine.step(i, true);
      const e = this.engine;
      return {
        ts, index: i, gapBars, signals, fills: e.fills.slice(before), equity: e.equity[i], cash: e.cashOut[i],
        positions: Object.fromEntries(this.symbols.map((s, a) => [s, e.positions[a][i]])), halted: e.haltedNow(),
      };
    } finally {
      this.busy = false;
    }
  }

  private validate(bars: Record<string, PaperBar>): number {
    if (bars === null || typeof bars !== 'object') throw new UserInputError('bars', `one bar per symbol (${this.symbols.join(', ')})`, bars);
    for (const k of Object.keys(bars)) if (!this.symbols.includes(k)) throw new UserInputError('bars', `only the run's symbols (${this.symbols.join(', ')})`, k);
    let ts = Number.NaN;
    for (const s of this.symbols) {
      if (!Object.hasOwn(bars, s)) throw new UserInputError(`bars.${s}`, 'a closed bar for every symbol of the run', 'missing');
      const b = bars[s];
      if (b === null || typeof b !== 'object') throw new UserInputError(`bars.${s}`, 'a bar {ts, open, high, low, close, volume}', b);
      if (!Number.isFinite(b.ts)) throw new UserInputError(`bars.${s}.ts`, 'a finite open time in epoch ms', b.ts);
      if (Number.isNaN(ts)) ts = b.ts;
      else if (b.ts !== ts) throw new UserInputError(`bars.${s}.ts`, `the same open time as ${this.symbols[0]} (${ts})`, b.ts);
      for (const k of ['open', 'high', 'low', 'close'] as const) if (!(b[k] > 0) || !Number.isFinite(b[k])) throw new UserInputError(`bars.${s}.${k}`, 'a positive finite price', b[k]);
      if (!(b.volume >= 0) || !Number.isFinite(b.volume)) throw new UserInputError(`bars.${s}.volume`, 'a finite volume ≥ 0', b.volume);
    }
    const last = this.lastTs;
    if (last !== null) {
      if (!(ts > last)) throw new UserInputError('bars.ts', `a bar after the last one (${new Date(last).toISOString()})`, new Date(ts).toISOString());
      if ((ts - last) % this.intervalMs !== 0) throw new UserInputError('bars.ts', `an open time on the ${this.frozen.interval} grid of the run`, new Date(ts).toISOString());
    }
    return ts;
  }

  /** The book of a bar at open time ts: what the run's features read, with the widths and order they need. */
  private validateBook(book: Record<string, PaperBook> | undefined, ts: number): void {
    if (!this.needs.snapshots && !this.needs.events) return;
    if (book === null || typeof book !== 'object') throw new UserInputError('book', `the L2 book of every symbol (${this.symbols.join(', ')}) with each bar: the run's features read it`, book);
    for (const k of Object.keys(book)) if (!this.symbols.includes(k)) throw new UserInputError('book', `only the run's symbols (${this.symbols.join(', ')})`, k);
    const close = ts + this.intervalMs;
    for (const s of this.symbols) {
      const k = Object.hasOwn(book, s) ? book[s] : undefined, u = this.buf[s];
      if (k === null || typeof k !== 'object') throw new UserInputError(`book.${s}`, 'the book of the bar ({snapshot, events})', 'missing');
      const width = (a: unknown, n: number, field: string) => {
        if (a === null || typeof a !== 'object' || typeof (a as ArrayLike<number>).length !== 'number' || (a as ArrayLike<number>).length !== n) {
          throw new UserInputError(field, `${n} numbers`, a === null || typeof a !== 'object' ? a : (a as ArrayLike<number>).length);
        }
      };
      if (u.snap) {
        const x = k.snapshot, d = u.snap.depth;
        if (x === null || typeof x !== 'object') throw new UserInputError(`book.${s}.snapshot`, 'the book at the bar\'s close (spread_pct / depth_imbalance read it)', 'missing');
        if (typeof x.ts !== 'number') throw new UserInputError(`book.${s}.snapshot.ts`, 'a time in epoch ms', x.ts);
        for (const f of ['bidPx', 'bidQty', 'askPx', 'askQty'] as const) width(x[f], d, `book.${s}.snapshot.${f}`);
      }
      if (u.ev) {
        const x = k.events, d = u.ev.depth;
        if (x === null || typeof x !== 'object') throw new UserInputError(`book.${s}.events`, 'the book updates since the previous bar (ofi / mlofi read them; an empty series when there were none)', 'missing');
        if (x.depth !== d) throw new UserInputError(`book.${s}.events.depth`, `${d} levels like the session's book events`, x.depth);
        const n = x.ts?.length;
        if (typeof n !== 'number') throw new UserInputError(`book.${s}.events.ts`, 'update times in epoch ms', x.ts);
        for (const f of ['bidPx', 'bidQty', 'askPx', 'askQty'] as const) width(x[f], n * d, `book.${s}.events.${f}`);
        let prev = u.ev.n ? u.ev.ts.buf[u.ev.n - 1] : -Infinity;
        for (let r = 0; r < n; r++) {
          const t = x.ts[r];
          if (!(t >= prev)) throw new UserInputError(`book.${s}.events.ts[${r}]`, `update times in order, not before ${new Date(prev).toISOString()}`, Number.isFinite(t) ? new Date(t).toISOString() : t);
          if (!(t < close)) throw new UserInputError(`book.${s}.events.ts[${r}]`, `an update before the bar's close (${new Date(close).toISOString()})`, Number.isFinite(t) ? new Date(t).toISOString() : t);
          prev = t;
        }
      }
    }
  }

  /** The engine input over the session bars and their signals (rebuilt through runBacktest's own preparation). */
  private engineInput() {
    const from = this.warmup;
    const input: BacktestInput = {
      bars: Object.fromEntries(this.symbols.map((s) => {
        const u = this.buf[s];
        return [s, { symbol: s, intervalMs: this.intervalMs, ts: u.ts.view(from), open: u.open.view(from), high: u.high.view(from), low: u.low.view(from), close: u.close.view(from), volume: u.volume.view(from) }];
      })),
      signals: Object.fromEntries(this.symbols.map((s) => [s, { side: Int8Array.from(this.buf[s].side.view()), size: this.buf[s].size.view() }])),
      // the run's engine charges half the spread_pct feature (runExperiment's btCtx.spread)
      ...(this.hasSpread ? { spread: Object.fromEntries(this.symbols.map((s) => [s, this.buf[s].spread.view()])) } : {}),
      ...(this.frozen.config.execution.funding && this.opts.funding ? { funding: this.opts.funding } : {}),
    };
    return barEngineInput(input, this.btConfig, this.btOpts).engineInput;
  }

  private get hasSpread(): boolean { return this.frozen.featureNames.includes('spread_pct'); }

  /** History of symbol s (warm-up + session) as a BarSeries. */
  private series(s: string): BarSeries {
    const u = this.buf[s];
    return { symbol: s, intervalMs: this.intervalMs, ts: u.ts.view(), open: u.open.view(), high: u.high.view(), low: u.low.view(), close: u.close.view(), volume: u.volume.view() };
  }

  /** Steps 1–3 of the file comment for symbol s at the last bar. */
  private async signalAt(s: string): Promise<{ score: number; side: number; size: number }> {
    const c = this.frozen.config, u = this.buf[s];
    const bars = this.series(s), t = bars.ts.length - 1, i = t - this.warmup;
    const maxGapMs = c.data.max_gap_bars * this.intervalMs;
    const fm = computeFeatures({ bars, ...(u.snap ? { snapshots: u.snap.view() } : {}), ...(u.ev ? { events: u.ev.view() } : {}), funding: this.opts.funding?.[s], openInterest: this.opts.openInterest?.[s], sentiment: this.opts.sentiment }, c.features, { maxGapMs });
    if (fm.names.join() !== this.frozen.featureNames.join()) throw new Error(`paper: features [${fm.names.join(', ')}] differ from the artifact's [${this.frozen.featureNames.join(', ')}]`);
    const p = fm.names.length;
    const row = new Float64Array(p);
    let finite = true;
    for (let j = 0; j < p; j++) { row[j] = fm.columns[j][t]; if (!Number.isFinite(row[j])) finite = false; }
    const spreadAt = this.hasSpread ? fm.columns[fm.names.indexOf('spread_pct')][t] : Number.NaN;
    if (this.actors) {
      // the policy's action on the trading environment's observation at t (rl/policyActor.ts), as the trainer sized it
      const sp = this.hasSpread ? fm.columns[fm.names.indexOf('spread_pct')] : null;
      const fund = this.opts.funding?.[s];
      const fr = c.execution.funding && fund ? fundingRatesAtBars(bars.ts, this.intervalMs, fund) : null;
      const side = this.actors[s].act(bars, fm, sp, fr) - 1, size = side !== 0 ? c.risk.max_position_pct : 0;
      u.side.push(side); u.size.push(size); u.score.push(Number.NaN);
      if (this.hasSpread) u.spread.push(spreadAt);
      return { score: Number.NaN, side, size };
    }
    const frozen = this.frozen as FrozenArtifact, model = this.model!;
    const ev = c.labels.events;
    const isEvent = ev.kind === 'all' || (t > 0 && (() => { const e = cusumEvents(bars.close, ev.threshold); return e.length > 0 && e[e.length - 1] === t; })());
    let score = Number.NaN, side = 0, pSide = Number.NaN;
    if (finite && isEvent) {
      const one: SampleSet = { n: 1, p, names: fm.names, X: row, y: new Float64Array(1), ret: new Float64Array(1), t0: Float64Array.of(bars.ts[t]), t1: Float64Array.of(bars.ts[t]), symbol: Int32Array.of(0), t0Idx: Int32Array.of(t), t1Idx: Int32Array.of(t), symbols: [s], rowsDropped: 0 };
      const data = { X: row, p, windows: featureWindows(one, [fm], { [s]: bars }, maxGapMs) };
      const prob = (await model.predict(data, Int32Array.of(0)))[0];
      const cal = frozen.calibration;
      score = cal ? applyPlatt(cal, logitScores(Float64Array.of(prob)))[0] : prob;
      const meta = c.models.meta.enabled;
      const primary = meta && c.models.meta.primary === 'ma_rule' ? movingAverageSide(bars.close, c.models.meta.ma_window)[t] : 0;
      const d = decisions({ score: Float64Array.of(score), primarySide: Int8Array.of(primary) }, frozen.threshold, meta);
      side = d.side[0]; pSide = d.pSide[0];
    }
    // sizing (pipeline/sizing.ts), one bar at a time
    let outSide = 0, outSize = 0;
    const sz = c.risk.sizing;
    if (sz.kind === 'kelly') {
      const f = frozen.kellySize ?? 0;
      if (side !== 0 && f > 0) { outSide = side; outSize = f; }
    } else {
      // averageActiveBets, incrementally: sum[i] = (0 − bet ending at i) + bet starting at i, in that order
      const bt = u.bets;
      let d = 0, dc = 0;
      const ending = bt.pending.get(i);
      if (ending !== undefined) { d -= ending; dc--; bt.pending.delete(i); }
      if (side !== 0) {
        const x = side * betSizeFromProbability(pSide);
        if (!Number.isFinite(x)) throw new Error(`paper: bet size of p = ${pSide} is not finite`);
        d += x; dc++;
        bt.pending.set(i + c.evaluation.horizon, x);
      }
      bt.runSum += d; bt.runCount += dc;
      const avg = bt.runCount > 0 ? bt.runSum / bt.runCount : 0;
      if (bt.runCount === 0) bt.runSum = 0;
      const q = discreteBetSize(avg, sz.step);
      if (q > 0) { outSide = 1; outSize = q * c.risk.max_position_pct; } else if (q < 0) { outSide = -1; outSize = -q * c.risk.max_position_pct; }
    }
    u.side.push(outSide); u.size.push(outSize); u.score.push(score);
    if (this.hasSpread) u.spread.push(spreadAt);
    return { score, side: outSide, size: outSize };
  }

  /** Orders, fills, trades and halts so far (copies). */
  ledger(): { orders: BacktestOrder[]; fills: BacktestFill[]; trades: BacktestTrade[]; halts: HaltEvent[] } {
    const e = this.engine;
    if (!e) return { orders: [], fills: [], trades: [], halts: [] };
    return { orders: e.orders.map((o) => ({ ...o })), fills: e.fills.map((f) => ({ ...f })), trades: e.trades.map((t) => ({ ...t })), halts: e.halts.map((h) => ({ ...h })) };
  }

  /** Equity and cash per session bar. */
  equityCurve(): { ts: Float64Array; equity: Float64Array; cash: Float64Array } {
    const n = this.bars, e = this.engine;
    return { ts: this.buf[this.symbols[0]].ts.view(this.warmup).slice(), equity: e ? e.equity.slice(0, n) : new Float64Array(0), cash: e ? e.cashOut.slice(0, n) : new Float64Array(0) };
  }

  /** Transaction-cost analysis of the fills so far (the backtest's TCA). */
  tca(): TcaReport {
    const l = this.ledger(), ex = this.frozen.config.execution;
    return transactionCostAnalysis(l.orders, l.fills, l.trades, { smallMaxNotional: ex.slippage_curve.small_max_notional, largeMinNotional: ex.slippage_curve.large_min_notional });
  }

  summary(): PaperSummary {
    const e = this.engine, cash0 = this.frozen.config.execution.initial_cash, n = this.bars;
    const { equity } = this.equityCurve();
    let peak = cash0, mdd = 0;
    for (let k = 0; k < equity.length; k++) { if (equity[k] > peak) peak = equity[k]; const dd = 1 - equity[k] / peak; if (dd > mdd) mdd = dd; }
    const eq = n ? equity[n - 1] : cash0;
    const tot = e ? e.totals() : { fees: 0, slippage: 0, funding: 0 };
    const ts = this.buf[this.symbols[0]].ts.view(this.warmup);
    return {
      runId: this.frozen.runId, configHash: this.frozen.configHash, bars: n, firstTs: n ? ts[0] : null, lastTs: n ? ts[n - 1] : null,
      initialCash: cash0, equity: eq, totalReturn: eq / cash0 - 1, maxDrawdown: mdd,
      fills: e?.fills.length ?? 0, orders: e?.orders.length ?? 0, trades: e?.trades.length ?? 0, fees: tot.fees, slippage: tot.slippage, funding: tot.funding,
      halts: e ? e.halts.map((h) => ({ ...h })) : [], positions: Object.fromEntries(this.symbols.map((s, a) => [s, e && n ? e.positions[a][n - 1] : 0])), gaps: this.gaps,
    };
  }

  /** The state to persist; PaperSession.resume(opts, state) continues exactly here. */
  state(): PaperSessionState {
    const arr = (c: Column) => Array.from(c.view());
    return {
      format: PAPER_STATE_FORMAT, runId: this.frozen.runId, configHash: this.frozen.configHash, symbols: [...this.symbols], warmup: this.warmup,
      bars: Object.fromEntries(this.symbols.map((s) => { const u = this.buf[s]; return [s, { ts: arr(u.ts), open: arr(u.open), high: arr(u.high), low: arr(u.low), close: arr(u.close), volume: arr(u.volume) }]; })),
      signals: Object.fromEntries(this.symbols.map((s) => { const u = this.buf[s]; return [s, { side: arr(u.side), size: arr(u.size), score: arr(u.score), ...(this.hasSpread ? { spread: arr(u.spread) } : {}) }]; })),
      ...(this.needs.snapshots || this.needs.events ? {
        book: Object.fromEntries(this.symbols.map((s) => { const u = this.buf[s]; return [s, { ...(u.snap ? { snapshots: u.snap.toState() } : {}), ...(u.ev ? { events: u.ev.toState() } : {}) }]; })),
      } : {}),
      bets: Object.fromEntries(this.symbols.map((s) => { const b = this.buf[s].bets; return [s, { runSum: b.runSum, runCount: b.runCount, pending: [...b.pending.entries()] }]; })),
      gaps: this.gaps, engine: this.engine ? this.engine.state() : null, rngDraws: { ...this.draws },
      ...(this.actors ? { policy: Object.fromEntries(this.symbols.map((s) => [s, this.actors![s].state()])) } : {}),
    };
  }
}

/**
 * paperFeatureCheck(frozen, feed) – before any data is loaded: a UserInputError when the run's features
 * read the L2 book (spread_pct, depth_imbalance, ofi, mlofi_m) and the feed does not deliver it (a live
 * feed without order-book support), naming the features.
 */
export function paperFeatureCheck(frozen: FrozenRunArtifact, feed: { book: boolean } = { book: false }): void {
  const need = bookNeeds(frozen);
  if ((need.snapshots || need.events) && !feed.book) {
    const names = frozen.featureNames.filter((n) => /^(spread_pct|depth_imbalance|ofi|mlofi_\d+)$/.test(n));
    throw new UserInputError('run features', 'a feed that delivers the L2 book for them (a replay of the run\'s data or capture, or a live feed with order books: --ws on an exchange with watchOrderBook), or a run with features.microstructure.enabled false', names.join(', '));
  }
}

/**
 * paperDataCheck(frozen, provided) – the run's feature tiers against the series the session is given
 * (book snapshots and events, funding, open interest, sentiment): a missing one is a UserInputError
 * naming it, before the first bar (never a failure in the middle of a session).
 */
export function paperDataCheck(frozen: FrozenRunArtifact, provided: Pick<PaperSessionOptions, 'funding' | 'openInterest' | 'sentiment' | 'snapshots' | 'events'>): void {
  const c = frozen.config;
  const available: AvailableData = {
    source: 'store', sentiment: provided.sentiment !== undefined,
    series: Object.fromEntries(frozen.symbols.map((s) => [s, {
      funding: provided.funding?.[s] !== undefined, book: provided.snapshots?.[s] !== undefined, bookEvents: provided.events?.[s] !== undefined, openInterest: provided.openInterest?.[s] !== undefined,
    }])),
  };
  const issues = dataRequirementIssues({ ...c, hpo: { ...c.hpo, ablation: { ...c.hpo.ablation, enabled: false } } }, available);
  if (issues.length) throw new UserInputError(`run features (${issues[0].field})`, 'series a paper session is fed', issues[0].message);
}

/** paperStateBook(state) – the book a session has been fed (warm-up included), for re-running its period as a backtest. */
export function paperStateBook(state: PaperSessionState): { snapshots?: Record<string, BookSnapshots>; events?: Record<string, BookEvents> } {
  if (!state.book) return {};
  const of = (s: string, b: PaperBookState): BookSnapshots => ({ symbol: s, depth: b.depth, ts: Float64Array.from(b.ts), bidPx: Float64Array.from(b.bidPx), bidQty: Float64Array.from(b.bidQty), askPx: Float64Array.from(b.askPx), askQty: Float64Array.from(b.askQty) });
  const out: { snapshots?: Record<string, BookSnapshots>; events?: Record<string, BookEvents> } = {};
  for (const s of state.symbols) {
    const b = state.book[s];
    if (b?.snapshots) (out.snapshots ??= {})[s] = of(s, b.snapshots);
    if (b?.events) (out.events ??= {})[s] = of(s, b.events);
  }
  return out;
}

/** encodePaperState(state) – JSON text; NaN and ±Infinity survive as {"$f": "NaN"}. */
export function encodePaperState(state: PaperSessionState): string {
  return JSON.stringify(state, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $f: String(v) } : v));
}

/** decodePaperState(text) – the inverse of encodePaperState; a text that is not a paper state is a UserInputError. */
export function decodePaperState(text: string): PaperSessionState {
  let v: unknown;
  try {
    v = JSON.parse(text, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && typeof (x as { $f?: unknown }).$f === 'string' ? Number((x as { $f: string }).$f) : x));
  } catch (e) {
    throw new UserInputError('paper state', 'JSON written by encodePaperState', e instanceof Error ? e.message : String(e));
  }
  const s = v as Partial<PaperSessionState> | null;
  if (!s || s.format !== PAPER_STATE_FORMAT || !Array.isArray(s.symbols) || !s.bars || !s.signals || !s.bets || !s.rngDraws) throw new UserInputError('paper state', `a ${PAPER_STATE_FORMAT} state`, s?.format ?? 'unknown');
  return s as PaperSessionState;
}
