/**
 * The bar-mode event loop (see README.md for every convention). Per bar i:
 *  1. a new UTC day resets the day's opening equity and lifts an expired halt/pause;
 *  2. open orders execute (next_open: at bar i's open + latency, priced FROM THE OPEN – nothing inside bar i
 *     is known yet; close mode: after step 5, at the close);
 *  3. funding settlements booked at bar i are paid on the position held at its close;
 *  4. positions are marked at close[i] → equity[i], cash[i], positions[a][i];
 *  5. risk checks (daily loss limit) and decisions on signal[i] create orders for bar i + 1;
 *  6. the halt counters and the participation cap's trailing volume sums advance.
 * A fill at bar i reads only open[i], and bar ≤ i−1 data (volume, spread, σ): changing bar i's close,
 * high, low or volume never changes a fill at bar i in next_open mode.
 * Typed arrays hold the per-bar state; only orders, fills, trades and halts are objects.
 */
import type { Rng } from '../util/rng.ts';
import { slippageRate } from '../execution/slippage.ts';
import { fillFee } from '../execution/fees.ts';
import { drawFillFraction, participationCap } from '../execution/fill.ts';
import { drawLatencyMs } from '../execution/latency.ts';
import { fractionalKellySize } from '../risk/kelly.ts';
import { realisedVolatilityAt, volatilityScale } from '../risk/volatility.ts';
import type { FundingAtBars } from '../execution/funding.ts';
import { nextUtcDayStart, utcDayStart } from '../risk/utcDay.ts';
import type { BacktestConfig, BacktestFill, BacktestOrder, BacktestTrade, ExitReason, HaltedBars, HaltEvent } from './types.ts';

/** Everything the loop reads, prepared by runBacktest (aligned, validated, precomputed). */
export interface BarEngineInput {
  symbols: string[];
  ts: Float64Array;
  intervalMs: number;
  open: Float64Array[];
  close: Float64Array[];
  volume: Float64Array[];
  side: Int8Array[];
  prob: (Float64Array | null)[];
  /** Target position as a share of equity decided on each bar's close (null → Kelly from prob, or max_position_pct). */
  size: (Float64Array | null)[];
  spread: (Float64Array | null)[];
  /** Funding settlements per asset mapped to bars (null without funding). */
  funding: (FundingAtBars | null)[];
  /** Volatility scaling: realised vol over `volWindow` bars, annualised with periodsPerYear (computed at entry decisions only). */
  volScaling: boolean;
  volWindow: number;
  periodsPerYear: number;
  /** Per-bar σ and average volume for the sqrt-impact model (null otherwise). */
  barSigma: (Float64Array | null)[];
  avgVolume: (Float64Array | null)[];
  payoffRatio: number;
}

export interface BarEngineOutput {
  equity: Float64Array;
  cash: Float64Array;
  positions: Float64Array[];
  orders: BacktestOrder[];
  fills: BacktestFill[];
  trades: BacktestTrade[];
  halts: HaltEvent[];
  totals: { fees: number; slippage: number; funding: number; notional: number };
  /** Bars closing with a non-zero position in any asset. */
  exposedBars: number;
  /** Bars whose close falls inside a halt, by rule (entries decided there are blocked); `any` counts each bar once. */
  haltedBars: HaltedBars;
}


/** The loop's carried state between bars (BarEngine.state / restore): JSON-able once non-finite numbers are encoded. */
export interface BarEngineState {
  /** Last stepped bar. */
  i: number;
  S: number[];
  pos: number[];
  fundPtr: number[];
  volSum: number[];
  volCnt: number[];
  tgtSide: number[];
  pendingEntry: number[];
  /** Per asset: id of the open order (−1: none). */
  openOrder: number[];
  openTrade: ({ tradeId: number; entryQty: number; entryNotional: number; exitQty: number; exitNotional: number } | null)[];
  orders: BacktestOrder[];
  fills: BacktestFill[];
  trades: BacktestTrade[];
  halts: HaltEvent[];
  pauseUntilBar: number;
  lossStreak: number;
  exposedBars: number;
  haltDaily: number;
  haltCons: number;
  haltAny: number;
  /** Bars 0 … i. */
  equity: number[];
  cash: number[];
  positions: number[][];
}

