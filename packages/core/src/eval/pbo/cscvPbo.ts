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
  /**
   * Share of combinations with logit λ ≤ 0 (a tie at exactly 0 counts as overfit), among the
   * C − undefinedIs combinations that have a selected strategy n*; NaN when there is none.
   */
  pbo: number;
  /**
   * Share of combinations whose selected strategy n* has a defined OOS Sharpe that is < 0, among the
   * combinations where n*'s OOS Sharpe is defined (C − undefinedIs − undefinedOos); NaN when there is none.
   * A combination whose n* has no OOS Sharpe (zero OOS variance) is neither a loss nor a gain: it is
   * counted in undefinedOos instead.
   */
  probOosLoss: number;
  /** Combinations whose selected n* has an undefined (NaN, zero-variance) OOS Sharpe; excluded from probOosLoss. */
  undefinedOos: number;
  /**
   * Combinations where no column has a defined IS Sharpe, so no n* exists: bestIs = −1 and oosRank,
   * wBar, logits, isSharpe, oosSharpe are NaN there; excluded from pbo, probOosLoss, the logit
   * distribution and the degradation regression.
   */
  undefinedIs: number;
  /** Logit distribution over the combinations with an n*: mean, sample std (ddof 1) and R-7 quantiles. */
  logit: { mean: number; std: number; q05: number; q25: number; median: number; q75: number; q95: number; min: number; max: number };
  /** OLS of OOS Sharpe on IS Sharpe of the selected strategy across combinations, with Pearson r. */
  degradation: { slope: number; intercept: number; r: number };
  /** In-sample blocks of combo c: isBlocks[c·S/2 .. c·S/2 + S/2). */
  isBlocks: Int32Array;
  /** n*: first column with the best IS Sharpe; −1 when no column has a defined IS Sharpe. */
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
 * Undefined Sharpes are reported, never silently scored: a combination where no column has a defined IS
 * Sharpe has no n* (counted in `undefinedIs`, left out of pbo's numerator and denominator and of every
 * other summary); a combination whose n* has no OOS Sharpe is counted in `undefinedOos` and left out of
 * `probOosLoss` (it is neither a loss nor a gain), while pbo still ranks it as the worst OOS.
 * Per-block sums and sums of squares (around a per-column pivot, for precision) are computed once;
 * each combination costs at most O(S·N) (prefix sums shared with the previous combination, and a
 * combination and its complement computed together). Argmax and ranks compare sign(SR)·SR², which orders
 * columns exactly as SR does without a square root per column.
 */
