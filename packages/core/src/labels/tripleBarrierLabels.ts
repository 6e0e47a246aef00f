import type { BarSeries } from '../data/types.ts';
import type { LabelSet } from './types.ts';
import type { VolatilitySpec } from './barVolatility.ts';
import { barVolatility } from './barVolatility.ts';

/** Options for {@link tripleBarrierLabels}. */
export interface TripleBarrierOptions {
  /** Vertical barriers in bars (max holding periods); each > 0. @default [10, 20, 50] */
  horizons?: number[];
  /** trgt = multiplier × volatility. @default 2 */
  multiplier?: number;
  /** Upper barrier at +pt·trgt; 0 disables it. @default 1 */
  pt?: number;
  /** Lower barrier at −sl·trgt; 0 disables it. @default 1 */
  sl?: number;
  /** @default { kind: 'atr', window: 20, smoothing: 'wilder' } */
  volatility?: VolatilitySpec;
  /** Events with trgt < this are skipped and counted. @default 0.001 */
  minReturn?: number;
  /** `close`: path c_{t0+1..t0+h}; `high_low`: each bar's high and low. @default "close" */
  touch?: 'close' | 'high_low';
  /** high_low: when one bar crosses both barriers. @default "sl_first" */
  ambiguity?: 'sl_first' | 'pt_first';
  /** Candidate event bars (increasing), e.g. from cusumEvents. @default every bar where trgt is defined */
  events?: Int32Array;
  /** Side per bar (length n, ±1; 0 = no position → event dropped). Enables meta-labels. */
  side?: Int8Array;
}

/**
 * tripleBarrierLabels(bars, options) – AFML ch. 3 triple-barrier labels, all horizons in ONE pass.
 *
 * Per event t0: trgt = multiplier × vol_{t0}; barriers on the side-adjusted simple return from c_{t0}:
 * upper +pt·trgt, lower −sl·trgt, vertical at bar t0 + h. `close`: r_j = (c_j/c_{t0} − 1)·side for
 * j = t0+1..t0+h, a touch is r_j > up or r_j < −down (strict). `high_low`: the favourable extreme
 * (high for a long, low for a short) against up and the adverse one against down, same strict rule;
 * a bar crossing both is ambiguous and resolved by `ambiguity`; the return of a horizontal touch is
 * then the barrier's own return (+up or −down: where the barrier is crossed). The first touch wins;
 * a touch on the vertical-barrier bar counts as horizontal. Vertical: r = (c_{t0+h}/c_{t0} − 1)·side.
 * The path is scanned once up to the largest horizon, stopping at the first touch.
 */