interface OpenTrade {
  rec: BacktestTrade;
  entryQty: number;
  entryNotional: number;
  exitQty: number;
  exitNotional: number;
}

const CASH = 0, LAST_EQ = 1, DAY_OPEN_EQ = 2, CUR_DAY = 3, HALT_UNTIL = 4, PAUSE_UNTIL = 5, FEES = 6, SLIP = 7, FUNDING = 8, NOTIONAL = 9;

/** runBarEngine(input, config, fillRng, latencyRng) – runs the loop; see the file comment. */
export function runBarEngine(inp: BarEngineInput, config: BacktestConfig, fillRng: Rng, latencyRng: Rng): BarEngineOutput {
  return new BarEngine(inp, config, fillRng, latencyRng).run();
}

/**
 * The loop's state as one object with prototype methods: stable call targets keep the optimised
 * loop valid across runs (per-run closures would deoptimise it), and scalar doubles sit in one
 * Float64Array so writes never allocate.
 */
export class BarEngine {
  readonly ex: BacktestConfig['execution'];
  readonly risk: BacktestConfig['risk'];
  readonly T: number;
  readonly N: number;
  readonly iv: number;
  readonly closeMode: boolean;
  readonly fullProb: number;
  readonly capPct: number | null;
  readonly capLookback: number;
  readonly carry: boolean;
  readonly latencyRange: [number, number];
  equity: Float64Array;
  cashOut: Float64Array;
  positions: Float64Array[];
  readonly pos: Float64Array;
  /** Next funding settlement per asset. */
  readonly fundPtr: Int32Array;
  /** Participation cap: running sum and count of the finite volumes of bars i−lookback … i−1 per asset. */
  readonly volSum: Float64Array;
  readonly volCnt: Int32Array;
  readonly tgtSide: Int8Array;
  /** Signed quantity to enter once the exit completes. */
  readonly pendingEntry: Float64Array;
  readonly openOrder: (BacktestOrder | null)[];
  readonly openTrade: (OpenTrade | null)[];
  readonly orders: BacktestOrder[] = [];
  readonly fills: BacktestFill[] = [];
  readonly trades: BacktestTrade[] = [];
  readonly halts: HaltEvent[] = [];
  readonly S = new Float64Array(10);
  pauseUntilBar = -1;
  lossStreak = 0;
  /** Bars closing with a non-zero position in any asset. */
  exposedBars = 0;
  haltDaily = 0;
  haltCons = 0;
  haltAny = 0;
  i = 0;

  constructor(public inp: BarEngineInput, config: BacktestConfig, readonly fillRng: Rng, readonly latencyRng: Rng) {
    const ex = this.ex = config.execution;
    this.risk = config.risk;
    const T = this.T = inp.ts.length, N = this.N = inp.symbols.length;
    this.iv = inp.intervalMs;
    this.closeMode = ex.fill_at === 'close';
    this.fullProb = ex.models.fill.kind === 'always' ? 1 : ex.partial_fill_prob;
    this.capPct = ex.models.participation.kind === 'cap' ? ex.models.participation.max_pct : null;
    this.capLookback = ex.models.participation.kind === 'cap' ? ex.models.participation.lookback : 0;
    this.carry = ex.models.participation.kind === 'cap' && ex.models.participation.remainder === 'carry';
    this.latencyRange = [ex.latency_ms[0], ex.latency_ms[1]];
    this.equity = new Float64Array(T);
    this.cashOut = new Float64Array(T);
    this.positions = Array.from({ length: N }, () => new Float64Array(T));
    this.pos = new Float64Array(N);
    this.fundPtr = new Int32Array(N);
    this.volSum = new Float64Array(N);
    this.volCnt = new Int32Array(N);
    this.tgtSide = new Int8Array(N);
    this.pendingEntry = new Float64Array(N);
    this.openOrder = new Array<BacktestOrder | null>(N).fill(null);
    this.openTrade = new Array<OpenTrade | null>(N).fill(null);
    const S = this.S;
    S[CASH] = ex.initial_cash; S[LAST_EQ] = ex.initial_cash; S[DAY_OPEN_EQ] = ex.initial_cash;
    S[CUR_DAY] = Number.NaN; S[HALT_UNTIL] = -Infinity; S[PAUSE_UNTIL] = -Infinity;
  }