export function cscvPbo(matrix: Float64Array, T: number, N: number, options: CscvOptions = {}): PboResult {
  const S = options.partitions ?? 16;
  if (!Number.isInteger(S) || S < 2 || S > 24 || S % 2 !== 0) throw new UserInputError('partitions', 'expected an even integer in [2, 24] (C(24, 12) = 2.7M combinations)', S);
  if (!Number.isInteger(N) || N < 1) throw new Error(`N must be a positive integer; was ${N}`);
  if (matrix.length !== T * N) throw new Error(`matrix must hold T·N = ${T * N} values; had ${matrix.length}`);
  const skip = T % S, L = (T - skip) / S;
  if (L < 2) throw new UserInputError('partitions', `expected at most ${Math.floor(T / 2)} partitions for ${T} rows (each block needs ≥ 2 rows)`, S);
  const half = S / 2, used = T - skip;
  // pivot per column = mean of block 0; all sums are taken around it (variance is shift-invariant)
  const pv = new Float64Array(N);
  for (let r = skip; r < skip + L; r++) for (let j = 0; j < N; j++) pv[j] += matrix[r * N + j];
  for (let j = 0; j < N; j++) pv[j] /= L;
  // per-block centred sums and sums of squares, S×N, one pass over the matrix
  const bs = new Float64Array(S * N), bq = new Float64Array(S * N);
  for (let b = 0; b < S; b++) {
    const ob = b * N;
    let r = skip + b * L;
    const e = r + L;
    for (; r + 4 <= e; r += 4) accumulateFourRows(matrix, r * N, pv, bs, bq, ob, N);
    for (; r < e; r++) accumulateRow(matrix, r * N, pv, bs, bq, ob, N);
  }
  const totS = new Float64Array(N), totQ = new Float64Array(N);
  for (let b = 0; b < S; b++) for (let j = 0; j < N; j++) {
    const x = bs[b * N + j];
    if (!Number.isFinite(x) || !Number.isFinite(bq[b * N + j])) throw new UserInputError(`matrix[block ${b}, column ${j}]`, 'expected finite returns', x);
    totS[j] += x; totQ[j] += bq[b * N + j];
  }
  const combos = combinations(S, half);
  const C = combos.length / half;
  // The complement of a combination is also a combination with IS/OOS swapped. Lexicographic order
  // puts every combination containing block 0 first (exactly C/2 of them), so each pair is computed once.
  const maskOf = (c: number): number => {
    let mask = 0;
    for (let h = 0; h < half; h++) mask |= 1 << combos[c * half + h];
    return mask;
  };
  const table = S <= 20 ? new Int32Array(1 << S).fill(-1) : null;
  const indexOfMask = new Map<number, number>();
  for (let c = 0; c < C; c++) if (table) table[maskOf(c)] = c; else indexOfMask.set(maskOf(c), c);
  const full = (1 << S) - 1;
  const cnt = half * L;
  // prefix partial sums over the combination's blocks, PS[d] = Σ_{h ≤ d} block[combo[h]], reused across
  // consecutive combinations that share a prefix
  const PS = new Float64Array(half * N), PQ = new Float64Array(half * N);
  const srA = new Float64Array(N), srB = new Float64Array(N);
  const bestIs = new Int32Array(C), oosRank = new Float64Array(C), wBar = new Float64Array(C), logits = new Float64Array(C);
  const isSharpe = new Float64Array(C), oosSharpe = new Float64Array(C);
  const out: ComboOutputs = { bestIs, oosRank, wBar, logits };
  const prev = new Int32Array(half).fill(-1);
  for (let c = 0; c < C / 2; c++) {
    let d0 = 0;
    while (d0 < half && combos[c * half + d0] === prev[d0]) d0++;
    for (let d = d0; d < half; d++) {
      const b = combos[c * half + d];
      prev[d] = b;
      addBlock(PS, PQ, d * N, bs, bq, b * N, N, d === 0);
    }
    const ol = (half - 1) * N;
    sharpeKeys(PS, PQ, ol, totS, totQ, pv, cnt, srA, srB);
    const comp = full ^ maskOf(c);
    const cc = table ? table[comp] : indexOfMask.get(comp) ?? -1;
    if (cc < 0) throw new Error(`complement of combination ${c} not found`);
    const b1 = evaluateCombo(c, srA, srB, N, out);
    isSharpe[c] = b1 < 0 ? NaN : sharpeFromSums(PS[ol + b1], PQ[ol + b1], pv[b1], cnt);
    oosSharpe[c] = b1 < 0 ? NaN : sharpeFromSums(totS[b1] - PS[ol + b1], totQ[b1] - PQ[ol + b1], pv[b1], cnt);
    const b2 = evaluateCombo(cc, srB, srA, N, out);
    isSharpe[cc] = b2 < 0 ? NaN : sharpeFromSums(totS[b2] - PS[ol + b2], totQ[b2] - PQ[ol + b2], pv[b2], cnt);
    oosSharpe[cc] = b2 < 0 ? NaN : sharpeFromSums(PS[ol + b2], PQ[ol + b2], pv[b2], cnt);
  }
  return { rowsUsed: used, blockSize: L, partitions: S, nStrategies: N, nCombinations: C, ...summarize(bestIs, logits, isSharpe, oosSharpe), isBlocks: combos, bestIs, oosRank, wBar, logits, isSharpe, oosSharpe };
}

/** bs[ob..] += x − pivot, bq[ob..] += (x − pivot)² for one row (a small hot function the JIT optimises early). */
function accumulateRow(matrix: Float64Array, o: number, pv: Float64Array, bs: Float64Array, bq: Float64Array, ob: number, N: number): void {
  for (let j = 0; j < N; j++) { const d = matrix[o + j] - pv[j]; bs[ob + j] += d; bq[ob + j] += d * d; }
}

/** accumulateRow for four consecutive rows at once: a quarter of the loads/stores on bs and bq. */
function accumulateFourRows(matrix: Float64Array, o: number, pv: Float64Array, bs: Float64Array, bq: Float64Array, ob: number, N: number): void {
  const o1 = o + N, o2 = o1 + N, o3 = o2 + N;
  for (let j = 0; j < N; j++) {
    const p = pv[j];
    const a = matrix[o + j] - p, b = matrix[o1 + j] - p, c = matrix[o2 + j] - p, d = matrix[o3 + j] - p;
    bs[ob + j] += (a + b) + (c + d);
    bq[ob + j] += (a * a + b * b) + (c * c + d * d);
  }
}

interface ComboOutputs {
  bestIs: Int32Array; oosRank: Float64Array; wBar: Float64Array; logits: Float64Array;
}

/** P[od..] = (first ? 0 : P[od−N..]) + block[ob..], for sums and sums of squares. */
function addBlock(PS: Float64Array, PQ: Float64Array, od: number, bs: Float64Array, bq: Float64Array, ob: number, N: number, first: boolean): void {
  if (first) {
    for (let j = 0; j < N; j++) { PS[j] = bs[ob + j]; PQ[j] = bq[ob + j]; }
    return;
  }
  const op = od - N;
  for (let j = 0; j < N; j++) { PS[od + j] = PS[op + j] + bs[ob + j]; PQ[od + j] = PQ[op + j] + bq[ob + j]; }
}

