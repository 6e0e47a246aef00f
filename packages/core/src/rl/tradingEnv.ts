/**
 * A trading environment on the bar backtest's own cost pieces (execution/slippage, fees, half spread,
 * funding; see backtest/barEngine.ts), vectorised over N copies of one symbol's bars.
 *
 * Conventions, as barEngine in next_open mode:
 *  - the action chosen on bar t's close (from bars ≤ t) fills at bar t + 1's open: reference price
 *    open[t+1], slippage rate of the configured model on the order's notional (σ and mean volume of bars
 *    ≤ t for sqrt impact) plus half the spread at bar t's close, taker fee on the fill notional; latency
 *    delays the fill inside bar t + 1 but never changes its bar-mode price;
 *  - a side change exits the whole position, then enters side × position_pct × equity_t / close[t]
 *    (two orders, each in its own slippage bucket); the same side holds (no rebalancing);
 *  - funding booked at bar t + 1 (dense per-bar rates, see execution/funding.ts) is paid on the position
 *    held at its close; the account is then marked at close[t+1].
 * Fills are complete (no partial-fill draws, no participation cap): the trained policy is evaluated
 * afterwards by the real backtest with every rule.
 *
 * Reward = reward_scale × (equity[t+1] − equity[t]) / initial equity − drawdown_penalty × reward_scale ×
 * (increase of the drawdown from the episode's peak equity). Observation at t: the last `window` rows of the
 * normalised feature matrix (NaN → 0, see normaliser.ts), then the position as a share of the largest
 * allowed one, then the unrealised PnL of the open position in units of the training bars' one-bar return std.
 * Episodes: random windows (seeded) of `episodeBars` decisions inside [from, to): decision bars
 * t ∈ [from + window − 1, to − 2], so every feature row and every fill lies inside the range.
 */
import { createRng, type Rng } from '../util/rng.ts';
import type { ExecutionConfig } from '../config/execution.ts';
import type { FeatureMatrix } from '../features/index.ts';
import { slippageRate } from '../execution/slippage.ts';
import { fillFee } from '../execution/fees.ts';
import { realisedVolatility } from '../risk/volatility.ts';
import { rollingMean } from '../backtest/rollingMean.ts';
import { normaliseFeatureRows, type ObservationNormaliser } from './normaliser.ts';
import type { EpisodeStats, VecEnv } from './vecEnv.ts';

/** Options for {@link TradingVecEnv}. */
export interface TradingEnvOptions {
  /** One symbol's bars (only open, close and volume are read). */
  bars: { open: Float64Array; close: Float64Array; volume: Float64Array };
  /** Causal features of the same bars. */
  features: FeatureMatrix;
  /** Fitted on the training bars only (fitObservationNormaliser). */
  normaliser: ObservationNormaliser;
  /** Feature rows per observation (ending at the decision bar). */
  window: number;
  /** Bars episodes may use: [from, to). */
  from: number;
  to: number;
  /** Decisions per episode (shortened to what [from, to) holds). @default 512 */
  episodeBars?: number;
  /** @default 1 */
  numEnvs?: number;
  seed: number;
  execution: ExecutionConfig;
  /** Largest position as a share of equity (risk.max_position_pct). */
  positionPct: number;
  /** Quoted spread as a fraction of mid per bar (the `spread_pct` feature), or null. @default null */
  spread?: Float64Array | null;
  /** Funding rate booked at each bar (fundingRatesAtBars), or null. @default null */
  fundingRate?: Float64Array | null;
  /** @default 0 */
  drawdownPenalty?: number;
  /** Continuous sizing: action ∈ [−1, 1] = target share of the largest position, traded every bar it changes. @default false */
  continuous?: boolean;
  /** Reward units per unit of equity change relative to the initial equity. @default 100 / positionPct */
  rewardScale?: number;
}

export class TradingVecEnv implements VecEnv {
  readonly numEnvs: number;
  readonly obsSize: number;
  readonly numActions: number;
  readonly obs: Float32Array;
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** Per copy: decision bar, cash, signed quantity, average entry price, equity at the decision bar, peak equity. */
  readonly bar: Int32Array;
  readonly cash: Float64Array;
  readonly qty: Float64Array;
  readonly entryPrice: Float64Array;
  readonly equity: Float64Array;
  readonly peak: Float64Array;
  /** Cumulative costs per copy since its last reset. */
  readonly fees: Float64Array;
  readonly slippage: Float64Array;
  readonly funding: Float64Array;
  readonly window: number;
  readonly numFeatures: number;
  readonly firstDecision: number;
  readonly lastDecision: number;
  readonly episodeBars: number;
  private readonly rows: Float32Array;
  private readonly o: TradingEnvOptions;
  private readonly sigma: Float64Array | null;
  private readonly avgVolume: Float64Array | null;
  private readonly scale: number;
  private readonly dd: number;
  private readonly initialCash: number;
  private readonly rng: Rng;
  private readonly steps: Int32Array;
  private readonly returns: Float64Array;
  private episodes: EpisodeStats[] = [];