  blocked(): boolean {
    const t = this.inp.ts[this.i];
    return t < this.S[HALT_UNTIL] || t < this.S[PAUSE_UNTIL] || this.i < this.pauseUntilBar;
  }

  dailyHalted(): boolean {
    return this.inp.ts[this.i] < this.S[HALT_UNTIL];
  }

  newOrder(a: number, kind: 'entry' | 'exit', qty: number, reason: ExitReason | 'entry', decisionBar: number): BacktestOrder {
    const inp = this.inp;
    const o: BacktestOrder = {
      id: this.orders.length, symbol: inp.symbols[a], kind, side: qty > 0 ? 1 : -1, reason,
      decisionTs: inp.ts[decisionBar] + this.iv, decisionBar, decisionPrice: inp.close[a][decisionBar],
      qty: Math.abs(qty), filledQty: 0, latencyMs: drawLatencyMs(this.ex.models.latency, this.latencyRange, this.latencyRng),
      arrivalTs: Number.NaN, arrivalPrice: Number.NaN, avgFillPrice: Number.NaN, fills: 0, partialFills: 0, status: 'open', tradeId: -1,
    };
    this.orders.push(o);
    this.openOrder[a] = o;
    return o;
  }

  cancelOpen(a: number): void {
    const o = this.openOrder[a];
    if (!o) return;
    o.status = o.filledQty > 0 ? 'partial' : 'cancelled';
    this.openOrder[a] = null;
  }

  closeTrade(a: number, t: OpenTrade, reason: ExitReason, exitTs: number, orderId: number): void {
    const r = t.rec, risk = this.risk;
    r.exitTs = exitTs; r.exitPrice = t.exitNotional / t.exitQty; r.exitReason = reason; r.exitOrderId = orderId;
    r.pnl = r.side * (t.exitNotional - t.entryNotional) - r.fees - r.funding;
    this.openTrade[a] = null;
    if (risk.consecutive_loss_limit <= 0) return;
    this.lossStreak = r.pnl < 0 ? this.lossStreak + 1 : 0;
    if (this.lossStreak < risk.consecutive_loss_limit) return;
    const cd = risk.consecutive_loss_cooldown;
    let until: number;
    if (cd.kind === 'next_utc_day') { until = nextUtcDayStart(exitTs); this.S[PAUSE_UNTIL] = until; } else { until = this.inp.ts[this.i] + cd.bars * this.iv; this.pauseUntilBar = this.i + cd.bars; }
    this.halts.push({ ts: exitTs, until, reason: 'consecutive_losses', equity: this.S[LAST_EQ], detail: `${this.lossStreak} losing trades in a row` });
    this.lossStreak = 0;
  }

