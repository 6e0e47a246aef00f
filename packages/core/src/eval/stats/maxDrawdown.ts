/** Result of {@link maxDrawdown}. */
export interface MaxDrawdownResult {
  /** Largest peak-to-trough loss as a fraction of the peak, 1 − equity[trough]/equity[peak] (≥ 0). */
  maxDrawdown: number;
  /** Index of the running peak that starts the largest drawdown (−1 when the series is empty). */
  peakIdx: number;
  /** Index of the trough of the largest drawdown (−1 when the series is empty). */
  troughIdx: number;
  /** First index after the trough where equity is back at or above the peak; −1 if never. */
  recoveryIdx: number;
  /**
   * Duration of the largest drawdown in bars: recoveryIdx − peakIdx when it recovered,
   * otherwise (length − 1) − peakIdx (still under water at the end). 0 without a drawdown.
   */
  durationBars: number;
  /** Longest stretch (in bars, peak to recovery or to the end) spent below a previous peak, over all drawdowns. */
  longestUnderwaterBars: number;
}

/**
 * maxDrawdown(equity) over a positive equity curve (e.g. cumprod(1 + r)); one pass.
 * Drawdowns are relative to the running peak; ties keep the earliest trough. Non-finite
 * equity values throw (a broken invariant upstream).
 */
export function maxDrawdown(equity: ArrayLike<number>): MaxDrawdownResult {
  const n = equity.length;
  if (n === 0) return { maxDrawdown: 0, peakIdx: -1, troughIdx: -1, recoveryIdx: -1, durationBars: 0, longestUnderwaterBars: 0 };
  let peak = equity[0], peakAt = 0, under = false;
  let best = 0, bestPeak = 0, bestTrough = 0;
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (!Number.isFinite(e)) throw new Error(`equity[${i}] must be finite; was ${e}`);
    if (e >= peak) {
      if (under && i - peakAt > longest) longest = i - peakAt;
      peak = e; peakAt = i; under = false;
      continue;
    }
    under = true;
    const dd = peak > 0 ? 1 - e / peak : 0;
    if (dd > best) { best = dd; bestPeak = peakAt; bestTrough = i; }
  }
  // open drawdown at the end
  if (under) longest = Math.max(longest, n - 1 - peakAt);
  if (best === 0) return { maxDrawdown: 0, peakIdx: 0, troughIdx: 0, recoveryIdx: -1, durationBars: 0, longestUnderwaterBars: longest };
  let recoveryIdx = -1;
  const p = equity[bestPeak];
  for (let i = bestTrough + 1; i < n; i++) if (equity[i] >= p) { recoveryIdx = i; break; }
  const durationBars = recoveryIdx >= 0 ? recoveryIdx - bestPeak : n - 1 - bestPeak;
  return { maxDrawdown: best, peakIdx: bestPeak, troughIdx: bestTrough, recoveryIdx, durationBars, longestUnderwaterBars: longest };
}

