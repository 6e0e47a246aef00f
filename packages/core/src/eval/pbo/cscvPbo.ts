import { UserInputError } from '../../util/errors.ts';
import { combinations } from '../combinations.ts';
import { quantileSorted } from '../quantile.ts';

/** Options of {@link cscvPbo}. */
export interface CscvOptions {
  /** Number of contiguous blocks S (even, ≥ 2). @default 16 (12,870 combinations) */
  partitions?: number;
}

/** Result of {@link cscvPbo}. Per-combination arrays are indexed by combo_id (itertools.combinations order). */
export interface PboResult {
  /** Rows used: T − (T mod S) (the first T mod S rows are dropped). */
  rowsUsed: number;
  /** Rows per block. */
  blockSize: number;
  partitions: number;
  nStrategies: number;
  nCombinations: number;
  /** Share of combinations with logit λ ≤ 0 (a tie at exactly 0 counts as overfit). */
  pbo: number;
  /** Share of combinations where the selected strategy's OOS Sharpe is < 0. */
  probOosLoss: number;
  /** Logit distribution: mean, sample std (ddof 1) and R-7 quantiles. */
  logit: { mean: number; std: number; q05: number; q25: number; median: number; q75: number; q95: number; min: number; max: number };
  /** OLS of OOS Sharpe on IS Sharpe of the selected strategy across combinations, with Pearson r. */
  degradation: { slope: number; intercept: number; r: number };
  /** In-sample blocks of combo c: isBlocks[c·S/2 .. c·S/2 + S/2). */
  isBlocks: Int32Array;
  /** n*: first column with the best IS Sharpe. */
  bestIs: Int32Array;
  /** OOS rank of n* among the N strategies, 1 (worst) … N (best), ties averaged. */
  oosRank: Float64Array;
  /** ω̄ = oosRank / (N + 1). */
  wBar: Float64Array;
  /** λ = ln(ω̄ / (1 − ω̄)). */
  logits: Float64Array;
  /** IS Sharpe of n*. */
  isSharpe: Float64Array;
  /** OOS Sharpe of n*. */
  oosSharpe: Float64Array;
}

/**
 * cscvPbo(matrix, T, N, {partitions}) — probability of backtest overfitting by combinatorially
 * symmetric cross-validation (Bailey, Borwein, López de Prado & Zhu 2017).
 *
 * matrix: row-major T×N per-period returns of N strategy configurations. The first T mod S rows are
 * dropped, the rest cut into S contiguous blocks of equal size. For each of the C(S, S/2) choices of
 * in-sample blocks (itertools.combinations order) the complement is out-of-sample; the metric is the
 * per-column Sharpe (mean / sample std, ddof 1, not annualised; a column with zero variance has
 * Sharpe NaN and never wins nor outranks anything: NaN is treated as −∞). n* = the first column with
 * the best IS Sharpe; its OOS rank uses average ranks for ties.
 * Per-block sums and sums of squares (around each column's mean, for precision) are computed once,
 * so each combination costs O(S·N).
 */