  /** One fill attempt of asset a's open order at bar i. */
  execute(a: number): void {
    const o = this.openOrder[a];
    if (!o) return;
    const inp = this.inp, ex = this.ex, S = this.S, i = this.i, iv = this.iv, closeMode = this.closeMode, pos = this.pos;
    if (o.kind === 'entry' && this.blocked()) {
      // A carried entry meets a halt: drop the rest; the target becomes what is held, so a daily halt still flattens it.
      this.cancelOpen(a); this.tgtSide[a] = Math.sign(pos[a]); this.pendingEntry[a] = 0; return;
    }
    const execTs = closeMode ? inp.ts[i] + iv : inp.ts[i];
    // Reference price: next_open fills are priced from bar i's open (the latest price known when the order
    // arrives; nothing inside bar i is used); close mode (optimistic) fills at the signal bar's close.
    const ref = closeMode ? inp.close[a][i] : inp.open[a][i];
    const arrTs = execTs + o.latencyMs;
    if (o.fills === 0 && Number.isNaN(o.arrivalPrice)) { o.arrivalTs = arrTs; o.arrivalPrice = ref; }
    const want = o.kind === 'exit' ? Math.abs(pos[a]) : o.qty - o.filledQty;
    // Participation cap on the mean volume of the bars before the fill bar (none before bar 0 → no cap).
    const vc = this.volCnt[a];
    const capQty = participationCap(vc > 0 ? this.volSum[a] / vc : Number.NaN, this.capPct);
    const frac = this.fullProb >= 1 ? 1 : drawFillFraction(this.fillRng, this.fullProb);
    let q = Math.min(want, capQty) * frac;
    if (q > want) q = want;
    if (q > 0) {
      const s = o.side;
      const sj = closeMode ? i : i - 1;
      const sp = inp.spread[a] && sj >= 0 ? inp.spread[a]![sj] : Number.NaN;
      const sigma = inp.barSigma[a] ? inp.barSigma[a]![sj >= 0 ? sj : 0] : Number.NaN;
      const avgV = inp.avgVolume[a] ? inp.avgVolume[a]![sj >= 0 ? sj : 0] : Number.NaN;
      // Slippage buckets and sqrt impact see the PARENT order (its qty × the reference price at its first
      // attempt), so splitting an order into partial fills never moves it into a cheaper bucket.
      let rate = slippageRate(ex.models.slippage, ex.slippage_curve, o.qty * o.arrivalPrice, o.qty, sigma, avgV);
      if (ex.half_spread && sp > 0) rate += sp / 2;
      const px = ref * (1 + s * rate);
      const fee = fillFee(q * px, 'taker', ex);
      const slipCost = q * ref * rate;
      S[CASH] -= s * q * px + fee;
      S[FEES] += fee; S[SLIP] += slipCost; S[NOTIONAL] += q * px;
      const prevFilled = o.filledQty;
      o.filledQty += q;
      o.avgFillPrice = o.fills === 0 ? px : (o.avgFillPrice * prevFilled + px * q) / o.filledQty;
      o.fills++;
      if (q < want) o.partialFills++;
      this.fills.push({ orderId: o.id, symbol: inp.symbols[a], ts: arrTs, bar: i, side: s, qty: q, price: px, refPrice: ref, fee, slippage: slipCost, liquidity: 'taker' });
      let t = this.openTrade[a];
      if (o.kind === 'entry') {
        if (!t) {
          t = { rec: { id: this.trades.length, symbol: inp.symbols[a], side: s, entryTs: arrTs, entryPrice: px, exitTs: Number.NaN, exitPrice: Number.NaN, size: 0, fees: 0, slippage: 0, funding: 0, pnl: 0, exitReason: 'open', entryOrderId: o.id, exitOrderId: -1 }, entryQty: 0, entryNotional: 0, exitQty: 0, exitNotional: 0 };
          this.trades.push(t.rec);
          this.openTrade[a] = t;
        }
        t.entryQty += q; t.entryNotional += q * px;
        t.rec.size = t.entryQty; t.rec.entryPrice = t.entryNotional / t.entryQty;
        pos[a] += s * q;
      } else if (t) {
        t.exitQty += q; t.exitNotional += q * px;
        pos[a] = q === want ? 0 : pos[a] + s * q;
      }
      if (t) { t.rec.fees += fee; t.rec.slippage += slipCost; o.tradeId = t.rec.id; }
      if (o.kind === 'exit' && pos[a] === 0 && t) this.closeTrade(a, t, o.reason as ExitReason, arrTs, o.id);
    }
    const done = o.kind === 'exit' ? pos[a] === 0 : o.filledQty >= o.qty;
    if (done) {
      o.status = 'filled';
      this.openOrder[a] = null;
      if (o.kind === 'exit' && this.pendingEntry[a] !== 0) {
        const qty = this.pendingEntry[a];
        this.pendingEntry[a] = 0;
        if (this.blocked()) { this.tgtSide[a] = 0; return; }
        this.newOrder(a, 'entry', qty, 'entry', o.decisionBar);
        this.execute(a);
      }
    } else if (o.kind === 'entry' && !this.carry) {
      o.status = o.filledQty > 0 ? 'partial' : 'cancelled';
      this.openOrder[a] = null;
      if (o.filledQty === 0) this.tgtSide[a] = 0; // nothing entered: the next decision may try again
    }
  }