  constructor(opts: TradingEnvOptions) {
    this.o = opts;
    const T = opts.bars.close.length, F = opts.features.columns.length;
    if (opts.features.ts.length !== T) throw new Error(`features have ${opts.features.ts.length} rows; bars have ${T}`);
    if (!(Number.isInteger(opts.window) && opts.window >= 1)) throw new Error(`window must be a positive integer; was ${opts.window}`);
    this.window = opts.window;
    this.numFeatures = F;
    this.firstDecision = Math.max(opts.from, 0) + opts.window - 1;
    this.lastDecision = Math.min(opts.to, T) - 2;
    if (this.lastDecision < this.firstDecision) throw new Error(`[from, to) = [${opts.from}, ${opts.to}) holds no decision bar with a ${opts.window}-bar window and a next bar`);
    this.episodeBars = Math.min(opts.episodeBars ?? 512, this.lastDecision - this.firstDecision + 1);
    const n = this.numEnvs = opts.numEnvs ?? 1;
    this.numActions = opts.continuous ? 1 : 3;
    this.obsSize = opts.window * F + 2;
    this.rows = normaliseFeatureRows(opts.features, opts.normaliser);
    const impact = opts.execution.models.slippage.kind === 'sqrt_impact' ? opts.execution.models.slippage : null;
    this.sigma = impact ? realisedVolatility(opts.bars.close, impact.vol_window, 1) : null;
    this.avgVolume = impact ? rollingMean(opts.bars.volume, impact.vol_window) : null;
    this.scale = opts.rewardScale ?? 100 / opts.positionPct;
    this.dd = opts.drawdownPenalty ?? 0;
    this.initialCash = opts.execution.initial_cash;
    this.rng = createRng(opts.seed);
    this.obs = new Float32Array(n * this.obsSize);
    this.reward = new Float32Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.bar = new Int32Array(n);
    this.cash = new Float64Array(n);
    this.qty = new Float64Array(n);
    this.entryPrice = new Float64Array(n);
    this.equity = new Float64Array(n);
    this.peak = new Float64Array(n);
    this.fees = new Float64Array(n);
    this.slippage = new Float64Array(n);
    this.funding = new Float64Array(n);
    this.steps = new Int32Array(n);
    this.returns = new Float64Array(n);
  }

  /** Starts copy e flat with the initial cash at decision bar t and writes its observation. */
  resetAt(e: number, t: number): void {
    if (!(t >= 0 && t < this.o.bars.close.length)) throw new Error(`bar ${t} is outside the series`);
    this.bar[e] = t;
    this.cash[e] = this.initialCash; this.qty[e] = 0; this.entryPrice[e] = 0;
    this.equity[e] = this.initialCash; this.peak[e] = this.initialCash;
    this.fees[e] = 0; this.slippage[e] = 0; this.funding[e] = 0;
    this.steps[e] = 0; this.returns[e] = 0;
    this.observe(e);
  }

  private resetRandom(e: number): void {
    const span = this.lastDecision - this.firstDecision + 1 - this.episodeBars;
    this.resetAt(e, this.firstDecision + (span > 0 ? this.rng.int(span + 1) : 0));
  }

  reset(): void {
    for (let e = 0; e < this.numEnvs; e++) this.resetRandom(e);
    this.reward.fill(0); this.terminated.fill(0); this.truncated.fill(0);
    this.episodes = [];
  }

  /** Writes copy e's observation at its decision bar (feature rows ≤ t, position, unrealised PnL at close[t]). */
  observe(e: number): void {
    const t = this.bar[e], W = this.window, F = this.numFeatures, off = e * this.obsSize;
    const first = t - W + 1;
    if (first >= 0) this.obs.set(this.rows.subarray(first * F, (t + 1) * F), off);
    else {
      this.obs.fill(0, off, off - first * F);
      this.obs.set(this.rows.subarray(0, (t + 1) * F), off - first * F);
    }
    const q = this.qty[e], c = this.o.bars.close[t], eq = this.equity[e];
    const maxNotional = eq * this.o.positionPct;
    this.obs[off + W * F] = q !== 0 && maxNotional > 0 ? (q * c) / maxNotional : 0;
    const rs = this.o.normaliser.returnStd;
    let u = q !== 0 && rs > 0 ? (Math.sign(q) * (c / this.entryPrice[e] - 1)) / rs : 0;
    if (u > 10) u = 10; else if (u < -10) u = -10;
    this.obs[off + W * F + 1] = u;
  }

