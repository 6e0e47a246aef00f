/**
 * Paper sessions on the server: each session is core's PaperSession fed by io's replay or live feed in
 * this process (one closed bar at a time; a bar costs one feature pass over the session's history),
 * persisted in SQLite (io/paper's paper_sessions: status, encoded state, feed health) at most every
 * `persistEveryMs` and at every status change. A restarted server resumes the sessions that were running:
 * the feed starts after the last bar in the stored state, so bars that arrived after the last write are
 * fed again (back-filled), never lost or doubled. Commands on a session in the wrong status are
 * UserInputErrors that leave it untouched. No order ever leaves the process (see io/paper liveFeed).
 * Live sessions use io's openLiveSessionFeed, the CLI's `paper start --feed live --ws` path: klines on the
 * exchange's websocket (REST back-fills), each bar's L2 book for a book-feature run (the default config) and
 * every bar checked against the public trades of its interval; feed health carries the books' and trades'
 * health and the bar/trade agreement. After a restart the bars back-filled over REST have all-NaN book rows
 * (their books were not watched), as a new session's warm-up bars.
 */
import { randomBytes } from 'node:crypto';
import { UserInputError, isUserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { PaperSession, bookReplay, decodePaperState, driftReport, encodePaperState, frozenModel, frozenPolicies, isPolicyArtifact, paperFeatureCheck, paperStateBook, paperTotals, backtestTotals, periodBacktest } from '@skippy/core/paper';
import type { FrozenRunArtifact, PaperModel, PaperSummary, ModelRestorer } from '@skippy/core/paper';
import type { RestoredPolicy } from '@skippy/core/rl';
import type { BacktestFill, BacktestOrder, BacktestTrade, HaltEvent, TcaSummary } from '@skippy/core/backtest';
import { lttb } from '@skippy/core/reports';
import { runArtifactDir } from '@skippy/io/artifacts';
import { connectLiveFeed, liveBookCheck, liveWarmup, loadRunData, openLiveSessionFeed, readFrozenArtifact, replayFeed } from '@skippy/io/paper';
import type { BookSymbolHealth, FeedEvent, LiveSessionFeed, LiveSessionStep, PaperStore, PaperSessionRow, PaperStatus, RunReplayData, TradeCheckTotals, TradeSymbolHealth } from '@skippy/io/paper';

/** mlp / tcn checkpoints name their format; @skippy/ml (TensorFlow.js) is loaded only for them. */
const needsMl = (frozen: FrozenRunArtifact) => isPolicyArtifact(frozen) || typeof (frozen.model as { format?: unknown } | null)?.format === 'string';

/** Feed health as the Paper page shows it. */
export interface FeedHealth {
  /** Wall-clock time of the last bar or feed message (ms). */
  lastMessageAt: number | null;
  /** Wall clock minus the last bar's close (live); 0 on a replay. */
  lagMs: number | null;
  gaps: number;
  reconnects: number;
  errors: number;
  backfills: number;
  lastEvent: string | null;
  /** Replay at its end: paper vs the batch backtest of the same bars. */
  parity: { fillMismatches: number; flags: string[]; paperEquity: number; backtestEquity: number } | null;
  /** Live websocket: each symbol's order-book stream (book-feature runs), null otherwise. */
  books: BookSymbolHealth[] | null;
  /** Live websocket: each symbol's public trade stream, null otherwise. */
  trades: TradeSymbolHealth[] | null;
  /** Live websocket: closed bars checked against the trades of their interval (counts, the latest mismatches). */
  tradeChecks: TradeCheckTotals | null;
}

export interface PaperView {
  id: string;
  runId: string;
  feed: 'replay' | 'live';
  speed: number | 'max';
  status: PaperStatus;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  configHash: string;
  symbols: string[];
  interval: string;
  summary: PaperSummary;
  /** Equity per bar (≤ 1,000 points, LTTB) and the drawdown from the running peak at each point. */
  equity: { ts: number[]; equity: number[]; drawdown: number[] };
  orders: BacktestOrder[];
  fills: BacktestFill[];
  trades: BacktestTrade[];
  halts: HaltEvent[];
  /** The backtest's TCA aggregate over the session's orders so far (non-finite values as null). */
  tca: Record<keyof TcaSummary, number | null>;
  health: FeedHealth;
}

export type PaperListRow = Omit<PaperSessionRow, 'state' | 'health'> & { health: FeedHealth };

export type PaperEvent =
  | { kind: 'step'; id: string; ts: number; equity: number; fills: number; halted: boolean }
  | { kind: 'status'; id: string; status: PaperStatus; error: string | null }
  | { kind: 'feed'; id: string; event: FeedEvent };

export interface PaperManagerOptions {
  store: PaperStore;
  runsRoot: string;
  dataDir: string;
  /** @default Date.now */
  now?: () => number;
  /** @default 1000 */
  persistEveryMs?: number;
  /** Base URL of a Binance-compatible public API for live feeds (e.g. a local mock exchange); default the real exchange. */
  liveApiUrl?: string;
  liveExchange?: string;
  /** Live feeds: the wait between polls / retries (tests pass a short one). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Live feeds: wait after a bar's close before asking for it. @default 2000 */
  liveSettleMs?: number;
  /** Live feeds: klines, order books and trades on the exchange's websocket (REST back-fills). @default true */
  liveWebsocket?: boolean;
  /** Websocket base URL replacing the exchange's (e.g. a local mock exchange). */
  liveWsUrl?: string;
  /** Live feeds: websocket merger and stream re-check periods (real ms; tests pass short ones). @default 1000, 50 */
  livePollMs?: number;
  liveStreamPollMs?: number;
  /** Live feeds: first reconnect backoff (ms). @default 1000 */
  liveBackoffMs?: number;
}

interface Live {
  row: PaperSessionRow;
  frozen: FrozenRunArtifact;
  model: PaperModel;
  session: PaperSession;
  health: FeedHealth;
  abort: AbortController | null;
  loop: Promise<void> | null;
  lastPersist: number;
  /** The live session's feed while it runs (its streams' health is read at each view). */
  feed: LiveSessionFeed | null;
  /** Bar/trade checks of the session's earlier feeds (before a pause or a restart): the totals go on from them. */
  checksBefore: TradeCheckTotals | null;
}

/** The session's bar/trade check totals: its earlier feeds' and the current feed's. */
function addChecks(a: TradeCheckTotals | null, b: TradeCheckTotals | null): TradeCheckTotals | null {
  if (!a || !b) return b ?? a;
  return { checked: a.checked + b.checked, ok: a.ok + b.ok, mismatches: a.mismatches + b.mismatches, incomplete: a.incomplete + b.incomplete, recent: [...a.recent, ...b.recent].slice(-20), error: b.error };
}

const MAX_ROWS = 500;
const emptyHealth = (): FeedHealth => ({ lastMessageAt: null, lagMs: null, gaps: 0, reconnects: 0, errors: 0, backfills: 0, lastEvent: null, parity: null, books: null, trades: null, tradeChecks: null });

export class PaperManager {
  private readonly live = new Map<string, Live>();
  private readonly listeners = new Set<(e: PaperEvent) => void>();
  private readonly bars = new Map<string, Promise<RunReplayData>>();
  private readonly now: () => number;
  private mlRestorer: ModelRestorer | null = null;
  private policyRestorer: ((json: unknown, field: string) => RestoredPolicy) | null = null;

  constructor(private readonly opts: PaperManagerOptions) {
    this.now = opts.now ?? Date.now;
  }

  private frozenOf(runId: string): FrozenRunArtifact {
    let dir: string;
    try { dir = runArtifactDir(this.opts.runsRoot, runId); } catch { throw new UserInputError('runId', 'a run id of letters, digits, _ and -', runId); }
    return readFrozenArtifact(dir, `run ${runId}`);
  }

  private async loadMl(frozen: FrozenRunArtifact): Promise<void> {
    if (!needsMl(frozen) || this.mlRestorer) return;
    const ml = await import('@skippy/ml');
    this.mlRestorer = (json) => ((json as { format?: unknown } | null)?.format === ml.CHECKPOINT_FORMAT ? ml.modelFromJSON(json) : null);
    this.policyRestorer = ml.policyFromJSON;
  }

  private modelOf(frozen: FrozenRunArtifact): PaperModel {
    // a PPO run's artifact: its policies, restored by @skippy/ml's policyFromJSON (loadMl ran first)
    if (isPolicyArtifact(frozen)) return frozenPolicies(frozen, this.policyRestorer!);
    return frozenModel(frozen.model, this.mlRestorer ? [this.mlRestorer] : []);
  }

  private get websocket(): boolean { return this.opts.liveWebsocket ?? true; }

  /** The exchange for a live session (no credentials; see io/paper liveFeed). */
  private connect(frozen: FrozenRunArtifact) {
    return connectLiveFeed({
      exchange: this.opts.liveExchange ?? 'binance', ...(this.opts.liveApiUrl ? { apiUrl: this.opts.liveApiUrl } : {}), ...(this.opts.liveWsUrl ? { wsUrl: this.opts.liveWsUrl } : {}),
      websocket: this.websocket, symbols: frozen.symbols, interval: frozen.interval,
    });
  }

  private runData(frozen: FrozenRunArtifact): Promise<RunReplayData> {
    let p = this.bars.get(frozen.runId);
    if (!p) { p = loadRunData(frozen, this.opts.dataDir); this.bars.set(frozen.runId, p); p.catch(() => this.bars.delete(frozen.runId)); }
    return p;
  }

  /** The run's funding / open interest / sentiment and L2 book (a replay feeds them; a live session has none). */
  private async auxOf(l: { row: { feed: 'replay' | 'live' }; frozen: FrozenRunArtifact }): Promise<Omit<RunReplayData, 'bars'>> {
    if (l.row.feed !== 'replay') return {};
    const { bars: _b, ...aux } = await this.runData(l.frozen);
    return aux;
  }

  /** start({runId, feed, speed}) – a new session on the run's frozen artifact; refused (UserInputError) without one. */
  async start(input: { runId: string; feed: 'replay' | 'live'; speed: number }): Promise<PaperView> {
    const frozen = this.frozenOf(input.runId);
    // the run's data carries its L2 book; a live feed does on the websocket (watchOrderBook), not over REST polling
    paperFeatureCheck(frozen, { book: input.feed === 'replay' || this.websocket });
    await this.loadMl(frozen);
    const model = this.modelOf(frozen);
    let history: Record<string, BarSeries>;
    let aux: Omit<RunReplayData, 'bars'>;
    if (input.feed === 'replay') {
      const { bars: all, ...rest } = await this.runData(frozen);
      const from = frozen.window.startBar;
      history = Object.fromEntries(frozen.symbols.map((s) => { const b = all[s]; return [s, { ...b, ts: b.ts.slice(0, from), open: b.open.slice(0, from), high: b.high.slice(0, from), low: b.low.slice(0, from), close: b.close.slice(0, from), volume: b.volume.slice(0, from) }]; }));
      // the book's warm-up: snapshot rows of the warm-up bars, updates before the first session bar
      const book = bookReplay(frozen.symbols, { ...(rest.snapshots ? { snapshots: rest.snapshots } : {}), ...(rest.events ? { events: rest.events } : {}) }, all[frozen.symbols[0]].ts, BAR_INTERVAL_MS[frozen.interval], from);
      aux = { ...rest, ...book?.history };
    } else {
      // warm-up: the exchange's closed bars (book rows all-NaN: no live book existed then), as the CLI's live start
      const iv = BAR_INTERVAL_MS[frozen.interval];
      const { ex, markets } = await this.connect(frozen);
      try {
        liveBookCheck(frozen, ex, this.websocket);
        const warm = await liveWarmup(ex, markets, frozen, iv, Math.floor(this.now() / iv) * iv);
        history = warm.history;
        aux = { ...(warm.snapshots ? { snapshots: warm.snapshots } : {}), ...(warm.events ? { events: warm.events } : {}) };
      } finally {
        await ex.close?.();
      }
    }
    const session = PaperSession.create({ frozen, model, history, ...aux });
    const t = this.now();
    const row: PaperSessionRow = {
      id: `p${t.toString(36)}${randomBytes(3).toString('hex')}`, runId: input.runId, feed: input.feed, speed: input.speed === Infinity ? 0 : input.speed,
      status: 'running', createdAt: t, updatedAt: t, error: null, health: JSON.stringify(emptyHealth()), state: encodePaperState(session.state()),
    };
    this.opts.store.insert(row);
    const l: Live = { row, frozen, model, session, health: emptyHealth(), abort: null, loop: null, lastPersist: t, feed: null, checksBefore: null };
    this.live.set(row.id, l);
    this.run(l);
    return this.view(l);
  }

  /** resumeRunning() – after a restart: every session stored as running continues from its stored state. */
  async resumeRunning(): Promise<string[]> {
    const ids: string[] = [];
    for (const row of this.opts.store.running()) {
      try {
        const frozen = this.frozenOf(row.runId);
        await this.loadMl(frozen);
        const l = this.restore(row, await this.auxOf({ row, frozen }));
        this.run(l);
        ids.push(row.id);
      } catch (e) {
        this.opts.store.update(row.id, { status: 'failed', error: `resume: ${e instanceof Error ? e.message : String(e)}`, updatedAt: this.now() });
      }
    }
    return ids;
  }

  /** A stored session back in memory (kept when `keep`: it may be fed again, so it gets its run's series). */
  private restore(row: PaperSessionRow, aux: Omit<RunReplayData, 'bars'> = {}, keep = true): Live {
    const frozen = this.frozenOf(row.runId);
    const model = this.modelOf(frozen);
    const session = PaperSession.resume({ frozen, model, history: {}, ...aux }, decodePaperState(row.state));
    const l: Live = { row, frozen, model, session, health: { ...emptyHealth(), ...(JSON.parse(row.health) as Partial<FeedHealth>) }, abort: null, loop: null, lastPersist: this.now(), feed: null, checksBefore: null };
    if (keep) this.live.set(row.id, l);
    return l;
  }

  private async liveOf(id: string): Promise<Live> {
    const l = this.live.get(id);
    if (l) return l;
    const row = this.opts.store.get(id);
    if (!row) throw new UserInputError('id', 'a paper session id', id);
    const frozen = this.frozenOf(row.runId);
    await this.loadMl(frozen);
    return this.restore(row, await this.auxOf({ row, frozen }));
  }

  private persist(l: Live, force = false): void {
    const t = this.now();
    if (!force && t - l.lastPersist < (this.opts.persistEveryMs ?? 1000)) return;
    l.lastPersist = t;
    l.row.updatedAt = t;
    this.opts.store.update(l.row.id, { state: encodePaperState(l.session.state()), health: JSON.stringify(l.health), status: l.row.status, error: l.row.error, updatedAt: t });
  }

  private setStatus(l: Live, status: PaperStatus, error: string | null = null): void {
    l.row.status = status; l.row.error = error;
    this.persist(l, true);
    this.emit({ kind: 'status', id: l.row.id, status, error });
  }

  /** The live feed's streams into the session's health (books and trades of the current feed; checks summed over its feeds). */
  private streamsHealth(l: Live): Pick<FeedHealth, 'books' | 'trades' | 'tradeChecks'> {
    if (!l.feed) return { books: l.health.books, trades: l.health.trades, tradeChecks: l.health.tradeChecks };
    const f = l.feed.health();
    return { books: f.books, trades: f.trades, tradeChecks: addChecks(l.checksBefore, f.tradeChecks) };
  }

  private emit(e: PaperEvent): void { for (const f of this.listeners) f(e); }

  /** The feed loop of a running session (one at a time per session). */
  private run(l: Live): void {
    const abort = new AbortController();
    l.abort = abort;
    const iv = BAR_INTERVAL_MS[l.frozen.interval];
    const feedEvent = (e: FeedEvent) => {
      const h = l.health;
      h.lastMessageAt = this.now();
      if (e.kind === 'reconnect') h.reconnects++;
      if (e.kind === 'error') h.errors++;
      if (e.kind === 'gap') h.gaps++;
      if (e.kind === 'backfill') h.backfills++;
      if (l.feed) Object.assign(h, this.streamsHealth(l));
      if (e.kind !== 'poll') { h.lastEvent = `${e.kind} at ${new Date(e.at).toISOString()}`; this.emit({ kind: 'feed', id: l.row.id, event: e }); }
    };
    let closeExchange: (() => Promise<void>) | null = null;
    const body = async () => {
      const s = l.session;
      let feed: AsyncIterable<LiveSessionStep>;
      let all: Record<string, BarSeries> | null = null;
      const aux = await this.auxOf(l);
      if (l.row.feed === 'replay') {
        all = (await this.runData(l.frozen)).bars;
        const ts = all[l.frozen.symbols[0]].ts, last = s.lastTs;
        const from = last === null ? l.frozen.window.startBar : ts.findIndex((x) => x > last);
        let t = from < 0 ? ts.length : from;
        // the run's book beside its bars: each bar's close snapshot and the updates since the last bar fed
        const book = bookReplay(l.frozen.symbols, { ...(aux.snapshots ? { snapshots: aux.snapshots } : {}), ...(aux.events ? { events: aux.events } : {}) }, ts, iv, t, last === null ? undefined : last + iv);
        const bars = replayFeed(all, { from: t, speed: l.row.speed === 0 ? Infinity : l.row.speed, intervalMs: iv, signal: abort.signal });
        feed = (async function* () { for await (const b of bars) { const bk = book?.at(t++); yield { bars: b, ...(bk ? { book: bk } : {}) }; } })();
      } else {
        // a session resumed while the exchange is down waits for it (reconnect events), it does not fail
        let conn: Awaited<ReturnType<typeof connectLiveFeed>> | null = null;
        for (let attempt = 1; !conn && !abort.signal.aborted; attempt++) {
          try {
            conn = await this.connect(l.frozen);
          } catch (e) {
            if (!(isUserInputError(e) && /a reachable/.test(e.message))) throw e;
            feedEvent({ kind: 'reconnect', at: this.now(), attempt, message: e.message });
            await (this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(Math.min(30_000, 1000 * 2 ** (attempt - 1)));
          }
        }
        if (!conn) return;
        const { ex, markets } = conn;
        closeExchange = async () => { await ex.close?.().catch(() => {}); };
        try {
          // the CLI's live path (io openLiveSessionFeed): bars, the book of each bar, trade checks
          l.checksBefore = l.health.tradeChecks;
          l.feed = openLiveSessionFeed(ex, markets, l.frozen, {
            intervalMs: iv, since: (s.lastTs ?? Math.floor(this.now() / iv) * iv - iv) + iv, websocket: this.websocket, signal: abort.signal, onEvent: feedEvent,
            now: this.now, ...(this.opts.sleep ? { sleep: this.opts.sleep } : {}), ...(this.opts.liveSettleMs !== undefined ? { settleMs: this.opts.liveSettleMs } : {}),
            ...(this.opts.livePollMs !== undefined ? { pollMs: this.opts.livePollMs } : {}), ...(this.opts.liveStreamPollMs !== undefined ? { streamPollMs: this.opts.liveStreamPollMs } : {}),
            ...(this.opts.liveBackoffMs !== undefined ? { baseBackoffMs: this.opts.liveBackoffMs } : {}),
          });
        } catch (e) {
          await closeExchange();
          throw e;
        }
        feed = l.feed.stream;
      }
      for await (const { bars, book } of feed) {
        if (abort.signal.aborted) break;
        const step = await s.onBars(bars, book);
        l.health.lastMessageAt = this.now();
        l.health.lagMs = l.row.feed === 'live' ? this.now() - (step.ts + iv) : 0;
        if (l.feed) Object.assign(l.health, this.streamsHealth(l));
        this.emit({ kind: 'step', id: l.row.id, ts: step.ts, equity: step.equity, fills: step.fills.length, halted: step.halted });
        this.persist(l);
        if (l.row.feed === 'replay' && l.row.speed === 0) await new Promise<void>((r) => setImmediate(r)); // let requests through at max speed
      }
      if (!abort.signal.aborted && all) {
        // end of the replayed data: the same bars as one batch backtest, fill by fill
        const st = s.state(), s0 = l.frozen.symbols[0];
        const seen = Object.fromEntries(l.frozen.symbols.map((sym) => { const b = st.bars[sym]; return [sym, { symbol: sym, intervalMs: iv, ts: Float64Array.from(b.ts), open: Float64Array.from(b.open), high: Float64Array.from(b.high), low: Float64Array.from(b.low), close: Float64Array.from(b.close), volume: Float64Array.from(b.volume) }]; }));
        const bt = await periodBacktest(l.frozen, l.model, seen, st.warmup, seen[s0].ts.length, { ...aux, ...paperStateBook(st) });
        const d = driftReport({ fills: s.ledger().fills, totals: paperTotals(s.summary()) }, { fills: bt.fills, totals: backtestTotals(bt) });
        l.health.parity = { fillMismatches: d.fillMismatches, flags: d.flags, paperEquity: d.paper.equity, backtestEquity: d.backtest.equity };
        this.setStatus(l, 'done');
      }
    };
    l.loop = body().catch((e: unknown) => {
      if (abort.signal.aborted) return;
      this.setStatus(l, 'failed', e instanceof Error ? e.message : String(e));
    }).finally(async () => {
      if (l.feed) { Object.assign(l.health, this.streamsHealth(l)); l.feed.stop(); l.feed = null; }
      await closeExchange?.();
      if (l.abort === abort) { l.abort = null; this.persist(l, true); }
    });
  }

  private async halt(l: Live): Promise<void> {
    l.abort?.abort();
    await l.loop;
    l.loop = null;
  }

  async pause(id: string): Promise<PaperView> {
    const l = await this.liveOf(id);
    if (l.row.status !== 'running') throw new UserInputError('pause', 'a running session', `${id} is ${l.row.status}`);
    await this.halt(l);
    this.setStatus(l, 'paused');
    return this.view(l);
  }

  async resume(id: string): Promise<PaperView> {
    const l = await this.liveOf(id);
    if (l.row.status !== 'paused') throw new UserInputError('resume', 'a paused session', `${id} is ${l.row.status}`);
    this.setStatus(l, 'running');
    this.run(l);
    return this.view(l);
  }

  async stop(id: string): Promise<PaperView> {
    const l = await this.liveOf(id);
    if (l.row.status !== 'running' && l.row.status !== 'paused') throw new UserInputError('stop', 'a running or paused session', `${id} is ${l.row.status}`);
    await this.halt(l);
    this.setStatus(l, 'stopped');
    return this.view(l);
  }

  get(id: string): PaperView | null {
    const l = this.live.get(id);
    if (l) return this.view(l);
    const row = this.opts.store.get(id);
    if (!row) return null;
    try { return this.view(this.restore(row, {}, false)); } catch { return null; }
  }

  list(limit = 100): PaperListRow[] {
    return this.opts.store.list(limit).map((r) => {
      const l = this.live.get(r.id);
      return { ...r, ...(l ? { status: l.row.status, error: l.row.error, updatedAt: l.row.updatedAt } : {}), health: l ? l.health : { ...emptyHealth(), ...(JSON.parse(r.health) as Partial<FeedHealth>) } };
    });
  }

  /** Events of one session (or all) until the signal aborts. */
  async *subscribe(id: string | null, signal?: AbortSignal): AsyncGenerator<PaperEvent> {
    const queue: PaperEvent[] = [];
    let wake: (() => void) | null = null;
    const f = (e: PaperEvent) => { if (id === null || e.id === id) { queue.push(e); wake?.(); } };
    this.listeners.add(f);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        if (queue.length === 0) await new Promise<void>((r) => { wake = r; });
        wake = null;
        while (queue.length) yield queue.shift()!;
      }
    } finally {
      this.listeners.delete(f);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private view(l: Live): PaperView {
    const s = l.session, led = s.ledger(), curve = s.equityCurve(), summary = s.summary();
    const dd = new Float64Array(curve.equity.length);
    let peak = summary.initialCash;
    for (let k = 0; k < dd.length; k++) { peak = Math.max(peak, curve.equity[k]); dd[k] = 1 - curve.equity[k] / peak; }
    const pts = curve.ts.length > 1000 ? lttb(curve.ts, curve.equity, 1000) : { x: curve.ts, y: curve.equity };
    const ddAt = new Map<number, number>();
    for (let k = 0; k < curve.ts.length; k++) ddAt.set(curve.ts[k], dd[k]);
    const agg = s.tca().aggregate;
    const tail = <T>(a: T[]) => a.slice(Math.max(0, a.length - MAX_ROWS));
    return {
      id: l.row.id, runId: l.row.runId, feed: l.row.feed, speed: l.row.speed === 0 ? 'max' : l.row.speed, status: l.row.status, error: l.row.error,
      createdAt: l.row.createdAt, updatedAt: l.row.updatedAt, configHash: l.frozen.configHash, symbols: l.frozen.symbols, interval: l.frozen.interval, summary,
      equity: { ts: Array.from(pts.x), equity: Array.from(pts.y), drawdown: Array.from(pts.x, (t) => ddAt.get(t) ?? 0) },
      orders: tail(led.orders), fills: tail(led.fills), trades: tail(led.trades), halts: led.halts,
      tca: Object.fromEntries(Object.entries(agg).map(([k, v]) => [k, Number.isFinite(v) ? v : null])) as Record<keyof TcaSummary, number | null>,
      health: l.feed ? { ...l.health, ...this.streamsHealth(l) } : l.health,
    };
  }

  /** Stops every feed loop (state persisted; sessions stay `running` in the store, so a restart resumes them). */
  async shutdown(): Promise<void> {
    for (const l of this.live.values()) {
      if (!l.abort) continue;
      await this.halt(l);
      this.persist(l, true);
    }
  }
}