  /** Decision on bar i's close for asset a. */
  decide(a: number): void {
    const inp = this.inp, risk = this.risk, i = this.i, tgt = this.tgtSide[a];
    const s = inp.side[a][i];
    let e = s > 0 ? 1 : s < 0 ? -1 : 0;
    if (e === tgt && (e === 0 || !this.dailyHalted())) return; // nothing to change (the common case)
    const halted = this.dailyHalted();
    if (halted) e = 0;
    else if (e !== tgt && this.blocked()) e = 0;
    let qty = 0;
    if (e !== 0 && e !== tgt) {
      const prob = inp.prob[a], size = inp.size[a];
      let f: number;
      if (size !== null) {
        // Caller-decided target share of equity (fixed at entry); NaN or 0 → stay flat.
        const z = size[i];
        f = z > 0 ? z : 0;
        if (inp.volScaling && f > 0) f *= volatilityScale(realisedVolatilityAt(inp.close[a], i, inp.volWindow, inp.periodsPerYear), risk.target_vol);
        if (f > risk.max_position_pct) f = risk.max_position_pct;
      } else {
        f = prob ? fractionalKellySize(prob[i], inp.payoffRatio, { kellyFractionCap: risk.kelly_fraction_cap, maxPositionPct: risk.max_position_pct }) : risk.max_position_pct;
        if (inp.volScaling) f *= volatilityScale(realisedVolatilityAt(inp.close[a], i, inp.volWindow, inp.periodsPerYear), risk.target_vol);
      }
      qty = e * f * this.S[LAST_EQ] / inp.close[a][i];
      if (!(f > 0) || !(Math.abs(qty) > 0)) e = 0;
    }
    if (e === tgt) return;
    this.tgtSide[a] = e;
    this.cancelOpen(a);
    this.pendingEntry[a] = 0;
    const p = this.pos[a];
    if (p !== 0 && Math.sign(p) !== e) {
      this.newOrder(a, 'exit', -p, halted ? 'daily_loss_limit' : 'signal', i);
      this.pendingEntry[a] = qty;
    } else if (p === 0 && e !== 0) {
      this.newOrder(a, 'entry', qty, 'entry', i);
    }
  }

  /** Funding, mark to market and the daily loss check at bar i's close. */
  mark(): void {
    const inp = this.inp, S = this.S, i = this.i, N = this.N, pos = this.pos;
    let eq = S[CASH], exposed = false;
    for (let a = 0; a < N; a++) {
      if (pos[a] !== 0) exposed = true;
      const fr = inp.funding[a];
      const k = this.fundPtr[a];
      if (fr !== null && k < fr.bar.length && fr.bar[k] === i) {
        this.fundPtr[a] = k + 1;
        const pay = pos[a] * inp.close[a][i] * fr.rate[k];
        S[CASH] -= pay; S[FUNDING] += pay; eq -= pay;
        const t = this.openTrade[a];
        if (t) t.rec.funding += pay;
      }
      eq += pos[a] * inp.close[a][i];
      this.positions[a][i] = pos[a];
    }
    this.equity[i] = eq; this.cashOut[i] = S[CASH]; S[LAST_EQ] = eq;
    if (exposed) this.exposedBars++;
    const dayOpen = S[DAY_OPEN_EQ], limit = this.risk.daily_loss_limit;
    if (limit > 0 && eq < dayOpen * (1 - limit) && !this.dailyHalted()) {
      S[HALT_UNTIL] = nextUtcDayStart(inp.ts[i]);
      this.halts.push({ ts: inp.ts[i] + this.iv, until: S[HALT_UNTIL], reason: 'daily_loss_limit', equity: eq,
        detail: `equity ${eq.toFixed(2)} is ${((1 - eq / dayOpen) * 100).toFixed(2)}% below the day's opening ${dayOpen.toFixed(2)}` });
    }
  }