/**
 * Ranking keys of every column's Sharpe on the IS half (prefix at ol) and on its complement:
 * key = sign(SR)·SR² = sign(mean)·mean²/var, a strictly increasing function of SR = mean/√var, so argmax and
 * ranks are those of the Sharpe itself without a square root per column; NaN when var ≤ 0.
 */
function sharpeKeys(PS: Float64Array, PQ: Float64Array, ol: number, totS: Float64Array, totQ: Float64Array, pv: Float64Array, cnt: number, keyA: Float64Array, keyB: Float64Array): void {
  const N = pv.length, inv = 1 / cnt, invDof = 1 / (cnt - 1);
  for (let j = 0; j < N; j++) {
    const s = PS[ol + j], q = PQ[ol + j], s2 = totS[j] - s, q2 = totQ[j] - q;
    const v = (q - s * s * inv) * invDof, v2 = (q2 - s2 * s2 * inv) * invDof;
    const m = pv[j] + s * inv, m2 = pv[j] + s2 * inv;
    keyA[j] = v > 0 ? (m * Math.abs(m)) / v : NaN;
    keyB[j] = v2 > 0 ? (m2 * Math.abs(m2)) / v2 : NaN;
  }
}

/** Sharpe = mean / sample std from centred sums around the pivot; NaN when the variance is not positive. */
function sharpeFromSums(s: number, q: number, pivot: number, cnt: number): number {
  const v = (q - (s * s) / cnt) / (cnt - 1);
  return v > 0 ? (pivot + s / cnt) / Math.sqrt(v) : NaN;
}

/**
 * n* = first best IS column (NaN never wins); OOS rank with ties averaged (NaN ranks as −∞); ω̄ and logit.
 * Returns n*, or −1 (rank, ω̄ and logit NaN) when no column has a defined IS Sharpe.
 */
function evaluateCombo(c: number, isKey: Float64Array, oosKey: Float64Array, N: number, out: ComboOutputs): number {
  let best = -1, bestKey = -Infinity;
  for (let j = 0; j < N; j++) { const v = isKey[j]; if (v > bestKey || (best < 0 && v === -Infinity)) { bestKey = v; best = j; } }
  if (best < 0) {
    out.bestIs[c] = -1; out.oosRank[c] = NaN; out.wBar[c] = NaN; out.logits[c] = NaN;
    return -1;
  }
  const target = oosKey[best];
  const tv = Number.isNaN(target) ? -Infinity : target;
  let less = 0, eq = 0;
  for (let j = 0; j < N; j++) {
    const raw = oosKey[j], v = Number.isNaN(raw) ? -Infinity : raw;
    if (v < tv) less++; else if (v === tv) eq++;
  }
  const rank = less + (eq + 1) / 2;
  const w = rank / (N + 1);
  out.bestIs[c] = best; out.oosRank[c] = rank; out.wBar[c] = w; out.logits[c] = Math.log(w / (1 - w));
  return best;
}

/**
 * Summary over combinations. Combinations without an n* (bestIs −1: no defined IS Sharpe) are left out
 * of everything and counted in undefinedIs; those whose n* has no OOS Sharpe are left out of
 * probOosLoss and counted in undefinedOos (they stay in pbo, ranked as the worst OOS).
 */
function summarize(bestIs: Int32Array, logits: Float64Array, isSr: Float64Array, oosSr: Float64Array): Pick<PboResult, 'pbo' | 'probOosLoss' | 'undefinedOos' | 'undefinedIs' | 'logit' | 'degradation'> {
  const C = logits.length;
  let over = 0, loss = 0, s = 0, undefinedIs = 0, undefinedOos = 0;
  for (let c = 0; c < C; c++) {
    if (bestIs[c] < 0) { undefinedIs++; continue; }
    if (logits[c] <= 0) over++;
    if (Number.isNaN(oosSr[c])) undefinedOos++; else if (oosSr[c] < 0) loss++;
    s += logits[c];
  }
  const n1 = C - undefinedIs, nOos = n1 - undefinedOos;
  const mean = n1 > 0 ? s / n1 : NaN;
  let v = 0;
  const sorted = new Float64Array(n1);
  for (let c = 0, k = 0; c < C; c++) if (bestIs[c] >= 0) { v += (logits[c] - mean) ** 2; sorted[k++] = logits[c]; }
  sorted.sort();
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
  const q = (p: number): number => quantileSorted(sorted, p); // NaN when empty
  return {
    pbo: n1 > 0 ? over / n1 : NaN,
    probOosLoss: nOos > 0 ? loss / nOos : NaN,
    undefinedOos, undefinedIs,
    logit: {
      mean, std: n1 > 1 ? Math.sqrt(v / (n1 - 1)) : NaN,
      q05: q(0.05), q25: q(0.25), median: q(0.5), q75: q(0.75), q95: q(0.95), min: n1 > 0 ? sorted[0] : NaN, max: n1 > 0 ? sorted[n1 - 1] : NaN,
    },
    degradation: { slope, intercept: my - slope * mx, r: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN },
  };
}
