import type { Rng } from '../util/rng.ts';

/**
 * drawFillFraction(rng, fullFillProb) – the partial-fill model: with probability fullFillProb the
 * order fills completely (1); otherwise a uniform random fraction in [0, 1). One draw decides
 * full vs partial and a second gives the fraction, both from the seeded rng.
 */
export function drawFillFraction(rng: Rng, fullFillProb: number): number {
  if (rng.next() < fullFillProb) return 1;
  return rng.next();
}

/**
 * participationCap(refVolume, maxPct) – the most a single bar can fill under a volume participation
 * cap: maxPct × the reference volume (base units). The bar engine passes the mean volume of the
 * `lookback` bars BEFORE the fill bar (volume known when the order is sent), never the fill bar's own
 * volume. Infinity when the cap is off or no reference volume is known yet (NaN: no earlier bar).
 */
export function participationCap(refVolume: number, maxPct: number | null): number {
  if (maxPct === null || Number.isNaN(refVolume)) return Infinity;
  return Math.max(0, maxPct * refVolume);
}