  /** After bar i: count the halts in force at its close; slide the cap's volume window to bars i−lookback+1 … i. */
  endBar(): void {
    const i = this.i, t = this.inp.ts[i], S = this.S;
    const daily = t < S[HALT_UNTIL], cons = t < S[PAUSE_UNTIL] || i < this.pauseUntilBar;
    if (daily) this.haltDaily++;
    if (cons) this.haltCons++;
    if (daily || cons) this.haltAny++;
    if (this.capPct === null) return;
    const L = this.capLookback, vol = this.inp.volume;
    for (let a = 0; a < this.N; a++) {
      const v = vol[a][i];
      if (Number.isFinite(v)) { this.volSum[a] += v; this.volCnt[a]++; }
      if (i >= L) {
        const w = vol[a][i - L];
        if (Number.isFinite(w)) { this.volSum[a] -= w; this.volCnt[a]--; }
      }
      if (this.volCnt[a] === 0) this.volSum[a] = 0; // no drift left over from an emptied window
    }
  }

  /**
   * step(i, decideAfterMark) – bar i of the loop (steps 1–6 of the file comment). `decideAfterMark`
   * is false only on a backtest's last bar (no bar follows to fill an order); a paper session, which
   * does not know whether a bar follows, passes true (an order decided on its last bar stays open).
   */
  step(i: number, decideAfterMark: boolean): void {
    const { N, S, inp } = this;
    this.i = i;
    const day = utcDayStart(inp.ts[i]);
    if (day !== S[CUR_DAY]) { S[CUR_DAY] = day; S[DAY_OPEN_EQ] = S[LAST_EQ]; }
    if (this.closeMode) for (let a = 0; a < N; a++) this.decide(a);
    for (let a = 0; a < N; a++) if (this.openOrder[a] !== null) this.execute(a);
    this.mark();
    if (!this.closeMode && decideAfterMark) for (let a = 0; a < N; a++) this.decide(a);
    this.endBar();
  }

  run(): BarEngineOutput {
    const { T, N, S, inp } = this;
    for (let i = 0; i < T; i++) this.step(i, i < T - 1);
    // Open positions are valued at the last close (like from_signals); their trades stay 'open'.
    for (let a = 0; a < N; a++) {
      const t = this.openTrade[a];
      if (!t) continue;
      const lastClose = inp.close[a][T - 1];
      t.rec.exitTs = inp.ts[T - 1] + this.iv;
      t.rec.exitPrice = lastClose;
      t.rec.pnl = t.rec.side * (t.exitNotional + Math.abs(this.pos[a]) * lastClose - t.entryNotional) - t.rec.fees - t.rec.funding;
    }
    for (let a = 0; a < N; a++) this.cancelOpen(a);
    return { equity: this.equity, cash: this.cashOut, positions: this.positions, orders: this.orders, fills: this.fills, trades: this.trades, halts: this.halts, exposedBars: this.exposedBars,
      haltedBars: { daily_loss_limit: this.haltDaily, consecutive_losses: this.haltCons, any: this.haltAny },
      totals: { fees: S[FEES], slippage: S[SLIP], funding: S[FUNDING], notional: S[NOTIONAL] } };
  }

