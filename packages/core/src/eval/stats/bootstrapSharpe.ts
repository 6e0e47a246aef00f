import { createRng } from '../../util/rng.ts';
import { quantileSorted } from '../quantile.ts';

/** Options of {@link bootstrapSharpeCi}. */
export interface BootstrapSharpeOptions {
  /** Seed of the generator (same seed → same interval). */
  seed: number;
  /** Number of resamples. @default 2000 */
  resamples?: number;
  /** Two-sided confidence level of the percentile interval. @default 0.95 */
  confidence?: number;
  /** `iid`: draw single periods; `stationary`: Politis–Romano stationary bootstrap (geometric blocks, wrap-around). @default 'stationary' */
  method?: 'iid' | 'stationary';
  /** Mean block length for the stationary bootstrap. @default ⌈n^(1/3)⌉ */
  meanBlock?: number;
}

/** Percentile bootstrap interval of the per-period Sharpe ratio. */
export interface SharpeInterval {
  lower: number;
  upper: number;
  /** Std of the bootstrap Sharpes (a standard error estimate). */
  std: number;
  confidence: number;
  resamples: number;
  method: 'iid' | 'stationary';
  meanBlock: number;
}

/**
 * bootstrapSharpeCi(returns, {seed, resamples, confidence, method, meanBlock}) — percentile confidence
 * interval (R-7 quantiles) of the per-period Sharpe (mean / sample std) over resampled series of the
 * same length. The stationary bootstrap keeps serial dependence within blocks. Non-finite returns are
 * dropped first. Resamples with zero variance are skipped.
 */
export function bootstrapSharpeCi(returns: ArrayLike<number>, options: BootstrapSharpeOptions): SharpeInterval {
  const xs: number[] = [];
  for (let i = 0; i < returns.length; i++) if (Number.isFinite(returns[i])) xs.push(returns[i]);
  const n = xs.length;
  const B = options.resamples ?? 2000, conf = options.confidence ?? 0.95, method = options.method ?? 'stationary';
  const meanBlock = options.meanBlock ?? Math.max(1, Math.ceil(Math.cbrt(n)));
  if (!(conf > 0 && conf < 1)) throw new Error(`confidence must be in (0, 1); was ${conf}`);
  if (!(meanBlock >= 1)) throw new Error(`meanBlock must be ≥ 1; was ${meanBlock}`);
  const empty = { lower: NaN, upper: NaN, std: NaN, confidence: conf, resamples: 0, method, meanBlock };
  if (n < 2) return empty;
  let mu0 = 0;
  for (let i = 0; i < n; i++) mu0 += xs[i];
  mu0 /= n;
  const d = xs.map((x) => x - mu0); // sums around the mean keep the variance precise
  const rng = createRng(options.seed);
  const pNew = method === 'iid' ? 1 : 1 / meanBlock;
  const out = new Float64Array(B);
  let k = 0;
  for (let b = 0; b < B; b++) {
    let s = 0, q = 0, pos = rng.int(n);
    for (let t = 0; t < n; t++) {
      if (t > 0) pos = rng.next() < pNew ? rng.int(n) : (pos + 1) % n;
      const x = d[pos];
      s += x; q += x * x;
    }
    const v = (q - (s * s) / n) / (n - 1);
    if (v > 0) out[k++] = (mu0 + s / n) / Math.sqrt(v);
  }
  if (k === 0) return empty;
  const sorted = out.slice(0, k).sort();
  let m = 0;
  for (let i = 0; i < k; i++) m += sorted[i];
  m /= k;
  let v = 0;
  for (let i = 0; i < k; i++) v += (sorted[i] - m) ** 2;
  const a = (1 - conf) / 2;
  return { lower: quantileSorted(sorted, a), upper: quantileSorted(sorted, 1 - a), std: Math.sqrt(v / Math.max(1, k - 1)), confidence: conf, resamples: k, method, meanBlock };
}
