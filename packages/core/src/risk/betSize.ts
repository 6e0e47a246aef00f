import { normalCdf } from '../eval/stats/normal.ts';
import { UserInputError } from '../util/errors.ts';

/**
 * betSizeFromProbability(p) – AFML (López de Prado 2018) §10.3 bet size from the predicted probability
 * p of the predicted outcome, two classes: z = (p − ½)/√(p(1 − p)), m = 2Φ(z) − 1 ∈ [0, 1) for p ≥ ½
 * (negative below ½). Multiply by the side (±1) to get a signed size.
 * p = ½ → 0; p = 1 → 1; p = 0 → −1; NaN when p is not in [0, 1].
 */
export function betSizeFromProbability(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 1) return 1;
  if (p === 0) return -1;
  const z = (p - 0.5) / Math.sqrt(p * (1 - p));
  return 2 * normalCdf(z) - 1;
}

/**
 * averageActiveBets(start, end, size, nBars) – per bar t, the mean of the signed sizes of the bets
 * active at t (start_i ≤ t < end_i), 0 when none (AFML's avgActiveSignals, §10.4). Bets need not be
 * sorted; a bet with end ≤ start is never active; end past nBars is cut at nBars. O(n + nBars): a
 * difference array of sums and one of counts, each accumulated once.
 *
 * Causality: `end` MUST be known at `start` – e.g. the vertical barrier start + maxHold – never the
 * barrier touch time. The touch time comes from prices after the bet is opened (it is the label's
 * future), so averaging with it lets the size at bar t depend on whether a barrier is hit at t, i.e.
 * on bar t's own path: look-ahead. With a fixed holding period every bet's active span is decided
 * when it is opened.
 */
export function averageActiveBets(start: Int32Array, end: Int32Array, size: Float64Array, nBars: number): Float64Array {
  const n = start.length;
  if (end.length !== n || size.length !== n) throw new Error(`start, end and size must have the same length; were ${n}, ${end.length}, ${size.length}`);
  if (!Number.isInteger(nBars) || nBars < 0) throw new Error(`nBars must be a non-negative integer; was ${nBars}`);
  const sum = new Float64Array(nBars + 1), count = new Int32Array(nBars + 1);
  for (let i = 0; i < n; i++) {
    const s = start[i], e = Math.min(end[i], nBars), x = size[i];
    if (s < 0) throw new Error(`start[${i}] must be ≥ 0; was ${s}`);
    if (!Number.isFinite(x)) throw new Error(`size[${i}] must be finite; was ${x}`);
    if (e <= s) continue;
    sum[s] += x; sum[e] -= x; count[s]++; count[e]--;
  }
  const out = new Float64Array(nBars);
  let runSum = 0, runCount = 0;
  for (let t = 0; t < nBars; t++) {
    runSum += sum[t]; runCount += count[t];
    out[t] = runCount > 0 ? runSum / runCount : 0;
    if (runCount === 0) runSum = 0; // drop rounding residue between separate groups of bets
  }
  return out;
}

/**
 * discreteBetSize(m, step) – AFML's discreteSignal (§10.5): round(m/step)·step clipped to [−1, 1], to
 * avoid trading on tiny size changes. Halves round to even, as pandas/numpy `round` does, so a long
 * and a short of the same magnitude get the same magnitude. NaN stays NaN. step must be in (0, 1].
 */
export function discreteBetSize(m: number, step: number): number {
  if (!(step > 0 && step <= 1)) throw new UserInputError('step', 'expected a number in (0, 1]', step);
  const k = roundHalfEven(m / step) * step;
  return k > 1 ? 1 : k < -1 ? -1 : k === 0 ? 0 : k; // no −0
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
