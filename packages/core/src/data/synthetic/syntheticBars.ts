/**
 * syntheticBars – a deterministic, seeded OHLCV market (bars only, fast).
 *
 * Model (per bar t, all symbols on one UTC grid starting at startMs):
 * - A common variance factor h_t (mean 1) follows GARCH(1,1) on the market's standardised shock:
 *   h_t = (1 − α − β) + α·min(x²_{t−1}, 50) + β·h_{t−1}, x = √h·z_m + jump_m (volatility clustering).
 * - Symbol s: r_t = σ_s·√h_t·(ρ_s·z_m + √(1−ρ_s²)·e_s) + jump, σ_s = annualVol/√(bars per year).
 *   BTC is the market (ρ = 1); others load on it with `correlation` (default 0.7), so the
 *   correlation of 1m log returns BTC/ETH ≈ ρ.
 * - Jumps: a common Poisson arrival (jumpsPerDay), size σ_s·jumpSizeSigmas·(ρ·J_m + √(1−ρ²)·J_s).
 * - High/low: the maximum/minimum of a Brownian bridge from 0 to r with the bar's variance
 *   (M = (r + √(r² − 2v·ln U))/2), so low ≤ min(open, close) ≤ max(open, close) ≤ high.
 *   Prices are rounded to the tick; rounding is monotone, so the OHLC invariants survive it.
 * - open_t = close_{t−1}. Volume = base·intraday season·lognormal noise·(0.4 + |r|/σ_s):
 *   correlated with |returns|.
 * Random streams are forked per purpose and per symbol, so BTC's bars do not depend on
 * which other symbols are requested.
 */
import type { BarSeries } from '../types.ts';
import { createRng } from '../../util/rng.ts';
import { symbolProfile, roundToTick } from './profiles.ts';
import { fillNormal, fillUniform } from './fillRandom.ts';

export interface SyntheticBarsOptions {
  /**
   * Symbols to generate.
   * @default ['BTC', 'ETH']
   */
  symbols?: string[];
  /**
   * Length in days (bars = round(days·86_400_000 / intervalMs)); ignored when `bars` is set.
   * @default 30
   */
  days?: number;
  /** Exact number of bars per symbol (overrides `days`). */
  bars?: number;
  /**
   * Bar length in ms.
   * @default 60000
   */
  intervalMs?: number;
  /** Seed of every random draw. */
  seed: number;
  /**
   * Open time of the first bar, epoch ms UTC (a fixed date, never the clock).
   * @default 1704067200000 (2024-01-01T00:00:00Z)
   */
  startMs?: number;
  /**
   * Loading of non-BTC symbols on the market shock (≈ correlation of log returns with BTC).
   * @default 0.7
   */
  correlation?: number;
  /**
   * Expected number of jumps per day.
   * @default 2
   */
  jumpsPerDay?: number;
  /**
   * Jump size standard deviation in units of the symbol's per-bar volatility.
   * @default 12
   */
  jumpSizeSigmas?: number;
  /**
   * GARCH(1,1) α (reaction) and β (persistence); α + β < 1.
   * @default { alpha: 0.08, beta: 0.9 }
   */
  garch?: { alpha: number; beta: number };
  /**
   * A planted, learnable edge (for positive controls): each bar's log return gets a drift of
   * strength × σ_bar × m_t with m_t = (ξ_{t−1} + … + ξ_{t−L}) / √L, the sum of the symbol's previous
   * L standardised diffusive shocks — momentum visible in past returns, known at t's open.
   * strength 0 (the default) is the plain market, bit for bit.
   *
   * shape 'nonlinear' (L ≥ 2) plants an interaction instead: the drift is strength × σ_bar × a_t × b_t
   * with a_t = (ξ_{t−1} + … + ξ_{t−h}) / √h the recent half and b_t = (ξ_{t−h−1} + … + ξ_{t−L}) / √(L − h)
   * the older half of the lookback, h = ⌊L/2⌋: recent momentum continues when it agrees with the older
   * momentum and reverses when it disagrees. a and b are independent N(0, 1), so the drift has mean 0
   * and zero covariance with every past shock and every linear combination of them (E[a·b·ξ] = 0): the
   * first-order edge (∝ strength) is invisible to a linear model on lag returns; a model reading the
   * return window can learn sign(a·b). Only the drift's own persistence leaks into the returns' lag
   * autocorrelation, at second order (∝ strength²: corr(r_t, a) ≈ 0.03 at strength 0.2 vs
   * corr(r_t, a·b) ≈ 0.13). 'linear' (the default) is the momentum drift above, bit for bit.
   * @default { strength: 0, lookback: 20, shape: 'linear' }
   */
  edge?: { strength: number; lookback: number; shape?: 'linear' | 'nonlinear' };
}