  /**
   * rebind(inp) – the same loop state over longer input arrays (a paper session appends bars): bars
   * already stepped must be unchanged in `inp`; the per-bar outputs grow to the new length.
   */
  rebind(inp: BarEngineInput): void {
    if (inp.symbols.length !== this.N) throw new Error(`rebind: expected ${this.N} symbols; was ${inp.symbols.length}`);
    this.inp = inp;
    const T = inp.ts.length;
    if (T <= this.equity.length) return;
    const grow = (a: Float64Array) => { const b = new Float64Array(Math.max(T, 2 * a.length)); b.set(a); return b; };
    this.equity = grow(this.equity); this.cashOut = grow(this.cashOut); this.positions = this.positions.map(grow);
  }

  /** state() – everything the loop carries between bars, as plain JSON-able values (non-finite numbers kept as numbers: encode them). */
  state(): BarEngineState {
    const n = this.i + 1;
    return {
      i: this.i, S: Array.from(this.S), pos: Array.from(this.pos), fundPtr: Array.from(this.fundPtr), volSum: Array.from(this.volSum), volCnt: Array.from(this.volCnt),
      tgtSide: Array.from(this.tgtSide), pendingEntry: Array.from(this.pendingEntry),
      openOrder: this.openOrder.map((o) => (o ? o.id : -1)),
      openTrade: this.openTrade.map((t) => (t ? { tradeId: t.rec.id, entryQty: t.entryQty, entryNotional: t.entryNotional, exitQty: t.exitQty, exitNotional: t.exitNotional } : null)),
      orders: this.orders.map((o) => ({ ...o })), fills: this.fills.map((f) => ({ ...f })), trades: this.trades.map((t) => ({ ...t })), halts: this.halts.map((h) => ({ ...h })),
      pauseUntilBar: this.pauseUntilBar, lossStreak: this.lossStreak, exposedBars: this.exposedBars, haltDaily: this.haltDaily, haltCons: this.haltCons, haltAny: this.haltAny,
      equity: Array.from(this.equity.subarray(0, n)), cash: Array.from(this.cashOut.subarray(0, n)), positions: this.positions.map((p) => Array.from(p.subarray(0, n))),
    };
  }

  /** restore(state) – puts a state() back (the engine must have been built over inputs covering bars 0 … state.i). */
  restore(st: BarEngineState): void {
    this.S.set(st.S); this.pos.set(st.pos); this.fundPtr.set(st.fundPtr); this.volSum.set(st.volSum); this.volCnt.set(st.volCnt);
    this.tgtSide.set(st.tgtSide); this.pendingEntry.set(st.pendingEntry);
    this.orders.length = 0; this.fills.length = 0; this.trades.length = 0; this.halts.length = 0;
    for (const o of st.orders) this.orders.push({ ...o });
    for (const f of st.fills) this.fills.push({ ...f });
    for (const t of st.trades) this.trades.push({ ...t });
    for (const h of st.halts) this.halts.push({ ...h });
    for (let a = 0; a < this.N; a++) {
      this.openOrder[a] = st.openOrder[a] >= 0 ? this.orders[st.openOrder[a]] : null;
      const t = st.openTrade[a];
      this.openTrade[a] = t ? { rec: this.trades[t.tradeId], entryQty: t.entryQty, entryNotional: t.entryNotional, exitQty: t.exitQty, exitNotional: t.exitNotional } : null;
    }
    this.pauseUntilBar = st.pauseUntilBar; this.lossStreak = st.lossStreak; this.exposedBars = st.exposedBars;
    this.haltDaily = st.haltDaily; this.haltCons = st.haltCons; this.haltAny = st.haltAny; this.i = st.i;
    this.equity.set(st.equity); this.cashOut.set(st.cash);
    for (let a = 0; a < this.N; a++) this.positions[a].set(st.positions[a]);
  }

  /** Running totals (fees, slippage, funding, traded notional) and the current cash. */
  totals(): { cash: number; fees: number; slippage: number; funding: number; notional: number } {
    const S = this.S;
    return { cash: S[CASH], fees: S[FEES], slippage: S[SLIP], funding: S[FUNDING], notional: S[NOTIONAL] };
  }

  /** Halt in force at the close of the last stepped bar (daily loss limit or consecutive-loss pause). */
  haltedNow(): boolean {
    return this.blocked();
  }
}