  /** The signed target quantity of an action decided at bar t with equity eq (NaN: hold what is held). */
  targetQty(e: number, action: number): number {
    const t = this.bar[e], q = this.qty[e];
    const unit = (this.o.positionPct * this.equity[e]) / this.o.bars.close[t];
    if (this.o.continuous) {
      const a = action > 1 ? 1 : action < -1 ? -1 : action;
      return a * unit;
    }
    const side = action - 1; // 0 short, 1 flat, 2 long
    if (side === Math.sign(q)) return Number.NaN;
    return side * unit;
  }

  /** One order of signed quantity dq at bar i's open (decided at bar i − 1). */
  private fill(e: number, dq: number, i: number): void {
    const ex = this.o.execution, s = dq > 0 ? 1 : -1, q = Math.abs(dq), sj = i - 1;
    const ref = this.o.bars.open[i];
    const sigma = this.sigma ? this.sigma[sj] : Number.NaN, avgV = this.avgVolume ? this.avgVolume[sj] : Number.NaN;
    let rate = slippageRate(ex.models.slippage, ex.slippage_curve, q * ref, q, sigma, avgV);
    const sp = this.o.spread ? this.o.spread[sj] : Number.NaN;
    if (ex.half_spread && sp > 0) rate += sp / 2;
    const px = ref * (1 + s * rate);
    const fee = fillFee(q * px, 'taker', ex);
    this.cash[e] -= s * q * px + fee;
    this.fees[e] += fee;
    this.slippage[e] += q * ref * rate;
    const held = this.qty[e], h = Math.abs(held);
    // average entry price of what is held: adding averages in, reducing keeps it, crossing zero restarts it
    if (held === 0 || q > h && Math.sign(held) !== s) this.entryPrice[e] = px;
    else if (Math.sign(held) === s) this.entryPrice[e] = (this.entryPrice[e] * h + px * q) / (h + q);
    this.qty[e] = q === h && Math.sign(held) !== s ? 0 : held + dq;
    if (this.qty[e] === 0) this.entryPrice[e] = 0;
  }

  /**
   * advance(e, action) – copy e acts at its decision bar t: fills at open[t+1], funding and mark at
   * close[t+1]; the decision bar becomes t + 1. Returns the reward (no auto-reset; see step()).
   */
  advance(e: number, action: number): number {
    const t = this.bar[e], i = t + 1;
    if (i >= this.o.bars.close.length) throw new Error(`bar ${t} has no next bar to fill at`);
    const target = this.targetQty(e, action);
    if (target === target) {
      const q = this.qty[e];
      if (this.o.continuous) { if (target !== q) this.fill(e, target - q, i); } else {
        if (q !== 0) this.fill(e, -q, i); // exit the whole position
        if (target !== 0) this.fill(e, target, i);
      }
    }
    const c = this.o.bars.close[i], fr = this.o.fundingRate ? this.o.fundingRate[i] : 0;
    if (fr !== 0 && fr === fr && this.qty[e] !== 0) {
      const pay = this.qty[e] * c * fr;
      this.cash[e] -= pay; this.funding[e] += pay;
    }
    const prev = this.equity[e], eq = this.cash[e] + this.qty[e] * c;
    const ddPrev = 1 - prev / this.peak[e];
    if (eq > this.peak[e]) this.peak[e] = eq;
    const ddNow = 1 - eq / this.peak[e];
    this.equity[e] = eq;
    this.bar[e] = i;
    const r = (eq - prev) / this.initialCash - (this.dd > 0 && ddNow > ddPrev ? this.dd * (ddNow - ddPrev) : 0);
    return this.scale * r;
  }

  step(actions: ArrayLike<number>): void {
    for (let e = 0; e < this.numEnvs; e++) {
      const r = this.advance(e, actions[e]);
      const steps = ++this.steps[e];
      this.returns[e] += r;
      this.reward[e] = r;
      const term = !(this.equity[e] > 0);
      const trunc = steps >= this.episodeBars || this.bar[e] > this.lastDecision;
      this.terminated[e] = term ? 1 : 0;
      this.truncated[e] = trunc ? 1 : 0;
      if (term || trunc) {
        this.episodes.push({ return: this.returns[e], length: steps });
        this.resetRandom(e);
      } else this.observe(e);
    }
  }

  takeEpisodes(): EpisodeStats[] {
    const out = this.episodes;
    this.episodes = [];
    return out;
  }
}