export function tripleBarrierLabels(bars: BarSeries, options: TripleBarrierOptions = {}): LabelSet[] {
  const horizons = options.horizons ?? [10, 20, 50];
  for (const h of horizons) if (!Number.isInteger(h) || h <= 0) throw new Error(`tripleBarrierLabels: horizons must be positive integers; was ${h}`);
  const mult = options.multiplier ?? 2;
  const ptM = options.pt ?? 1;
  const slM = options.sl ?? 1;
  const minRet = options.minReturn ?? 0.001;
  const highLow = (options.touch ?? 'close') === 'high_low';
  const slFirst = (options.ambiguity ?? 'sl_first') === 'sl_first';
  const side = options.side;
  const { close, high, low, ts } = bars;
  const n = close.length;
  if (side && side.length !== n) throw new Error(`tripleBarrierLabels: side has ${side.length} rows, bars ${n}`);
  const vol = barVolatility(bars, options.volatility ?? { kind: 'atr' });
  const H = horizons.length;
  const hMax = Math.max(...horizons);
  const candidates = options.events ?? null;
  const nCand = candidates ? candidates.length : n;
  const cap = nCand;
  const t0s = horizons.map(() => new Int32Array(cap));
  const t1s = horizons.map(() => new Int32Array(cap));
  const bs = horizons.map(() => new Int8Array(cap));
  const rs = horizons.map(() => new Float64Array(cap));
  const tg = horizons.map(() => new Float64Array(cap));
  const counts = new Int32Array(H);
  const beyond = new Int32Array(H);
  const ambiguous = new Int32Array(H);
  let undefinedTarget = 0;
  let belowMin = 0;
  let noSide = 0;
  let nDefined = 0;
  for (let e = 0; e < nCand; e++) {
    const t0 = candidates ? candidates[e] : e;
    const trgt = mult * vol[t0];
    if (!(trgt === trgt)) {
      undefinedTarget++;
      continue;
    }
    nDefined++;
    if (trgt < minRet) {
      belowMin++;
      continue;
    }
    const s = side ? side[t0] : 1;
    if (s === 0) {
      noSide++;
      continue;
    }
    const c0 = close[t0];
    const up = ptM > 0 ? ptM * trgt : Infinity;
    const dn = slM > 0 ? slM * trgt : Infinity;
    const last = Math.min(t0 + hMax, n - 1);
    let jHit = -1;
    let bHit = 0;
    let rHit = 0;
    let amb = false;
    if (!highLow) {
      for (let j = t0 + 1; j <= last; j++) {
        const r = (close[j] / c0 - 1) * s;
        if (r > up) { jHit = j; bHit = 1; rHit = r; break; }
        if (r < -dn) { jHit = j; bHit = -1; rHit = r; break; }
      }
    } else {
      const fav = s > 0 ? high : low;
      const adv = s > 0 ? low : high;
      for (let j = t0 + 1; j <= last; j++) {
        const ptHit = (fav[j] / c0 - 1) * s > up;
        const slHit = (adv[j] / c0 - 1) * s < -dn;
        if (ptHit && slHit) { jHit = j; amb = true; bHit = slFirst ? -1 : 1; rHit = slFirst ? -dn : up; break; }
        if (ptHit) { jHit = j; bHit = 1; rHit = up; break; }
        if (slHit) { jHit = j; bHit = -1; rHit = -dn; break; }
      }
    }
    for (let k = 0; k < H; k++) {
      const tv = t0 + horizons[k];
      if (tv > n - 1) {
        beyond[k]++;
        continue;
      }
      const i = counts[k]++;
      t0s[k][i] = t0;
      tg[k][i] = trgt;
      if (jHit >= 0 && jHit <= tv) {
        t1s[k][i] = jHit;
        bs[k][i] = bHit;
        rs[k][i] = rHit;
        if (amb) ambiguous[k]++;
      } else {
        t1s[k][i] = tv;
        bs[k][i] = 0;
        rs[k][i] = (close[tv] / c0 - 1) * s;
      }
    }
  }
  return horizons.map((horizon, k) => {
    const m = counts[k];
    const t0Idx = t0s[k].slice(0, m);
    const t1Idx = t1s[k].slice(0, m);
    const barrier = bs[k].slice(0, m);
    const ret = rs[k].slice(0, m);
    const t0 = new Float64Array(m);
    const t1 = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      t0[i] = ts[t0Idx[i]];
      t1[i] = ts[t1Idx[i]];
    }
    const set: LabelSet = {
      horizon, t0Idx, t1Idx, t0, t1, barrier, ret, label: barrier.slice(), trgt: tg[k].slice(0, m),
      ambiguousBars: ambiguous[k],
      dropped: { undefined_target: candidates ? undefinedTarget : 0, below_min_return: belowMin, no_side: noSide, beyond_data: beyond[k] },
      candidates: candidates ? nCand : nDefined,
    };
    if (side) {
      const sd = new Int8Array(m);
      const meta = new Int8Array(m);
      for (let i = 0; i < m; i++) {
        sd[i] = side[t0Idx[i]];
        meta[i] = ret[i] > 0 ? 1 : 0;
      }
      set.side = sd;
      set.meta = meta;
    }
    return set;
  });
}