export function cscvPbo(matrix: Float64Array, T: number, N: number, options: CscvOptions = {}): PboResult {
  const S = options.partitions ?? 16;
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0) throw new UserInputError('partitions', 'expected an even integer ≥ 2', S);
  if (!Number.isInteger(N) || N < 1) throw new Error(`N must be a positive integer; was ${N}`);
  if (matrix.length !== T * N) throw new Error(`matrix must hold T·N = ${T * N} values; had ${matrix.length}`);
  const skip = T % S, L = (T - skip) / S;
  if (L < 2) throw new UserInputError('partitions', `expected at most ${Math.floor(T / 2)} partitions for ${T} rows (each block needs ≥ 2 rows)`, S);
  const half = S / 2;
  // column means over the used rows
  const mu = new Float64Array(N);
  for (let r = skip; r < T; r++) {
    const o = r * N;
    for (let j = 0; j < N; j++) {
      const x = matrix[o + j];
      if (!Number.isFinite(x)) throw new UserInputError(`matrix[${r}, ${j}]`, 'expected a finite return', x);
      mu[j] += x;
    }
  }
  const used = T - skip;
  for (let j = 0; j < N; j++) mu[j] /= used;
  // per-block centred sums and sums of squares, S×N
  const bs = new Float64Array(S * N), bq = new Float64Array(S * N);
  for (let b = 0; b < S; b++) {
    const ob = b * N;
    for (let r = skip + b * L, e = r + L; r < e; r++) {
      const o = r * N;
      for (let j = 0; j < N; j++) { const d = matrix[o + j] - mu[j]; bs[ob + j] += d; bq[ob + j] += d * d; }
    }
  }
  const totS = new Float64Array(N), totQ = new Float64Array(N);
  for (let b = 0; b < S; b++) for (let j = 0; j < N; j++) { totS[j] += bs[b * N + j]; totQ[j] += bq[b * N + j]; }
  const combos = combinations(S, half);
  const C = combos.length / half;
  const cnt = half * L;
  const isS = new Float64Array(N), isQ = new Float64Array(N), oosSr = new Float64Array(N);
  const bestIs = new Int32Array(C), oosRank = new Float64Array(C), wBar = new Float64Array(C), logits = new Float64Array(C);
  const isSharpe = new Float64Array(C), oosSharpe = new Float64Array(C);
  const sharpe = (s: number, q: number, m: number): number => {
    const v = (q - (s * s) / cnt) / (cnt - 1);
    return v > 0 ? (m + s / cnt) / Math.sqrt(v) : NaN;
  };
  for (let c = 0; c < C; c++) {
    isS.fill(0); isQ.fill(0);
    for (let h = 0; h < half; h++) {
      const ob = combos[c * half + h] * N;
      for (let j = 0; j < N; j++) { isS[j] += bs[ob + j]; isQ[j] += bq[ob + j]; }
    }
    let best = -1, bestSr = -Infinity;
    for (let j = 0; j < N; j++) {
      const sr = sharpe(isS[j], isQ[j], mu[j]);
      if (sr > bestSr) { bestSr = sr; best = j; }
      oosSr[j] = sharpe(totS[j] - isS[j], totQ[j] - isQ[j], mu[j]);
    }
    if (best < 0) best = 0; // every IS Sharpe NaN: the first column is selected
    const target = oosSr[best];
    let less = 0, eq = 0;
    const tv = Number.isNaN(target) ? -Infinity : target;
    for (let j = 0; j < N; j++) {
      const v = Number.isNaN(oosSr[j]) ? -Infinity : oosSr[j];
      if (v < tv) less++; else if (v === tv) eq++;
    }
    const rank = less + (eq + 1) / 2;
    const w = rank / (N + 1);
    bestIs[c] = best; oosRank[c] = rank; wBar[c] = w; logits[c] = Math.log(w / (1 - w));
    isSharpe[c] = bestSr === -Infinity ? NaN : bestSr; oosSharpe[c] = target;
  }
  return { rowsUsed: used, blockSize: L, partitions: S, nStrategies: N, nCombinations: C, ...summarize(logits, isSharpe, oosSharpe), isBlocks: combos, bestIs, oosRank, wBar, logits, isSharpe, oosSharpe };
}

function summarize(logits: Float64Array, isSr: Float64Array, oosSr: Float64Array): Pick<PboResult, 'pbo' | 'probOosLoss' | 'logit' | 'degradation'> {
  const C = logits.length;
  let over = 0, loss = 0, s = 0;
  for (let c = 0; c < C; c++) { if (logits[c] <= 0) over++; if (oosSr[c] < 0) loss++; s += logits[c]; }
  const mean = s / C;
  let v = 0;
  for (let c = 0; c < C; c++) v += (logits[c] - mean) ** 2;
  const sorted = Float64Array.from(logits).sort();
  // regression over combinations where both Sharpes are defined
  let n = 0, sx = 0, sy = 0;
  for (let c = 0; c < C; c++) if (Number.isFinite(isSr[c]) && Number.isFinite(oosSr[c])) { n++; sx += isSr[c]; sy += oosSr[c]; }
  const mx = sx / n, my = sy / n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let c = 0; c < C; c++) if (Number.isFinite(isSr[c]) && Number.isFinite(oosSr[c])) {
    const dx = isSr[c] - mx, dy = oosSr[c] - my;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return {
    pbo: over / C,
    probOosLoss: loss / C,
    logit: {
      mean, std: C > 1 ? Math.sqrt(v / (C - 1)) : NaN,
      q05: quantileSorted(sorted, 0.05), q25: quantileSorted(sorted, 0.25), median: quantileSorted(sorted, 0.5),
      q75: quantileSorted(sorted, 0.75), q95: quantileSorted(sorted, 0.95), min: sorted[0], max: sorted[C - 1],
    },
    degradation: { slope, intercept: my - slope * mx, r: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN },
  };
}