/** The bars plus the per-bar common volatility factor √h_t (mean ≈ 1), used by the book and tests. */
export interface SimulatedBars {
  bars: Record<string, BarSeries>;
  /** √h_t: the bar's volatility relative to the long-run level. */
  volFactor: Float64Array;
  /** 1 where a jump arrived in the bar. */
  jump: Int8Array;
}

export const SYNTHETIC_START_MS = 1_704_067_200_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/** syntheticBars(options) – bars per symbol (see the module comment for the model). */
export function syntheticBars(options: SyntheticBarsOptions): Record<string, BarSeries> {
  return simulateBars(options).bars;
}

function barCountOf(o: SyntheticBarsOptions, intervalMs: number): number {
  if (o.bars !== undefined) {
    if (!Number.isInteger(o.bars) || o.bars < 0) throw new Error(`syntheticBars: bars must be a non-negative integer; was ${o.bars}`);
    return o.bars;
  }
  const days = o.days ?? 30;
  if (!Number.isFinite(days) || days < 0) throw new Error(`syntheticBars: days must be a non-negative number; was ${days}`);
  return Math.round((days * DAY_MS) / intervalMs);
}

/** simulateBars(options) – syntheticBars plus the common volatility factor and jump flags. */
export function simulateBars(options: SyntheticBarsOptions): SimulatedBars {
  const symbols = options.symbols ?? ['BTC', 'ETH'];
  const intervalMs = options.intervalMs ?? 60_000;
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) throw new Error(`syntheticBars: intervalMs must be a positive integer; was ${intervalMs}`);
  const n = barCountOf(options, intervalMs);
  const startMs = options.startMs ?? SYNTHETIC_START_MS;
  if (!Number.isFinite(startMs)) throw new Error(`syntheticBars: startMs must be finite; was ${startMs}`);
  const rho = options.correlation ?? 0.7;
  if (!(rho >= -1 && rho <= 1)) throw new Error(`syntheticBars: correlation must be in [-1, 1]; was ${rho}`);
  const { alpha, beta } = options.garch ?? { alpha: 0.08, beta: 0.9 };
  if (!(alpha >= 0 && beta >= 0 && alpha + beta < 1)) throw new Error(`syntheticBars: garch needs α, β ≥ 0 and α + β < 1; was α=${alpha}, β=${beta}`);
  const jumpProb = Math.min(1, ((options.jumpsPerDay ?? 2) * intervalMs) / DAY_MS);
  const jumpSigmas = options.jumpSizeSigmas ?? 12;
  const root = createRng(options.seed);
  const edge = options.edge ?? { strength: 0, lookback: 20 };
  if (!(Number.isFinite(edge.strength) && Number.isInteger(edge.lookback) && edge.lookback > 0)) throw new Error(`syntheticBars: edge needs a finite strength and a positive integer lookback; was ${JSON.stringify(edge)}`);
  const nonlinear = edge.shape === 'nonlinear';
  if (edge.shape !== undefined && edge.shape !== 'linear' && !nonlinear) throw new Error(`syntheticBars: edge.shape must be 'linear' or 'nonlinear'; was ${JSON.stringify(edge.shape)}`);
  if (nonlinear && edge.lookback < 2) throw new Error(`syntheticBars: a nonlinear edge needs a lookback ≥ 2; was ${edge.lookback}`);
  const xi = edge.strength !== 0 ? new Float64Array(n) : null;

  // Common factor: market shock z_m, GARCH vol √h, jump arrivals and common jump size.
  const volFactor = new Float64Array(n), jm = new Float64Array(n), jump = new Int8Array(n);
  const zm = fillNormal(root.fork('market'), new Float64Array(n));
  const uj = fillUniform(root.fork('jumps'), new Float64Array(n));
  const jrng = root.fork('jump-size');
  const omega = 1 - alpha - beta;
  let h = 1;
  for (let t = 0; t < n; t++) {
    const sd = Math.sqrt(h);
    const hasJump = uj[t] < jumpProb;
    const jz = hasJump ? jrng.normal() * jumpSigmas : 0;
    volFactor[t] = sd; jm[t] = jz; jump[t] = hasJump ? 1 : 0;
    const x = sd * zm[t] + jz;
    h = omega + alpha * Math.min(x * x, 50) + beta * h;
  }

  // Intraday volume seasonality by UTC hour (peak around 15:00 UTC).
  const season = new Float64Array(24);
  for (let k = 0; k < 24; k++) season[k] = 1 + 0.45 * Math.cos((2 * Math.PI * (k - 15)) / 24);

  const bars: Record<string, BarSeries> = {};
  const e = new Float64Array(n), u = new Float64Array(2 * n), vn = new Float64Array(n);
  for (const symbol of symbols) {
    const p = symbolProfile(symbol);
    const load = p.marketLoading ?? rho;
    const idio = Math.sqrt(Math.max(0, 1 - load * load));
    const sigma = p.annualVol * Math.sqrt(intervalMs / YEAR_MS);
    const inv = Math.round(1 / p.tick);
    const baseVol = p.volumePerMinute * (intervalMs / 60_000);
    fillNormal(root.fork(`idio:${symbol}`), e);
    fillUniform(root.fork(`hl:${symbol}`), u);
    fillNormal(root.fork(`volume:${symbol}`), vn);
    const ejrng = root.fork(`jump-size:${symbol}`);
    const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
    let price = p.startPrice; // unrounded
    let prevClose = roundToTick(price, inv);
    let xiSum = 0, xiOld = 0;
    const L = edge.lookback, kEdge = edge.strength / Math.sqrt(L);
    const h = Math.floor(L / 2), kNonlinear = edge.strength / Math.sqrt(h * (L - h));
    for (let t = 0; t < n; t++) {
      const tOpen = startMs + t * intervalMs;
      const sdBar = sigma * volFactor[t];
      const ej = jump[t] ? ejrng.normal() * jumpSigmas : 0;
      let r = sdBar * (load * zm[t] + idio * e[t]) + sigma * (load * jm[t] + idio * ej);
      if (xi && nonlinear) {
        // xiSum: ξ_{t−1} … ξ_{t−h}; xiOld: ξ_{t−h−1} … ξ_{t−L}
        r += kNonlinear * sdBar * xiSum * xiOld;
        xi[t] = load * zm[t] + idio * e[t];
        const leaving = t >= h ? xi[t - h] : 0;
        xiSum += xi[t] - leaving;
        xiOld += leaving - (t >= L ? xi[t - L] : 0);
      } else if (xi) {
        r += kEdge * sdBar * xiSum;
        xi[t] = load * zm[t] + idio * e[t];
        xiSum += xi[t] - (t >= L ? xi[t - L] : 0);
      }
      const v = sdBar * sdBar;
      // 1 − u ∈ (0, 1]: ln never sees 0.
      const up = 0.5 * (r + Math.sqrt(r * r - 2 * v * Math.log(1 - u[2 * t])));
      const dn = 0.5 * (r - Math.sqrt(r * r - 2 * v * Math.log(1 - u[2 * t + 1])));
      const next = price * Math.exp(r);
      const c = roundToTick(next, inv);
      ts[t] = tOpen;
      open[t] = prevClose;
      close[t] = c;
      const hi = roundToTick(price * Math.exp(up), inv), lo = roundToTick(price * Math.exp(dn), inv);
      high[t] = hi > c ? (hi > prevClose ? hi : prevClose) : c > prevClose ? c : prevClose;
      low[t] = lo < c ? (lo < prevClose ? lo : prevClose) : c < prevClose ? c : prevClose;
      const hour = Math.floor((((tOpen % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
      const vol = baseVol * season[hour] * Math.exp(0.35 * vn[t] - 0.06125) * (0.4 + Math.abs(r) / sigma) / 1.2;
      volume[t] = Math.round(vol * 1e4) / 1e4;
      price = next;
      prevClose = c;
    }
    bars[symbol] = { symbol, intervalMs, ts, open, high, low, close, volume };
  }
  return { bars, volFactor, jump };
}
